"""Commands for operators and authors: clinician accounts and question statistics."""
from __future__ import annotations

import csv
import sys

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.exc import IntegrityError

from .. import db, itemstats
from ..content import catalogue
from ..languages import codes
from ..states import AuditAction
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
    password = _read_password(from_stdin)
    try:
        db.write(lambda s: clinicians.create_clinician(s, email, hash_password(password)))
    except IntegrityError:
        raise click.UsageError(f"An account for {email} exists already.") from None
    click.echo(f"Created clinician {email.strip().lower()}.")


def _read_password(from_stdin: bool) -> str:
    """Read a new password from standard input's first line, or ask for it twice; refuse a short one."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")
    if len(password) < MIN_PASSWORD:
        raise click.UsageError(f"Please use a password of at least {MIN_PASSWORD} characters.")
    return password


account = AppGroup("clinician", help="Manage clinician accounts: passwords, disabling, signing out everywhere.")


def _account_id(email: str) -> int:
    """Return the id of the account with this email, or stop with a plain message."""
    found = clinicians.clinician_by_email(db.session(), email)
    if found is None:
        raise click.UsageError(f"There is no account for {email.strip().lower()}.")
    return found.id


def _apply(cid: int, action: AuditAction, change) -> None:
    """Make a change to an account and write its audit row, in one transaction."""
    def work(s):
        change(s)
        clinicians.audit(s, cid, action)
    db.write(work)


@account.command("set-password")
@click.argument("email")
@click.option("--password-stdin", "from_stdin", is_flag=True,
              help="Read the password from the first line of standard input, for scripts: nothing is asked.")
def set_password(email: str, from_stdin: bool) -> None:
    """Give an account a new password (a reset); every session of the account ends."""
    cid = _account_id(email)
    new_hash = hash_password(_read_password(from_stdin))

    def reset(s):
        clinicians.set_password_hash(s, cid, new_hash)
        clinicians.end_sessions(s, cid)
        clinicians.audit(s, cid, AuditAction.SET_PASSWORD)
    db.write(reset)
    click.echo(f"New password set for {email.strip().lower()}; every session of the account has ended.")


@account.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Stop an account from signing in; its open sessions end at once. Its assignments keep working."""
    cid = _account_id(email)
    _apply(cid, AuditAction.DISABLE, lambda s: clinicians.set_active(s, cid, False))
    click.echo(f"Disabled {email.strip().lower()}: it cannot sign in, and its sessions have ended.")


@account.command("enable")
@click.argument("email")
def enable(email: str) -> None:
    """Let a disabled account sign in again."""
    cid = _account_id(email)
    _apply(cid, AuditAction.ENABLE, lambda s: clinicians.set_active(s, cid, True))
    click.echo(f"Enabled {email.strip().lower()}: it can sign in again.")


@account.command("reset-2fa")
@click.argument("email")
def reset_two_factor(email: str) -> None:
    """Turn an account's second factor off (a lost phone and lost recovery codes); its sessions end."""
    cid = _account_id(email)
    _apply(cid, AuditAction.TWO_FACTOR_OFF, lambda s: clinicians.set_second_factor(s, cid, None, None))
    click.echo(f"Second factor turned off for {email.strip().lower()}; it signs in with its password, "
               "and can set up a new authenticator app.")


@account.command("sign-out-everywhere")
@click.argument("email")
def sign_out_everywhere(email: str) -> None:
    """End every session of an account (a lost laptop, say); the password stays."""
    cid = _account_id(email)
    _apply(cid, AuditAction.END_SESSIONS, lambda s: clinicians.end_sessions(s, cid))
    click.echo(f"Signed {email.strip().lower()} out everywhere.")


@click.command("item-stats")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table")
@click.option("--recount", is_flag=True, help="Rebuild the running counts from every stored answer first "
                                              "(after restoring or importing data).")
@click.option("--lang", type=click.Choice(codes()), default=None,
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
                        "; ".join(map(str, q.flags)), q.before_answered, _num(q.right_before)])
        return
    click.echo(f"{'question':<40} {'n':>7} {'right':>6} {'disc':>6} {'before':>7} {'right':>6}  flags")
    for q in stats:
        click.echo(f"{q.question_id:<40} {q.answered:>7} {_num(q.facility):>6} {_num(q.discrimination):>6} "
                   f"{q.before_answered:>7} {_num(q.right_before):>6}  {'; '.join(map(str, q.flags))}")


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def init_app(app) -> None:
    """Register the commands."""
    from .demo import seed_demo
    app.cli.add_command(create_clinician)
    app.cli.add_command(seed_demo)
    app.cli.add_command(item_stats)
    app.cli.add_command(account)
