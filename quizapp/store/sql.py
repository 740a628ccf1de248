"""Statements every part of the store shares: dialect-aware upserts and random public ids."""
from __future__ import annotations

import functools
import secrets
from typing import cast

import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.dialects import postgresql, sqlite


def new_public_id() -> str:
    """Return a random id for URLs and cookies (128 bits)."""
    return secrets.token_urlsafe(16)


def upsert(s: orm.Session, table):
    """Return an INSERT that can handle conflicts on this database's dialect."""
    return postgresql.insert(table) if s.get_bind().dialect.name == "postgresql" else sqlite.insert(table)


def insert_ignore(s: orm.Session, model, values: dict, keys: list[str]) -> bool:
    """Insert one row unless one with the same keys exists; tell whether it was inserted."""
    stmt = _insert_ignore(s.get_bind().dialect.name, model.__table__, tuple(keys))
    return s.connection().execute(stmt, values).first() is not None


@functools.lru_cache(maxsize=64)
def _insert_ignore(dialect: str, table, keys: tuple[str, ...]):
    """Build an insert-or-ignore once per table and key: building it cost more than running it (the values are
    bound at each run)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing(index_elements=list(keys)).returning(*table.primary_key.columns)


def table(model) -> sa.Table:
    """Return a model's table, typed as the Core table it is."""
    return cast(sa.Table, model.__table__)


def changed(result) -> int:
    """Return how many rows an UPDATE or DELETE changed."""
    return cast(sa.CursorResult, result).rowcount
