"""Backups and restores: SQLite through its online backup API (safe while the app runs), PostgreSQL through
pg_dump and pg_restore (custom format). Every backup file is readable by its owner only."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import cast

import sqlalchemy as sa


class BackupError(Exception):
    """A backup or restore could not be done; the message says why, for the operator."""


def owner_only_file(path: str) -> None:
    """Create (or tighten) a file so that only its owner can read it, before any byte is written."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)  # an older copy at this path may have been made readable by others


def backup_sqlite(engine: sa.Engine, path: str) -> str:
    """Copy a live SQLite database page by page with SQLite's backup API; return its integrity check."""
    owner_only_file(path)
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(path)
        with target:
            cast(sqlite3.Connection, raw.driver_connection).backup(target)
        ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        target.close()
    finally:
        raw.close()
    return ok


def restore_sqlite(engine: sa.Engine, path: str) -> str:
    """Copy a backup over the live SQLite database with the backup API (one step, under SQLite's lock)."""
    source = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    try:
        ok = source.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise BackupError(f"{path} fails SQLite's integrity check: {ok}")
        raw = engine.raw_connection()
        try:
            source.backup(cast(sqlite3.Connection, raw.driver_connection))
        finally:
            raw.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database backup: {exc}") from None
    finally:
        source.close()
    return ok


def _postgres(url: sa.URL) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL tools: the password goes in the environment, never the arguments."""
    env = {**os.environ, "PGPASSWORD": url.password or "", "PGDATABASE": url.database or ""}
    args = [f"--host={url.host or 'localhost'}", f"--port={url.port or 5432}"]
    if url.username:
        args.append(f"--username={url.username}")
    return args, env


def _run(tool: str, args: list[str], env: dict[str, str]) -> None:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed: install PostgreSQL's client tools (Debian: postgresql-client).")
    done = subprocess.run([tool, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()[-500:]}")


def backup_postgres(url: sa.URL, path: str) -> None:
    """Dump the database with pg_dump in its custom format (compressed, restorable table by table)."""
    owner_only_file(path)
    args, env = _postgres(url)
    _run("pg_dump", [*args, "--format=custom", "--no-owner", "--no-privileges", f"--file={path}",
                     url.database or ""], env)


def restore_postgres(url: sa.URL, path: str) -> None:
    """Restore a pg_dump file over the database in one transaction: every table is replaced, or nothing is."""
    args, env = _postgres(url)
    _run("pg_restore", [*args, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                        "--exit-on-error", f"--dbname={url.database or ''}", path], env)
