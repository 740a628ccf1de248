"""Counted failures (bad sign-ins, wrong codes) in storage every worker and server shares."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import orm

from .. import clock
from ..models import RateEvent


def rate_count(s: orm.Session, bucket: str, key: str, since: dt.datetime) -> int:
    """Count events for a key since a moment."""
    return s.scalar(sa.select(sa.func.count()).select_from(RateEvent)
                    .where(RateEvent.bucket == bucket, RateEvent.key == key, RateEvent.at >= since)) or 0


def rate_hit(s: orm.Session, bucket: str, key: str) -> None:
    """Record one event for a key."""
    s.add(RateEvent(bucket=bucket, key=key, at=clock.now()))


def purge_rate_events(s: orm.Session, before: dt.datetime) -> int:
    """Forget counted events older than a moment."""
    return s.execute(sa.delete(RateEvent).where(RateEvent.at < before)).rowcount
