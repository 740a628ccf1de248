"""The authors' command: check every content file, then run the readability and item-writing gate."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("check-content")
@click.option("--path", type=click.Path(file_okay=False), help="Folder to check instead of the configured one.")
@click.option("--update-lock", is_flag=True, help="Record new choice ids in the lock file (never changes old ones).")
@with_appcontext
def check_content(path: str | None, update_lock: bool = False) -> None:
    """Validate every file in questions/, print the gate's table, and fail on any error."""
    from .gate import review  # pyphen and its dictionaries: only for this command
    from .gate_report import format_table
    from .loader import ContentError, load_catalogue
    folder = path or current_app.config["QUESTIONS_DIR"]
    try:
        cat = load_catalogue(folder)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(f"ERROR {problem}", err=True)
        raise SystemExit(1) from None
    report = review(cat)
    click.echo(format_table(report))
    ids_hold = _ids_hold(folder, cat, update_lock)
    translated = _translations_hold(folder, cat, report.rows)
    if report.errors or not ids_hold or not translated:
        raise SystemExit(1)


def _translations_hold(folder, cat, english_rows) -> bool:
    """Print the table of each translation folder there is (questions/es/); tell if all of them pass."""
    from pathlib import Path

    from . import gate_es
    from .compiled import LANGUAGES
    from .loader import ContentError
    from .translated import load_translation
    ok = True
    for lang in (lang for lang in LANGUAGES if (Path(folder) / lang).is_dir()):
        try:
            report = gate_es.review(load_translation(cat, Path(folder) / lang, lang))
        except ContentError as exc:
            for problem in exc.problems:
                click.echo(f"ERROR {problem}", err=True)
            ok = False
            continue
        click.echo("\n" + gate_es.format_table(report, english_rows))
        ok = ok and report.ok
    return ok


def _ids_hold(folder, cat, update_lock: bool) -> bool:
    """Check that no choice id changed its meaning, and that the lock lists every id (or record new ones)."""
    from . import ids
    lock = ids.read_lock(folder)
    problems = ids.changed(cat, lock)
    for problem in problems:
        click.echo(f"ERROR {problem}", err=True)
    if problems:
        return False
    new = ids.unrecorded(cat, lock)
    if new and update_lock:
        click.echo(f"Recorded {ids.write_lock(folder, cat, lock)} new choice ids in {ids.LOCK_NAME}.")
    elif new:
        click.echo(f"ERROR {len(new)} choice ids are not in {ids.LOCK_NAME} yet (first: {new[0]}). "
                   "Check they are new choices, then run check-content --update-lock.", err=True)
        return False
    return True
