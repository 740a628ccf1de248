"""Throttles: tries counted per key in fixed windows, in the database every worker and server shares.

A try is counted before it is checked (take) and given back if it succeeds (give_back), so
concurrent tries queue on one counter row instead of all reading the same old count. Keys are
hashes: no raw email or address is stored.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from dataclasses import dataclass

from . import clock
from .store import throttle

EPOCH = dt.datetime(1970, 1, 1)


@dataclass(frozen=True)
class Limit:
    """At most `most` counted tries for `key` in each window of `minutes`."""
    bucket: str
    key: str
    most: int
    minutes: int

    def window(self) -> dt.datetime:
        """Return when the current window began (windows are aligned to the epoch)."""
        seconds = int((clock.now() - EPOCH).total_seconds())
        return EPOCH + dt.timedelta(seconds=seconds - seconds % (self.minutes * 60))


def key(*parts: str) -> str:
    """Return a fixed-length key that never stores the raw email or address."""
    return hashlib.sha256("\x1f".join(p.lower() for p in parts).encode()).hexdigest()[:40]


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


def over(s, limits: list[Limit]) -> Limit | None:
    """Return the first limit already used up, reading only (a refused try writes nothing)."""
    return next((lim for lim in limits if throttle.count(s, lim.bucket, lim.key, lim.window()) >= lim.most), None)


def take(s, limits: list[Limit]) -> Limit | None:
    """Count one try on every limit; if that puts one over, give them all back and return it."""
    ordered = sorted(limits, key=lambda lim: (lim.bucket, lim.key))  # one order everywhere: no deadlock
    counts = {lim: throttle.bump(s, lim.bucket, lim.key, lim.window()) for lim in ordered}
    refused = next((lim for lim in limits if counts[lim] > lim.most), None)
    if refused is not None:
        give_back(s, limits)
    return refused


def give_back(s, limits: list[Limit]) -> None:
    """Uncount a try that did not fail (a right code, a right password)."""
    for lim in sorted(limits, key=lambda lim: (lim.bucket, lim.key)):
        throttle.unbump(s, lim.bucket, lim.key, lim.window())


def clear(s, limit: Limit) -> None:
    """Forget a key's counted tries."""
    throttle.forget(s, limit.bucket, limit.key)
