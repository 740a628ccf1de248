"""One place that says what time it is (naive UTC), so tests can move the clock."""
from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """Return the current time in UTC without tzinfo, as every table stores it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def today() -> dt.date:
    """Return today's date in UTC."""
    return now().date()
