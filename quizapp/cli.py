"""Operator commands: create or upgrade the database, back it up, purge old attempts."""
from __future__ import annotations

import datetime as dt

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import backups, clock, db, migrations
from .store import clinicians, progress, throttle


def init_app(app: Flask) -> None:
    """Register the commands on the flask CLI."""
    for command in (init_db, backup, restore, purge):
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
    """Back up the database to PATH while the app runs: SQLite's backup API, or pg_dump for PostgreSQL."""
    engine = db.database().engine
    try:
        if engine.dialect.name == "sqlite":
            ok = backups.backup_sqlite(engine, path)
            click.echo(f"Backed up to {path} (integrity check: {ok}).")
        else:
            backups.backup_postgres(engine.url, path)
            click.echo(f"Backed up to {path} (pg_dump, custom format).")
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask: replace the database (for scripts).")
@with_appcontext
def restore(path: str, yes: bool) -> None:
    """Replace the whole database with a backup made by `backup` (stop the app servers first)."""
    engine = db.database().engine
    if not yes:
        click.confirm(f"This replaces everything in the database with {path}. Go on?", abort=True)
    try:
        if engine.dialect.name == "sqlite":
            backups.restore_sqlite(engine, path)
        else:
            backups.restore_postgres(engine.url, path)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    engine.dispose()
    url = current_app.config["DATABASE_URL"]
    migrations.upgrade(url)  # a backup from an older release is brought up to this one's schema
    click.echo(f"Restored {path}; the database is at revision {migrations.current(url)}.")


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
