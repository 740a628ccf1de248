"""Operator commands: create or upgrade the database, back it up, purge old attempts."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import clock, db, migrations
from .store import progress, throttle


def init_app(app: Flask) -> None:
    """Register the commands on the flask CLI."""
    for command in (init_db, backup, purge):
        app.cli.add_command(command)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create the database or upgrade it to the newest schema, keeping data."""
    url = current_app.config["DATABASE_URL"]
    migrations.upgrade(url)
    click.echo(f"Database ready at revision {migrations.current(url)}.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def backup(path: str) -> None:
    """Copy the SQLite database safely while the app runs (SQLite's backup API)."""
    engine = db.database().engine
    if engine.dialect.name != "sqlite":
        raise click.ClickException("backup works on SQLite only; use pg_dump for PostgreSQL.")
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # owner only, before any byte is copied
    os.chmod(path, 0o600)  # an older copy at this path may have been made readable by others
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(path)
        with target:
            raw.driver_connection.backup(target)
        ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        target.close()
    finally:
        raw.close()
    click.echo(f"Backed up to {path} (integrity check: {ok}).")


@click.command("purge")
@click.option("--older-than", "days", type=click.IntRange(min=1), required=True, help="Age in days.")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@with_appcontext
def purge(days: int, dry_run: bool) -> None:
    """Delete attempts (and their answers) started more than DAYS days ago, and stale throttle counts."""
    before = clock.now() - dt.timedelta(days=days)
    if dry_run:
        n = progress.old_attempts_count(db.session(), before)
        click.echo(f"Would delete {n} attempts started before {before:%Y-%m-%d %H:%M} UTC.")
        return
    n = db.write(lambda s: progress.purge_before(s, before))
    click.echo(f"Deleted {n} attempts started before {before:%Y-%m-%d %H:%M} UTC.")
    cfg = current_app.config
    window = dt.timedelta(minutes=max(cfg["LOGIN_WINDOW_MINUTES"], cfg["CODE_WINDOW_MINUTES"]))
    gone = db.write(lambda s: throttle.purge_rate_events(s, clock.now() - window))
    click.echo(f"Forgot {gone} counted sign-in and code failures older than the throttle window.")
