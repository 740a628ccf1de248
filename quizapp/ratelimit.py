"""Throttles: tries counted per key in fixed windows, in the database every worker and server shares.

A try is counted before it is checked (take) and given back if it succeeds (give_back), so
concurrent tries queue on one counter row instead of all reading the same old count. Keys are
keyed hashes (HMAC with a key derived from the app's secret): no raw email or address is stored, and
nobody without the secret can tell which address or email a stored key stands for.

A limit can be an alarm rather than a stop (`alarm=True`): it never refuses anyone by itself, but
while it is used up, every limit with a `busy_most` is held to that smaller number. The site-wide
count of wrong codes works so: an attacker spreading guesses over many addresses can never shut the
code box for a patient whose address has not missed (their first tries always get through).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import math
from dataclasses import dataclass

from flask import current_app, request

from . import clock
from .store import throttle

EPOCH = dt.datetime(1970, 1, 1)


@dataclass(frozen=True)
class Limit:
    """At most `most` counted tries for `key` in each window of `minutes` (`busy_most` while an alarm is up)."""
    bucket: str
    key: str
    most: int
    minutes: int
    busy_most: int | None = None
    alarm: bool = False

    def window(self) -> dt.datetime:
        """Return when the current window began (windows are aligned to the epoch)."""
        seconds = int((clock.now() - EPOCH).total_seconds())
        return EPOCH + dt.timedelta(seconds=seconds - seconds % (self.minutes * 60))


def key(*parts: str) -> str:
    """Return a fixed-length keyed hash that never stores the raw email or address (nor lets it be guessed back)."""
    message = "\x1f".join(p.lower() for p in parts).encode()
    return hmac.new(_hash_key(), message, hashlib.sha256).hexdigest()[:40]


def _hash_key() -> bytes:
    """The key for throttle and log fingerprints: derived from the app's secret, never the secret itself."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"quizapp fingerprints v1", hashlib.sha256).digest()


def per_address(bucket: str, most: int, minutes: int) -> Limit:
    """A budget for the network this request comes from (its address, or its /64 for IPv6)."""
    return Limit(bucket, key(bucket, network(request.remote_addr)), most, minutes)


def network(remote_addr: str | None) -> str:
    """Return the network one client controls: the address for IPv4, its /64 for IPv6."""
    try:
        ip = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return remote_addr or ""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _refused(limits: list[Limit], counts: dict[Limit, int], allowed: int) -> Limit | None:
    """Return the first stop whose count is more than it allows (`allowed` 0: the next try would be one too many;
    1: the try just counted is one too many). An alarm that is used up holds stops to their busy number."""
    busy = any(counts[lim] + allowed > lim.most for lim in limits if lim.alarm)
    for lim in limits:
        if lim.alarm:
            continue
        most = lim.busy_most if busy and lim.busy_most is not None else lim.most
        if counts[lim] + allowed > most:
            return lim
    return None


def over(s, limits: list[Limit]) -> Limit | None:
    """Return the first limit already used up, reading only (a refused try writes nothing)."""
    counts = {lim: throttle.count(s, lim.bucket, lim.key, lim.window()) for lim in limits}
    return _refused(limits, counts, 1)


def take(s, limits: list[Limit]) -> Limit | None:
    """Count one try on every limit; if that puts one over, give them all back and return it."""
    ordered = sorted(limits, key=lambda lim: (lim.bucket, lim.key))  # one order everywhere: no deadlock
    counts = {lim: throttle.bump(s, lim.bucket, lim.key, lim.window()) for lim in ordered}
    refused = _refused(limits, counts, 0)
    if refused is not None:
        give_back(s, limits)
    return refused


def alarm_up(s, limits: list[Limit]) -> bool:
    """Tell whether an alarm among the limits is used up in its current window (for the log)."""
    return any(throttle.count(s, lim.bucket, lim.key, lim.window()) >= lim.most for lim in limits if lim.alarm)


def days_to_guess(bits: int, live: int, addresses: int, per_window: int, minutes: int, extra_per_window: int = 0
                  ) -> float:
    """Expected days until an attacker guesses any one of `live` codes of `bits` random bits, trying
    `per_window` codes from each of `addresses` networks (plus `extra_per_window` overall) every window."""
    guesses_per_day = (addresses * per_window + extra_per_window) * (24 * 60 / minutes)
    return math.ldexp(1.0, bits) / live / guesses_per_day


def give_back(s, limits: list[Limit]) -> None:
    """Uncount a try that did not fail (a right code, a right password)."""
    for lim in sorted(limits, key=lambda lim: (lim.bucket, lim.key)):
        throttle.unbump(s, lim.bucket, lim.key, lim.window())


def clear(s, limit: Limit) -> None:
    """Forget a key's counted tries."""
    throttle.forget(s, limit.bucket, limit.key)
