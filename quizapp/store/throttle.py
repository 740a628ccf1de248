"""Counted failures (bad sign-ins, wrong codes) in storage every worker and server shares.

One row per (bucket, key, window), bumped with an upsert that returns the new count, so concurrent
requests on PostgreSQL queue on the row instead of all reading the same old count.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import orm

from ..models import RateCounter
from .sql import changed, table, upsert

_T = table(RateCounter)


def count(s: orm.Session, bucket: str, key: str, window_start: dt.datetime) -> int:
    """Return a key's count in a window (0 when nothing was counted)."""
    return s.scalar(sa.select(RateCounter.n).where(RateCounter.bucket == bucket, RateCounter.key == key,
                                                   RateCounter.window_start == window_start)) or 0


def bump(s: orm.Session, bucket: str, key: str, window_start: dt.datetime) -> int:
    """Add one to a key's count in a window and return the new count, atomically."""
    stmt = upsert(s, _T).values(bucket=bucket, key=key, window_start=window_start, n=1)
    stmt = stmt.on_conflict_do_update(index_elements=[_T.c.bucket, _T.c.key, _T.c.window_start],
                                      set_={"n": _T.c.n + 1}).returning(_T.c.n)
    return s.connection().execute(stmt).scalar_one()


def unbump(s: orm.Session, bucket: str, key: str, window_start: dt.datetime) -> None:
    """Take one back from a key's count (the try it was counted for did not fail)."""
    s.connection().execute(sa.update(_T).where(_T.c.bucket == bucket, _T.c.key == key,
                                               _T.c.window_start == window_start, _T.c.n > 0)
                           .values(n=_T.c.n - 1))


def forget(s: orm.Session, bucket: str, key: str) -> None:
    """Forget every count of a key (a successful sign-in clears its earlier typos)."""
    s.connection().execute(sa.delete(_T).where(_T.c.bucket == bucket, _T.c.key == key))


def purge_rate_events(s: orm.Session, before: dt.datetime) -> int:
    """Forget counts of windows that started before a moment."""
    return changed(s.connection().execute(sa.delete(_T).where(_T.c.window_start < before)))
