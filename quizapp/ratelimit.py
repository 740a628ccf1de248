"""Counting failures in a window, in the database every worker and server shares."""
from __future__ import annotations

import datetime as dt
import hashlib

from . import clock
from .store import throttle


def key(*parts: str) -> str:
    """Return a fixed-length key that never stores the raw email or address."""
    return hashlib.sha256("\x1f".join(p.lower() for p in parts).encode()).hexdigest()[:40]


def is_over(s, bucket: str, k: str, limit: int, window_minutes: int) -> bool:
    """Tell whether this key has used up its tries in the window."""
    since = clock.now() - dt.timedelta(minutes=window_minutes)
    return throttle.rate_count(s, bucket, k, since) >= limit


def hit(s, bucket: str, k: str) -> None:
    """Count one failure for this key."""
    throttle.rate_hit(s, bucket, k)
