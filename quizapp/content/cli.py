"""The authors' command: check every content file, then run the readability and item-writing gate."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext




@click.command("check-content")
@click.option("--path", type=click.Path(file_okay=False), help="Folder to check instead of the configured one.")
@with_appcontext
def check_content(path: str | None) -> None:
    """Validate every file in questions/, print the gate's table, and fail on any error."""
    from .gate import format_table, review  # textstat and its dictionaries: only for this command
    from .loader import ContentError, load_catalogue
    folder = path or current_app.config["QUESTIONS_DIR"]
    try:
        cat = load_catalogue(folder)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(f"ERROR {problem}", err=True)
        raise SystemExit(1)
    report = review(cat)
    click.echo(format_table(report))
    if report.errors:
        raise SystemExit(1)
