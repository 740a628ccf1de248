"""`flask seed-demo`: a demo clinician, one assignment and three readers with made-up, realistic answers.

For a trainer or an evaluator on a fresh clone: one command, then sign in and open a report with real
findings. Every answer goes through the same code a patient's answer does (grading, scores, the
statistics), at made-up times over the last few days. Running it again adds nothing: it only gives the
demo account a new password. It refuses to run in production.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import random
import secrets
from dataclasses import dataclass

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from .. import answering, assigning, clock, db
from ..content import catalogue
from ..content.model import DONT_KNOW
from ..models import Assignment, Participant
from ..states import Round
from ..store import clinicians
from ..store import progress as store
from .auth import hash_password

DEMO_EMAIL = "demo@clinic.example"
DEMO_LABEL = "Demo: before an ex vivo consult"
DEMO_BUNDLE = "ex-vivo-consult"
DEMO_DAYS = 30


@dataclass(frozen=True)
class Reader:
    """A made-up reader: who, when they joined, how many questions of each topic, how often right and sure."""
    role: str
    joined_hours_ago: int
    questions: tuple[int | None, ...]  # per assigned topic: None reads it all, 0 skips it
    right: float
    sure: float
    retry: bool


READERS = (
    Reader("patient", 50, (None, None, 5, 0), right=0.7, sure=0.75, retry=True),
    Reader("caregiver", 26, (None, 0, 0, 0), right=0.65, sure=0.6, retry=True),
    Reader("caregiver", 3, (8, 0, 0, 0), right=0.8, sure=0.5, retry=False),
)


@contextlib.contextmanager
def clock_at(moment: list[dt.datetime]):
    """Make clock.now() read moment[0] (which the caller moves on) while the demo answers are stored."""
    real = clock.now
    clock.now = lambda: moment[0]
    try:
        yield
    finally:
        clock.now = real


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Create a demo clinician, an assignment and three readers with answers, then say how to sign in."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.UsageError("seed-demo makes a demo account and made-up answers, so it never runs in production.")
    password = secrets.token_urlsafe(12)
    hashed = hash_password(password)
    made = db.write(lambda s: seed(s, hashed))
    click.echo(("Made" if made else "Found") + f" the demo assignment “{DEMO_LABEL}” with {len(READERS)} readers.")
    base = current_app.config["PUBLIC_BASE_URL"] or "http://127.0.0.1:5000"
    click.echo(f"Start the app (flask --app quizapp run), then sign in at {base}/clinician/login"
               + ("" if current_app.config["PUBLIC_BASE_URL"] else " (or the --port you chose)"))
    click.echo(f"  email:    {DEMO_EMAIL}")
    click.echo(f"  password: {password}   (new each run; run seed-demo again for another)")


def seed(s, password_hash: str) -> bool:
    """Make (or find) the demo account and assignment; add the readers once. Tell if anything was made."""
    account = clinicians.clinician_by_email(s, DEMO_EMAIL)
    if account is None:
        account = clinicians.create_clinician(s, DEMO_EMAIL, password_hash)
    else:
        clinicians.set_password_hash(s, account.id, password_hash)
    found = s.scalar(sa.select(Assignment).where(Assignment.clinician_id == account.id, Assignment.label == DEMO_LABEL))
    if found is not None:
        return False
    cat = catalogue()
    bundle = next((b.modules for b in cat.bundles if b.id == DEMO_BUNDLE), tuple(cat.modules)[:2])
    modules = [cat.modules[m] for m in bundle]
    now = clock.now()
    moment = [now - dt.timedelta(hours=max(r.joined_hours_ago for r in READERS) + 2)]
    with clock_at(moment):
        a = clinicians.create_assignment(s, account.id, [m.id for m in modules], DEMO_LABEL, DEMO_DAYS,
                                         assigning.new_token(), assigning.new_code())
        for n, reader in enumerate(READERS):
            moment[0] = now - dt.timedelta(hours=reader.joined_hours_ago)
            person = store.create_participant(s, reader.role, a.id)
            s.execute(sa.update(Participant).where(Participant.id == person.id).values(created_at=moment[0]))
            rng = random.Random(f"demo-{n}")
            for module, count in zip(modules, reader.questions, strict=False):
                if count != 0:
                    _read(s, module, person.id, account.id, reader, count, rng, moment)
    return True


def _read(s, module, person_id: int, clinician_id: int, reader: Reader, count: int | None, rng, moment) -> None:
    """Read a topic part by part and answer its questions (then the second try), as a person would."""
    store.start_attempt(s, person_id, module.id, module.version, len(module.questions))
    attempt = next(a for a in store.attempts_of(s, person_id) if a.module_id == module.id)
    asked = module.questions[:count] if count else module.questions
    opened: set[str] = set()
    missed = []
    for q in asked:
        if q.section_id not in opened:
            opened.add(q.section_id)
            store.record_visit(s, attempt.id, q.section_id)
            moment[0] += dt.timedelta(seconds=rng.randint(70, 200))  # reading the part
        moment[0] += dt.timedelta(seconds=rng.randint(15, 50))
        choice = _choice(q, reader.right, rng)
        answering.record_answer(s, module, attempt, q, Round.FIRST, choice, _sure(reader.sure, rng), clinician_id)
        missed += [] if choice == q.correct_choice.id else [q]
    if not (reader.retry and missed and count is None):
        return
    moment[0] += dt.timedelta(minutes=2)
    store.start_retry(s, attempt.id, len(missed))
    attempt = next(a for a in store.attempts_of(s, person_id) if a.module_id == module.id)
    for q in missed:
        moment[0] += dt.timedelta(seconds=rng.randint(20, 45))
        again = q.retry_question
        answering.record_answer(s, module, attempt, again, Round.RETRY, _choice(again, 0.75, rng),
                                _sure(reader.sure, rng), clinician_id)


def _choice(q, right: float, rng) -> str:
    """Pick the right choice this often, "I don't know yet" now and then, else a wrong one."""
    roll = rng.random()
    if roll < right:
        return q.correct_choice.id
    if roll < right + 0.07:
        return DONT_KNOW
    return rng.choice([c.id for c in q.choices if not c.correct and not c.unknown])


def _sure(sure: float, rng) -> str | None:
    """Say "sure" this often, skip the question one time in ten, else "not sure"."""
    roll = rng.random()
    return None if roll > 0.9 else ("sure" if roll < sure * 0.9 else "unsure")
