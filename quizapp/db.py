"""Database engine, one session per request, SQLite safety settings and short write transactions."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

import sqlalchemy as sa
from flask import Flask, current_app, g
from sqlalchemy import event, orm
from sqlalchemy.exc import OperationalError

T = TypeVar("T")


class DatabaseBusy(Exception):
    """The database stayed locked past the timeout, even after a retry."""


@dataclass
class Database:
    engine: sa.Engine
    sessions: orm.sessionmaker

    @property
    def is_sqlite(self) -> bool:
        """Tell whether we run on SQLite (its locking needs care)."""
        return self.engine.dialect.name == "sqlite"


def make_engine(url: str, busy_timeout_ms: int = 5000) -> sa.Engine:
    """Create an engine; for SQLite set WAL, busy timeout and foreign keys on every connection."""
    # hide_parameters: an error (and so its log line) never carries a link token, a code or an email
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True, hide_parameters=True)
    owner_only(sa.engine.make_url(url).database)
    engine = sa.create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA secure_delete=ON")  # purged answers and forgotten tokens are overwritten, not left on disk
        mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
        timeout = cur.execute("PRAGMA busy_timeout").fetchone()[0]
        fks = cur.execute("PRAGMA foreign_keys").fetchone()[0]
        cur.close()
        if (mode.lower() not in ("wal", "memory")) or timeout < busy_timeout_ms or fks != 1:
            raise RuntimeError(f"SQLite settings did not take: journal={mode} busy={timeout} fk={fks}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Writes take the lock up front. Reads run in autocommit: each statement sees one consistent
        # snapshot, and a page's reads need no transaction of their own (nor its round trips).
        if conn.get_execution_options().get("sqlite_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def owner_only(path: str | None) -> None:
    """Create the SQLite file readable by its owner only, and tighten one made before (its WAL and shared
    memory files take the database file's mode): it holds password hashes, link tokens and answers."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    db_file = Path(path)
    db_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(db_file, os.O_CREAT | os.O_RDWR, 0o600))
    for f in (db_file, db_file.with_name(db_file.name + "-wal"), db_file.with_name(db_file.name + "-shm")):
        if f.exists() and f.stat().st_mode & 0o077:
            f.chmod(0o600)


def init_app(app: Flask) -> None:
    """Create the engine (no connection yet: safe before a server forks) and the session factory."""
    engine = make_engine(app.config["DATABASE_URL"], app.config["SQLITE_BUSY_TIMEOUT_MS"])
    app.extensions["db"] = Database(engine, orm.sessionmaker(engine, expire_on_commit=False))
    app.teardown_appcontext(close_session)


def database() -> Database:
    """Return the running app's database."""
    return current_app.extensions["db"]


def session() -> orm.Session:
    """Return this request's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = database().sessions()
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    """Close the request's session, rolling back anything left open."""
    s = g.pop("db_session", None)
    if s is not None:
        s.close()


def write(work: Callable[[orm.Session], T]) -> T:
    """Run work(session) in a short transaction that takes the write lock up front; retry once if locked."""
    s = session()
    retries = current_app.config["DB_WRITE_RETRIES"]
    for attempt in range(retries + 1):
        s.rollback()
        try:
            if database().is_sqlite:
                s.connection(execution_options={"sqlite_immediate": True})
            result = work(s)
            s.commit()
            return result
        except OperationalError as exc:
            s.rollback()
            if _is_lock_error(exc) and attempt < retries:
                time.sleep(0.05)
                continue
            if _is_lock_error(exc) or _is_disk_error(exc):
                raise DatabaseBusy(str(exc.orig)) from exc
            raise
        except BaseException:
            s.rollback()
            raise
    raise DatabaseBusy("unreachable")


def is_unavailable(exc: OperationalError) -> bool:
    """Tell whether the database is locked, full or unwritable (worth a retry later), not broken."""
    return _is_lock_error(exc) or _is_disk_error(exc)


def _is_lock_error(exc: OperationalError) -> bool:
    """Tell a 'database is locked' error from other operational errors."""
    return "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower()


def _is_disk_error(exc: OperationalError) -> bool:
    """Tell a full or unwritable disk from other operational errors."""
    text = str(exc.orig).lower()
    return "disk" in text or "full" in text or "readonly" in text or "unable to open" in text
