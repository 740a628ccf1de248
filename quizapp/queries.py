"""Every database query the app makes, in one place. Callers own the transaction."""
from __future__ import annotations

import datetime as dt
import json
import secrets

import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.dialects import postgresql, sqlite

from . import clock
from .content.model import Question
from .models import Answer, Attempt, Participant, QuestionVersion, SectionVisit


def new_public_id() -> str:
    """Return a random id for URLs and cookies (128 bits)."""
    return secrets.token_urlsafe(16)


def _insert(s: orm.Session, table):
    """Return an INSERT that can ignore conflicts on this database's dialect."""
    return (postgresql.insert(table) if s.bind.dialect.name == "postgresql" else sqlite.insert(table))


def insert_ignore(s: orm.Session, table, values: dict, keys: list[str]) -> bool:
    """Insert one row unless one with the same keys exists; tell whether it was inserted."""
    stmt = _insert(s, table).values(**values).on_conflict_do_nothing(index_elements=keys)
    return s.execute(stmt).rowcount == 1


# --- participants and attempts ---------------------------------------------

def participant_by_public_id(s: orm.Session, public_id: str | None) -> Participant | None:
    """Find the participant a cookie names."""
    if not public_id:
        return None
    return s.scalar(sa.select(Participant).where(Participant.public_id == public_id))


def create_participant(s: orm.Session, role: str = "self", assignment_id: int | None = None) -> Participant:
    """Add a participant with a fresh random id."""
    p = Participant(public_id=new_public_id(), role=role, assignment_id=assignment_id)
    s.add(p)
    s.flush()
    return p


def attempt_for(s: orm.Session, participant_id: int, module_id: str) -> Attempt | None:
    """Return the participant's attempt at a module, if any."""
    return s.scalar(sa.select(Attempt).where(Attempt.participant_id == participant_id,
                                             Attempt.module_id == module_id))


def attempts_of(s: orm.Session, participant_id: int) -> list[Attempt]:
    """Return all of a participant's attempts, oldest first."""
    return list(s.scalars(sa.select(Attempt).where(Attempt.participant_id == participant_id)
                          .order_by(Attempt.started_at, Attempt.id)))


def start_attempt(s: orm.Session, participant_id: int, module_id: str, version: str, count: int) -> Attempt:
    """Create the attempt if it does not exist yet (a double click starts one), and return it."""
    insert_ignore(s, Attempt, {"public_id": new_public_id(), "participant_id": participant_id,
                               "module_id": module_id, "content_version": version,
                               "question_count": count, "started_at": clock.now()},
                  ["participant_id", "module_id"])
    return attempt_for(s, participant_id, module_id)


def record_visit(s: orm.Session, attempt_id: int, section_id: str) -> None:
    """Remember when a section was first opened (for time spent reading)."""
    insert_ignore(s, SectionVisit, {"attempt_id": attempt_id, "section_id": section_id,
                                    "opened_at": clock.now()}, ["attempt_id", "section_id"])


def visits(s: orm.Session, attempt_ids: list[int]) -> list[SectionVisit]:
    """Return section visits of these attempts."""
    if not attempt_ids:
        return []
    return list(s.scalars(sa.select(SectionVisit).where(SectionVisit.attempt_id.in_(attempt_ids))))


# --- answers ---------------------------------------------------------------

def answers(s: orm.Session, attempt_id: int) -> list[Answer]:
    """Return an attempt's answers in the order given."""
    return list(s.scalars(sa.select(Answer).where(Answer.attempt_id == attempt_id)
                          .order_by(Answer.round, Answer.answered_at, Answer.id)))


def answers_of(s: orm.Session, attempt_ids: list[int]) -> list[Answer]:
    """Return the answers of several attempts at once (no query per attempt)."""
    if not attempt_ids:
        return []
    return list(s.scalars(sa.select(Answer).where(Answer.attempt_id.in_(attempt_ids))
                          .order_by(Answer.attempt_id, Answer.round, Answer.id)))


def store_answer(s: orm.Session, attempt_id: int, question: Question, rnd: int, choice_id: str,
                 confidence: str | None) -> bool:
    """Store the first answer to a question in a round; a repeat stores nothing. Tell if stored."""
    insert_ignore(s, QuestionVersion, {"content_hash": question.content_hash, "module_id": question.module_id,
                                       "question_id": question.id,
                                       "snapshot": json.dumps(question.snapshot())}, ["content_hash"])
    choice = question.choice(choice_id)
    return insert_ignore(s, Answer, {
        "attempt_id": attempt_id, "question_id": question.id, "round": rnd, "choice": choice_id,
        "correct": bool(choice and choice.correct), "confidence": confidence,
        "content_hash": question.content_hash, "answered_at": clock.now(),
    }, ["attempt_id", "question_id", "round"])


def save_scores(s: orm.Session, attempt: Attempt, first_correct: int, retry_total: int, retry_correct: int,
                finished: bool) -> None:
    """Write the scores recomputed from stored answers onto the attempt."""
    attempt.first_correct = first_correct
    attempt.retry_total = retry_total
    attempt.retry_correct = retry_correct
    if finished and attempt.finished_at is None:
        attempt.finished_at = clock.now()


def start_retry(s: orm.Session, attempt: Attempt, missed: int) -> None:
    """Open the retry round once, remembering how many questions it holds."""
    if attempt.retry_started_at is None:
        attempt.retry_started_at = clock.now()
        attempt.retry_total = missed


def question_versions(s: orm.Session, hashes: set[str]) -> dict[str, dict]:
    """Return stored question snapshots by content hash."""
    if not hashes:
        return {}
    rows = s.execute(sa.select(QuestionVersion.content_hash, QuestionVersion.snapshot)
                     .where(QuestionVersion.content_hash.in_(hashes)))
    return {h: json.loads(snap) for h, snap in rows}


# --- retention -------------------------------------------------------------

def old_attempts_count(s: orm.Session, before: dt.datetime) -> int:
    """Count attempts started before a moment."""
    return s.scalar(sa.select(sa.func.count()).select_from(Attempt).where(Attempt.started_at < before))


def purge_before(s: orm.Session, before: dt.datetime) -> int:
    """Delete attempts started before a moment (answers go with them) and people left with none."""
    old = sa.select(Attempt.id).where(Attempt.started_at < before)
    s.execute(sa.delete(Answer).where(Answer.attempt_id.in_(old)))
    s.execute(sa.delete(SectionVisit).where(SectionVisit.attempt_id.in_(old)))
    n = s.execute(sa.delete(Attempt).where(Attempt.started_at < before)).rowcount
    has_attempt = sa.select(Attempt.id).where(Attempt.participant_id == Participant.id).exists()
    s.execute(sa.delete(Participant).where(Participant.created_at < before, ~has_attempt))
    return n
