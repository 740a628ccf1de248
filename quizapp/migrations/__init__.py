"""Alembic migrations, run from our own CLI so operators need no alembic.ini."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

HERE = Path(__file__).resolve().parent


def alembic_config(url: str) -> Config:
    """Build an Alembic config pointing at our scripts and this database URL."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Create or upgrade the schema to the given revision."""
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
