"""What the readiness check asks the database: is it there, and which schema revision does it hold."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm


def ping(s: orm.Session) -> None:
    """Run the smallest query there is (raises when the database cannot be reached)."""
    s.connection().execute(sa.text("SELECT 1"))


def schema_revisions(s: orm.Session) -> set[str]:
    """Return the migration revisions the database is at (none when it has no schema yet)."""
    inspector = sa.inspect(s.connection())
    if not inspector.has_table("alembic_version"):
        return set()
    return {r[0] for r in s.connection().execute(sa.text("SELECT version_num FROM alembic_version"))}
