"""The authors' command: check every content file and report readability."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from .loader import ContentError, load_catalogue


@click.command("check-content")
@click.option("--path", type=click.Path(file_okay=False), help="Folder to check instead of the configured one.")
@with_appcontext
def check_content(path: str | None) -> None:
    """Validate every file in questions/ and print one line per module."""
    folder = path or current_app.config["QUESTIONS_DIR"]
    try:
        cat = load_catalogue(folder)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(f"ERROR {problem}", err=True)
        raise SystemExit(1)
    for m in cat.modules.values():
        click.echo(f"ok  {m.id:<24} {len(m.sections)} sections  {len(m.questions):>3} questions  ~{m.reading_minutes} min")
