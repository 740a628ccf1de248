"""Fresh test databases: a SQLite file per test, or a PostgreSQL database cloned from a migrated template."""
from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

import sqlalchemy as sa

from quizapp import migrations

POSTGRES_ADMIN_URL = os.environ.get("QUIZAPP_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_ADMIN_URL else [])
_template: dict[str, str] = {}


def _admin() -> sa.Engine:
    """Connect to the PostgreSQL maintenance database with autocommit (CREATE DATABASE needs it)."""
    return sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def _with_database(url: str, name: str) -> str:
    """Return the admin URL pointing at another database."""
    return sa.engine.make_url(url).set(database=name).render_as_string(hide_password=False)


def _postgres_template() -> str:
    """Create (once per test run) a migrated template database and return its name."""
    if "name" not in _template:
        name = f"quizapp_tpl_{os.getpid()}_{secrets.token_hex(3)}"
        with _admin().connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        migrations.upgrade(_with_database(POSTGRES_ADMIN_URL, name))
        _template["name"] = name
    return _template["name"]


def fresh_url(backend: str, tmp_path: Path) -> str:
    """Return the URL of an empty, migrated database of the given kind."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
        migrations.upgrade(url)
        return url
    name = f"quizapp_t_{secrets.token_hex(6)}"
    with _admin().connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{_postgres_template()}"')
    return _with_database(POSTGRES_ADMIN_URL, name)


def drop(url: str) -> None:
    """Drop a PostgreSQL test database (SQLite files go with tmp_path)."""
    if not url.startswith("postgresql"):
        return
    name = sa.engine.make_url(url).database
    for attempt in range(50):
        try:
            with _admin().connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except sa.exc.ProgrammingError:
            # FORCE cannot end a server-owned backend (autovacuum visiting the new database): wait for it.
            if attempt == 49:
                raise
            time.sleep(0.1)


def drop_template() -> None:
    """Drop the template at the end of the run."""
    if "name" in _template:
        drop(_with_database(POSTGRES_ADMIN_URL, _template.pop("name")))
