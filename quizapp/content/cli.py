"""The authors' command: check every content file, then run the readability and item-writing gate."""
from __future__ import annotations

import importlib

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
    """Print the table of each translation folder there is (questions/es/), each judged by its own language's
    rules from the registry; tell if all of them pass."""
    from pathlib import Path

    from ..languages import translations
    from . import gate_translation
    from .loader import ContentError
    from .translated import load_translation
    ok = True
    for lang in (lang for lang in translations() if (Path(folder) / str(lang.folder)).is_dir()):
        try:
            report = gate_translation.review(load_translation(cat, Path(folder) / str(lang.folder), lang.code))
        except ContentError as exc:
            for problem in exc.problems:
                click.echo(f"ERROR {problem}", err=True)
            ok = False
            continue
        click.echo("\n" + gate_translation.format_table(report, english_rows))
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


def init_app(app) -> None:
    """Add the authors' commands: check-content, and translate-content (imported only when it runs)."""
    app.cli.add_command(check_content)
    app.cli.add_command(LazyCommand("translate-content", "quizapp.content.translate_cli:translate_content"))
    app.cli.add_command(LazyCommand("translate-figures", "quizapp.content.figure_languages:translate_figures"))


class LazyCommand(click.Command):
    """A command whose module is imported only when the command runs or shows its help.

    The translators' command pulls in YAML, the loader and pydantic (about 10 MB): every web worker
    builds the app, and none of them ever runs it.
    """

    def __init__(self, name: str, target: str):
        super().__init__(name)
        self.target = target

    def real(self) -> click.Command:
        """Import and return the command itself."""
        module, attr = self.target.split(":")
        return getattr(importlib.import_module(module), attr)

    def get_params(self, ctx: click.Context) -> list:
        """The real command's options."""
        return self.real().get_params(ctx)

    def invoke(self, ctx: click.Context):
        """Run the real command."""
        return self.real().invoke(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The real command's one-line help, for `flask --help`."""
        return self.real().get_short_help_str(limit)

    def format_help(self, ctx: click.Context, formatter) -> None:
        """The real command's help."""
        self.real().format_help(ctx, formatter)
