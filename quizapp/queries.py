"""Every database query the app makes, in one place. Callers own the transaction."""
from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import event, orm
from sqlalchemy.dialects import postgresql, sqlite

from . import clock
from .content.model import Question
from .reports import PersonRows
from .models import (Answer, Assignment, Attempt, AuditEvent, Clinician, ItemTally, Participant, QuestionVersion,
                     RateEvent, SectionVisit)


def new_public_id() -> str:
    """Return a random id for URLs and cookies (128 bits)."""
    return secrets.token_urlsafe(16)


def _insert(s: orm.Session, table):
    """Return an INSERT that can ignore conflicts on this database's dialect."""
    return (postgresql.insert(table) if s.bind.dialect.name == "postgresql" else sqlite.insert(table))


def insert_ignore(s: orm.Session, model, values: dict, keys: list[str]) -> bool:
    """Insert one row unless one with the same keys exists; tell whether it was inserted."""
    table = model.__table__
    stmt = (_insert(s, table).values(**values).on_conflict_do_nothing(index_elements=keys)
            .returning(*table.primary_key.columns))
    return s.connection().execute(stmt).first() is not None


# --- participants and attempts ---------------------------------------------

@dataclass(frozen=True)
class PersonRef:
    """The participant a cookie names, as read on every patient page."""
    id: int
    public_id: str
    assignment_id: int | None
    role: str
    clinician_id: int | None = None


@dataclass(frozen=True)
class AttemptRef:
    """An attempt as the patient pages read it (load the row with session.get to change it)."""
    id: int
    public_id: str
    retry_started_at: dt.datetime | None
    retry_total: int
    finished_at: dt.datetime | None


@dataclass(frozen=True)
class AnswerRef:
    question_id: str
    round: int
    choice: str
    correct: bool
    confidence: str | None
    answered_at: dt.datetime


# The hot path of every patient page: one round trip for the person, their attempt and its answers.
_PROGRESS = sa.text("""
    SELECT p.id AS pid, p.public_id AS ppub, p.assignment_id, p.role, g.clinician_id,
           t.id AS tid, t.public_id AS tpub, t.retry_started_at, t.retry_total, t.finished_at,
           a.question_id, a.round, a.choice, a.correct, a.confidence, a.answered_at
    FROM participant p
    LEFT JOIN assignment g ON g.id = p.assignment_id
    LEFT JOIN attempt t ON t.participant_id = p.id AND t.module_id = :module_id
    LEFT JOIN answer a ON a.attempt_id = t.id
    WHERE p.public_id = :public_id AND g.revoked_at IS NULL
    ORDER BY a.round, a.answered_at, a.id
""").columns(pid=sa.Integer, ppub=sa.String, assignment_id=sa.Integer, role=sa.String, clinician_id=sa.Integer,
             tid=sa.Integer, tpub=sa.String, retry_started_at=sa.DateTime, retry_total=sa.Integer, finished_at=sa.DateTime,
             question_id=sa.String, round=sa.Integer, choice=sa.String, correct=sa.Boolean,
             confidence=sa.String, answered_at=sa.DateTime)


def progress_of(s: orm.Session, public_id: str | None, module_id: str
                ) -> tuple[PersonRef | None, AttemptRef | None, list[AnswerRef]]:
    """Return the cookie's person, their attempt at a module and its answers, in one query."""
    if not public_id:
        return None, None, []
    rows = s.connection().execute(_PROGRESS, {"public_id": public_id, "module_id": module_id}).all()
    if not rows:
        return None, None, []
    r = rows[0]
    person = PersonRef(r.pid, r.ppub, r.assignment_id, r.role, r.clinician_id)
    if r.tid is None:
        return person, None, []
    attempt = AttemptRef(r.tid, r.tpub, r.retry_started_at, r.retry_total, r.finished_at)
    return person, attempt, [_answer_ref(x) for x in rows if x.question_id is not None]


def _answer_ref(row) -> AnswerRef:
    return AnswerRef(row.question_id, row.round, row.choice, bool(row.correct), row.confidence, row.answered_at)


def participant_by_public_id(s: orm.Session, public_id: str | None) -> Participant | None:
    """Find the participant a cookie names, unless the care team revoked their assignment."""
    if not public_id:
        return None
    return s.scalar(sa.select(Participant)
                    .outerjoin(Assignment, Assignment.id == Participant.assignment_id)
                    .where(Participant.public_id == public_id, Assignment.revoked_at.is_(None)))


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

def answers_of(s: orm.Session, attempt_ids: list[int]) -> list[Answer]:
    """Return the answers of several attempts at once (no query per attempt)."""
    if not attempt_ids:
        return []
    return list(s.scalars(sa.select(Answer).where(Answer.attempt_id.in_(attempt_ids))
                          .order_by(Answer.attempt_id, Answer.round, Answer.id)))


def store_answer(s: orm.Session, attempt_id: int, question: Question, rnd: int, choice_id: str,
                 confidence: str | None) -> bool:
    """Store the first answer to a question in a round; a repeat stores nothing. Tell if stored."""
    known = _known_versions(s)
    if question.content_hash not in known:
        insert_ignore(s, QuestionVersion, {"content_hash": question.content_hash, "module_id": question.module_id,
                                           "question_id": question.id,
                                           "snapshot": json.dumps(question.snapshot())}, ["content_hash"])
        s.info.setdefault("versions_added", []).append(question.content_hash)
    choice = question.choice(choice_id)
    return insert_ignore(s, Answer, {
        "attempt_id": attempt_id, "question_id": question.id, "round": rnd, "choice": choice_id,
        "correct": bool(choice and choice.correct), "confidence": confidence,
        "content_hash": question.content_hash, "answered_at": clock.now(),
    }, ["attempt_id", "question_id", "round"])


def _known_versions(s: orm.Session) -> set[str]:
    """Question versions this process has seen stored in this database (skips a write per answer)."""
    engine = s.get_bind()
    if not hasattr(engine, "_quizapp_versions"):
        engine._quizapp_versions = set()
    return engine._quizapp_versions


@event.listens_for(orm.Session, "after_commit")
def _remember_versions(s: orm.Session) -> None:
    """Once a transaction that stored question versions commits, stop storing them again."""
    added = s.info.pop("versions_added", None)
    if added:
        _known_versions(s).update(added)


@event.listens_for(orm.Session, "after_rollback")
def _forget_versions(s: orm.Session) -> None:
    """A rolled-back transaction stored nothing."""
    s.info.pop("versions_added", None)


_ANSWERS = sa.text("""
    SELECT question_id, round, choice, correct, confidence, answered_at FROM answer
    WHERE attempt_id = :attempt_id ORDER BY round, answered_at, id
""").columns(question_id=sa.String, round=sa.Integer, choice=sa.String, correct=sa.Boolean,
             confidence=sa.String, answered_at=sa.DateTime)


def answer_refs(s: orm.Session, attempt_id: int) -> list[AnswerRef]:
    """Return an attempt's answers as plain records, for scoring."""
    return [_answer_ref(r) for r in s.connection().execute(_ANSWERS, {"attempt_id": attempt_id})]


def save_scores(s: orm.Session, attempt_id: int, first_correct: int, retry_total: int, retry_correct: int,
                finished: bool) -> None:
    """Write the scores recomputed from stored answers onto the attempt (finished time set once)."""
    t = Attempt.__table__
    values = {"first_correct": first_correct, "retry_total": retry_total, "retry_correct": retry_correct}
    if finished:
        values["finished_at"] = sa.func.coalesce(t.c.finished_at, clock.now())
    s.connection().execute(t.update().where(t.c.id == attempt_id).values(**values))


def start_retry(s: orm.Session, attempt_id: int, missed: int) -> None:
    """Open the retry round once, remembering how many questions it holds."""
    t = Attempt.__table__
    s.connection().execute(t.update().where(t.c.id == attempt_id, t.c.retry_started_at.is_(None))
                           .values(retry_started_at=clock.now(), retry_total=missed))


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


# --- clinicians, assignments, people ---------------------------------------

def clinician_by_email(s: orm.Session, email: str) -> Clinician | None:
    """Find a clinician account by email (stored lower-case)."""
    return s.scalar(sa.select(Clinician).where(Clinician.email == email.strip().lower()))


def create_clinician(s: orm.Session, email: str, password_hash: str) -> Clinician:
    """Add a clinician account."""
    c = Clinician(email=email.strip().lower(), password_hash=password_hash)
    s.add(c)
    s.flush()
    return c


def create_assignment(s: orm.Session, clinician_id: int, modules: list[str], label: str,
                      days: int, token: str, code: str) -> Assignment:
    """Add an assignment with its secrets, working for this many days from now."""
    now = clock.now()
    a = Assignment(public_id=new_public_id(), clinician_id=clinician_id, token=token, code=code,
                   modules=",".join(modules), label=label, expires_at=now + dt.timedelta(days=days),
                   created_at=now)
    s.add(a)
    s.flush()
    return a


def owned_assignment(s: orm.Session, clinician_id: int, public_id: str) -> Assignment | None:
    """Return the assignment only if this clinician owns it."""
    return s.scalar(sa.select(Assignment).where(Assignment.public_id == public_id,
                                                Assignment.clinician_id == clinician_id))


def assignments_of(s: orm.Session, clinician_id: int, archived: bool | None = False, limit: int | None = None,
                   offset: int = 0) -> list[Assignment]:
    """Return a clinician's assignments, newest first (archived ones, current ones, or with None both)."""
    q = sa.select(Assignment).where(Assignment.clinician_id == clinician_id)
    if archived is not None:
        q = q.where(Assignment.archived == archived)
    q = q.order_by(Assignment.created_at.desc(), Assignment.id.desc()).offset(offset).limit(limit)
    return list(s.scalars(q))


def count_assignments(s: orm.Session, clinician_id: int, archived: bool = False) -> int:
    """Count a clinician's current (or archived) assignments."""
    return s.scalar(sa.select(sa.func.count()).select_from(Assignment)
                    .where(Assignment.clinician_id == clinician_id, Assignment.archived == archived))


def assignment_by_token(s: orm.Session, token: str) -> Assignment | None:
    """Find an assignment by its link token."""
    return s.scalar(sa.select(Assignment).where(Assignment.token == token))


def assignment_by_code(s: orm.Session, code: str) -> Assignment | None:
    """Find an assignment by its normalised short code."""
    return s.scalar(sa.select(Assignment).where(Assignment.code == code))


def people_of(s: orm.Session, assignment_ids: list[int]) -> list[Participant]:
    """Return the people of these assignments, in the order they joined."""
    if not assignment_ids:
        return []
    return list(s.scalars(sa.select(Participant).where(Participant.assignment_id.in_(assignment_ids))
                          .order_by(Participant.created_at, Participant.id)))


def attempts_of_people(s: orm.Session, participant_ids: list[int]) -> list[Attempt]:
    """Return the attempts of several people at once."""
    if not participant_ids:
        return []
    return list(s.scalars(sa.select(Attempt).where(Attempt.participant_id.in_(participant_ids))))


def audit(s: orm.Session, clinician_id: int, action: str, assignment_id: int | None = None) -> None:
    """Append an audit row: who did what to which assignment, and when. Never answers."""
    s.add(AuditEvent(clinician_id=clinician_id, action=action, assignment_id=assignment_id, at=clock.now()))


# --- shared rate limits ------------------------------------------------------

def rate_count(s: orm.Session, bucket: str, key: str, since: dt.datetime) -> int:
    """Count events for a key since a moment."""
    return s.scalar(sa.select(sa.func.count()).select_from(RateEvent)
                    .where(RateEvent.bucket == bucket, RateEvent.key == key, RateEvent.at >= since))


def rate_hit(s: orm.Session, bucket: str, key: str) -> None:
    """Record one event for a key."""
    s.add(RateEvent(bucket=bucket, key=key, at=clock.now()))


def purge_rate_events(s: orm.Session, before: dt.datetime) -> int:
    """Forget counted events older than a moment."""
    return s.execute(sa.delete(RateEvent).where(RateEvent.at < before)).rowcount


# --- question statistics ----------------------------------------------------

def item_counts(s: orm.Session, clinician_id: int | None = None) -> list[tuple]:
    """Count first-try answers per (question, choice, correct, the person's first-try score).

    Read from the running tally (a few thousand rows however many answers are stored), so the
    statistics cost the same at a million answers as at ten thousand. With a clinician id, only
    people from that clinician's assignments count.
    """
    t = ItemTally.__table__
    q = sa.select(t.c.question_id, t.c.choice, t.c.correct, t.c.score, sa.func.sum(t.c.n))
    if clinician_id is not None:
        q = q.where(t.c.clinician_id == clinician_id)
    q = q.group_by(t.c.question_id, t.c.choice, t.c.correct, t.c.score)
    return [tuple(r) for r in s.connection().execute(q)]


def tally_first_round(s: orm.Session, clinician_id: int | None, answers, score: int) -> None:
    """Add a just-finished first round to the running counts (once per attempt)."""
    counts: dict[tuple, int] = {}
    for a in answers:
        if a.round == 1:
            key = (a.question_id, a.choice, bool(a.correct))
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return
    t = ItemTally.__table__
    stmt = _insert(s, t)
    stmt = stmt.on_conflict_do_update(index_elements=[t.c.clinician_id, t.c.question_id, t.c.choice, t.c.correct,
                                                      t.c.score], set_={"n": t.c.n + stmt.excluded.n})
    s.connection().execute(stmt, [{"clinician_id": clinician_id or 0, "question_id": qid, "choice": choice,
                                   "correct": correct, "score": score, "n": n}
                                  for (qid, choice, correct), n in counts.items()])


_RECOUNT = sa.text("""
    INSERT INTO item_tally (clinician_id, question_id, choice, correct, score, n)
    SELECT COALESCE(g.clinician_id, 0), a.question_id, a.choice, a.correct, t.first_correct, COUNT(*)
    FROM answer a
    JOIN attempt t ON t.id = a.attempt_id
    JOIN participant p ON p.id = t.participant_id
    LEFT JOIN assignment g ON g.id = p.assignment_id
    WHERE a.round = 1 AND t.finished_at IS NOT NULL
    GROUP BY COALESCE(g.clinician_id, 0), a.question_id, a.choice, a.correct, t.first_correct
""")


def rebuild_item_tally(s: orm.Session) -> int:
    """Recount the statistics from every stored answer (after a bulk import); return the rows written."""
    s.connection().execute(sa.delete(ItemTally.__table__))
    return s.connection().execute(_RECOUNT).rowcount


def summary_people(s: orm.Session, assignment_ids: list[int]
                   ) -> tuple[dict[int, list[PersonRows]], dict[tuple[int, int], int]]:
    """Load people and attempts of these assignments, and how many answers each attempt has per round.

    Three queries and no answer rows, so the list of assignments stays quick however much is stored.
    """
    people = people_of(s, assignment_ids)
    attempts = attempts_of_people(s, [p.id for p in people])
    by_person: dict[int, list] = {}
    for a in attempts:
        by_person.setdefault(a.participant_id, []).append(a)
    counts: dict[tuple[int, int], int] = {}
    if attempts:
        t = Answer.__table__
        rows = s.connection().execute(
            sa.select(t.c.attempt_id, t.c.round, sa.func.count())
            .where(t.c.attempt_id.in_([a.id for a in attempts])).group_by(t.c.attempt_id, t.c.round))
        counts = {(aid, rnd): n for aid, rnd, n in rows}
    out: dict[int, list[PersonRows]] = {i: [] for i in assignment_ids}
    for p in people:
        out[p.assignment_id].append(PersonRows(p.public_id, p.role, p.created_at, tuple(by_person.get(p.id, ()))))
    return out, counts


def report_people(s: orm.Session, assignment_ids: list[int]) -> dict[int, list[PersonRows]]:
    """Load everyone's attempts, answers and visits for these assignments in five queries."""
    people = people_of(s, assignment_ids)
    attempts = attempts_of_people(s, [p.id for p in people])
    attempt_ids = [a.id for a in attempts]
    answers = answers_of(s, attempt_ids)
    seen = visits(s, attempt_ids)
    by_person: dict[int, list] = {}
    for a in attempts:
        by_person.setdefault(a.participant_id, []).append(a)
    owner = {a.id: a.participant_id for a in attempts}
    answers_by: dict[int, list] = {}
    for row in answers:
        answers_by.setdefault(owner[row.attempt_id], []).append(row)
    visits_by: dict[int, list] = {}
    for v in seen:
        visits_by.setdefault(owner[v.attempt_id], []).append(v)
    out: dict[int, list[PersonRows]] = {i: [] for i in assignment_ids}
    for p in people:
        out[p.assignment_id].append(PersonRows(p.public_id, p.role, p.created_at, tuple(by_person.get(p.id, ())),
                                               tuple(answers_by.get(p.id, ())), tuple(visits_by.get(p.id, ()))))
    return out
