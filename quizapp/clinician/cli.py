"""Commands for operators and authors: clinician accounts and question statistics."""
from __future__ import annotations

import csv
import sys

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import IntegrityError

from .. import db, itemstats
from ..content import catalogue
from ..store import clinicians
from ..store import stats as tallies
from .auth import MIN_PASSWORD, hash_password


@click.command("create-clinician")
@click.argument("email")
@click.option("--password-stdin", "from_stdin", is_flag=True,
              help="Read the password from the first line of standard input, for scripts: nothing is asked.")
@with_appcontext
def create_clinician(email: str, from_stdin: bool) -> None:
    """Create a clinician account (there are no default accounts); asks for the password twice."""
    if "@" not in email or len(email) > 254:
        raise click.UsageError("Please give an email address.")
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")
    if len(password) < MIN_PASSWORD:
        raise click.UsageError(f"Please use a password of at least {MIN_PASSWORD} characters.")
    try:
        db.write(lambda s: clinicians.create_clinician(s, email, hash_password(password)))
    except IntegrityError:
        raise click.UsageError(f"An account for {email} exists already.") from None
    click.echo(f"Created clinician {email.strip().lower()}.")


@click.command("item-stats")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table")
@click.option("--recount", is_flag=True, help="Rebuild the running counts from every stored answer first "
                                              "(after restoring or importing data).")
@click.option("--lang", type=click.Choice(["en", "es"]), default=None,
              help="Count only answers to questions shown in this language (default: every language).")
@with_appcontext
def item_stats(fmt: str, recount: bool, lang: str | None) -> None:
    """Per question: answers, first-try right rate, discrimination, choice shares and flags."""
    if recount:
        rows = db.write(tallies.rebuild_item_tally)
        click.echo(f"Recounted: {rows} rows of statistics.", err=True)
    s = db.session()
    stats = itemstats.compute(catalogue(), *tallies.counts_with_versions(s, lang=lang),
                              tallies.phase_counts(s, lang=lang))
    if fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(["question_id", "module", "answered", "facility", "discrimination", "choice_shares", "flags",
                    "answered_before_reading", "right_before_reading"])
        for q in stats:
            w.writerow([q.question_id, q.module_id, q.answered, _num(q.facility), _num(q.discrimination),
                        " | ".join(f"{c.choice_id}{'*' if c.correct else ''}={c.share:.2f}" for c in q.choices),
                        "; ".join(q.flags), q.before_answered, _num(q.right_before)])
        return
    click.echo(f"{'question':<40} {'n':>7} {'right':>6} {'disc':>6} {'before':>7} {'right':>6}  flags")
    for q in stats:
        click.echo(f"{q.question_id:<40} {q.answered:>7} {_num(q.facility):>6} {_num(q.discrimination):>6} "
                   f"{q.before_answered:>7} {_num(q.right_before):>6}  {'; '.join(q.flags)}")


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def init_app(app) -> None:
    """Register the commands."""
    from .demo import seed_demo
    app.cli.add_command(create_clinician)
    app.cli.add_command(seed_demo)
    app.cli.add_command(item_stats)
