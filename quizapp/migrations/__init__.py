"""Alembic migrations, run from our own CLI so operators need no alembic.ini.

Alembic is imported only when a migration runs, so web workers never load it.
"""
from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)


def heads() -> set[str]:
    """Return the newest revision(s) of the scripts, read from their text: a readiness check needs no Alembic."""
    revisions, downs = set(), set()
    for script in (HERE / "versions").glob("*.py"):
        text = script.read_text()
        revisions.update(_REVISION.findall(text))
        downs.update(_DOWN.findall(text))
    return revisions - downs


def alembic_config(url: str):
    """Build an Alembic config pointing at our scripts and this database URL."""
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Create or upgrade the schema to the given revision."""
    from alembic import command
    command.upgrade(alembic_config(url), revision)


def current(url: str) -> str | None:
    """Return the revision the database is at, or None when it has no schema yet."""
    import sqlalchemy as sa
    from alembic.runtime.migration import MigrationContext
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
