"""Operator commands: create or upgrade the database, back it up, purge old attempts."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from typing import cast

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import clock, db, migrations
from .store import clinicians, progress, throttle


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
            cast(sqlite3.Connection, raw.driver_connection).backup(target)
        ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        target.close()
    finally:
        raw.close()
    click.echo(f"Backed up to {path} (integrity check: {ok}).")


@click.command("purge")
@click.option("--older-than", "days", type=click.IntRange(min=1), required=True, help="Age in days.")
@click.option("--forget-links-after", "link_days", type=click.IntRange(min=0), default=30, show_default=True,
              help="Forget the link and code of assignments that ended more than this many days ago.")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@with_appcontext
def purge(days: int, link_days: int, dry_run: bool) -> None:
    """Delete attempts (and their answers) started more than DAYS days ago, forget the links and codes of
    assignments that ended long ago, and forget stale throttle counts."""
    now = clock.now()
    before, ended = now - dt.timedelta(days=days), now - dt.timedelta(days=link_days)
    if dry_run:
        n = progress.old_attempts_count(db.session(), before)
        click.echo(f"Would delete {n} attempts started before {before:%Y-%m-%d %H:%M} UTC.")
        links = clinicians.old_links_count(db.session(), ended)
        click.echo(f"Would forget the links and codes of {_assignments(links)} that ended before "
                   f"{ended:%Y-%m-%d %H:%M} UTC.")
        return
    n = db.write(lambda s: progress.purge_before(s, before))
    click.echo(f"Deleted {n} attempts started before {before:%Y-%m-%d %H:%M} UTC.")
    links = db.write(lambda s: clinicians.forget_old_links(s, ended))
    click.echo(f"Forgot the links and codes of {_assignments(links)} that ended before {ended:%Y-%m-%d %H:%M} UTC.")
    cfg = current_app.config
    window = dt.timedelta(minutes=max(cfg["LOGIN_WINDOW_MINUTES"], cfg["CODE_WINDOW_MINUTES"],
                                      cfg["JOIN_WINDOW_MINUTES"], cfg["START_WINDOW_MINUTES"]))
    gone = db.write(lambda s: throttle.purge_rate_events(s, now - window))
    click.echo(f"Forgot {gone} counted sign-in, code and join totals older than the throttle window.")


def _assignments(n: int) -> str:
    """Say how many assignments, in words that read right for one."""
    return f"{n} assignment" + ("" if n == 1 else "s")
