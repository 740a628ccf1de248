"""People reading, their attempts at each topic, their answers, and the question versions they saw."""
from __future__ import annotations

import datetime as dt
import json
import weakref

import sqlalchemy as sa
from sqlalchemy import orm

from .. import clock
from ..models import Answer, Assignment, Attempt, Participant, QuestionVersion, SectionVisit
from ..records import AnswerRecord, AttemptRecord, PersonRecord, VisitRecord, assignment_open
from ..states import Round
from .sql import changed, insert_ignore, new_public_id, table

# The hot path of every patient page: one round trip for the person, their attempt and its answers.
_PROGRESS = sa.text("""
    SELECT p.id AS pid, p.public_id AS ppub, p.assignment_id, p.role, g.clinician_id, g.revoked_at, g.expires_at,
           g.lang AS glang, g.pre_check, g.consult_on, t.id AS tid, t.public_id AS tpub, t.retry_started_at,
           t.retry_total, t.finished_at,
           a.question_id, a.round, a.choice, a.correct, a.confidence, a.answered_at, a.content_hash, a.lang, a.form
    FROM participant p
    LEFT JOIN assignment g ON g.id = p.assignment_id
    LEFT JOIN attempt t ON t.participant_id = p.id AND t.module_id = :module_id
    LEFT JOIN answer a ON a.attempt_id = t.id
    WHERE p.public_id = :public_id AND p.removed_at IS NULL
    ORDER BY a.round, a.answered_at, a.id
""").columns(pid=sa.Integer, ppub=sa.String, assignment_id=sa.Integer, role=sa.String, clinician_id=sa.Integer,
             revoked_at=sa.DateTime, expires_at=sa.DateTime, glang=sa.String, pre_check=sa.Boolean, consult_on=sa.Date,
             tid=sa.Integer, tpub=sa.String,
             retry_started_at=sa.DateTime, retry_total=sa.Integer, finished_at=sa.DateTime,
             question_id=sa.String, round=sa.Integer, choice=sa.String, correct=sa.Boolean,
             confidence=sa.String, answered_at=sa.DateTime, content_hash=sa.String, lang=sa.String, form=sa.Integer)


def progress_of(s: orm.Session, public_id: str | None, module_id: str
                ) -> tuple[PersonRecord | None, AttemptRecord | None, list[AnswerRecord]]:
    """Return the cookie's person, their attempt at a topic and its answers, in one query."""
    if not public_id:
        return None, None, []
    result = s.connection().execute(_PROGRESS, {"public_id": public_id, "module_id": module_id})
    rows = result.all()
    if not rows:
        return None, None, []
    r = rows[0]
    person = _person(r)
    if r.tid is None:
        return person, None, []
    attempt = AttemptRecord(id=r.tid, public_id=r.tpub, module_id=module_id, finished_at=r.finished_at,
                            retry_started_at=r.retry_started_at, retry_total=r.retry_total)
    return person, attempt, _answers(rows, list(result.keys()), r.tid)


_ROUNDS = {int(r): r for r in Round}
_FIELDS = ("question_id", "round", "choice", "correct", "confidence", "answered_at", "content_hash", "lang", "form")


def _answers(rows, keys: list[str], attempt_id: int | None = None) -> list[AnswerRecord]:
    """Turn answer rows into records, reading columns by position (by name costs three times as much, and a
    returning reader's pages read a hundred answers)."""
    q, rnd, choice, correct, sure, at, h, lang, form = (keys.index(k) for k in _FIELDS)
    a = keys.index("attempt_id") if attempt_id is None else 0
    return [AnswerRecord(r[q], _ROUNDS[r[rnd]], r[choice], bool(r[correct]), r[sure], r[at], r[h],
                         attempt_id if attempt_id is not None else r[a], r[lang], r[form] or 0)
            for r in rows if r[q] is not None]


def _person(row) -> PersonRecord:
    """Turn a row of a person and their assignment into a record."""
    return PersonRecord(row.pid, row.ppub, row.assignment_id, row.role, row.clinician_id, _closed(row), row.glang,
                        bool(row.pre_check) and row.assignment_id is not None, row.consult_on)


def _closed(row) -> bool:
    """Tell whether the person's assignment was revoked or has expired (reading on one's own never closes)."""
    return row.expires_at is not None and not assignment_open(row.expires_at, row.revoked_at, clock.now())


# Statements built once: building a select or an update costs several times more than running it.
_P, _G, _T, _A = table(Participant), table(Assignment), table(Attempt), table(Answer)
_PEOPLE = (sa.select(_P.c.id.label("pid"), _P.c.public_id.label("ppub"), _P.c.assignment_id, _P.c.role,
                     _G.c.clinician_id, _G.c.revoked_at, _G.c.expires_at, _G.c.lang.label("glang"), _G.c.pre_check,
                     _G.c.consult_on)
           .select_from(_P.outerjoin(_G, _G.c.id == _P.c.assignment_id))
           .where(_P.c.public_id.in_(sa.bindparam("ids", expanding=True)), _P.c.removed_at.is_(None)))
_MODULES = sa.select(_G.c.modules).where(_G.c.id == sa.bindparam("id"))
_ATTEMPTS = (sa.select(_T.c.id, _T.c.public_id, _T.c.module_id, _T.c.finished_at, _T.c.retry_started_at,
                       _T.c.retry_total, _T.c.first_correct, _T.c.retry_correct)
             .where(_T.c.participant_id == sa.bindparam("pid")).order_by(_T.c.started_at, _T.c.id))
_ANSWERS = (sa.select(_A.c.attempt_id, _A.c.question_id, _A.c.round, _A.c.choice, _A.c.correct, _A.c.confidence,
                      _A.c.answered_at, _A.c.content_hash, _A.c.lang, _A.c.form)
            .where(_A.c.attempt_id.in_(sa.bindparam("ids", expanding=True)))
            .order_by(_A.c.attempt_id, _A.c.round, _A.c.answered_at, _A.c.id))
_V = table(SectionVisit)
_VISITS = (sa.select(_V.c.attempt_id, _V.c.section_id, _V.c.opened_at)
           .where(_V.c.attempt_id.in_(sa.bindparam("ids", expanding=True))))
_SCORES: dict[str, object] = {"first_correct": sa.bindparam("first"), "retry_total": sa.bindparam("retry_total"),
           "retry_correct": sa.bindparam("retry_right")}
_SAVE_SCORES = sa.update(_T).where(_T.c.id == sa.bindparam("attempt")).values(**_SCORES)
_SAVE_FINISHED = sa.update(_T).where(_T.c.id == sa.bindparam("attempt")).values(
    **_SCORES, finished_at=sa.func.coalesce(_T.c.finished_at, sa.bindparam("now", type_=sa.DateTime())))
_START_RETRY = (sa.update(_T).where(_T.c.id == sa.bindparam("attempt"), _T.c.retry_started_at.is_(None))
                .values(retry_started_at=sa.bindparam("now", type_=sa.DateTime()), retry_total=sa.bindparam("missed")))


def person_by_public_id(s: orm.Session, public_id: str | None) -> PersonRecord | None:
    """Find the person a cookie names (people a clinician removed are gone; a closed assignment keeps them)."""
    found = people_by_public_ids(s, [public_id] if public_id else [])
    return found[0] if found else None


def people_by_public_ids(s: orm.Session, public_ids: list[str]) -> list[PersonRecord]:
    """Find the people a device's cookie names, in the cookie's order, leaving out removed ones."""
    if not public_ids:
        return []
    rows = s.connection().execute(_PEOPLE, {"ids": list(public_ids)}).all()
    found = {r.ppub: _person(r) for r in rows}
    return [found[p] for p in public_ids if p in found]


def assigned_modules(s: orm.Session, assignment_id: int) -> list[str]:
    """Return the topic ids of an assignment, in reading order."""
    modules = s.connection().execute(_MODULES, {"id": assignment_id}).scalar()
    return [m for m in (modules or "").split(",") if m]


def create_participant(s: orm.Session, role: str = "self", assignment_id: int | None = None) -> PersonRecord:
    """Add a person with a fresh random id."""
    p = Participant(public_id=new_public_id(), role=role, assignment_id=assignment_id)
    s.add(p)
    s.flush()
    return PersonRecord(p.id, p.public_id, p.assignment_id, p.role)


def attempts_of(s: orm.Session, participant_id: int) -> list[AttemptRecord]:
    """Return all of a person's attempts, oldest first."""
    return [_attempt(a) for a in s.connection().execute(_ATTEMPTS, {"pid": participant_id})]


def _attempt(a) -> AttemptRecord:
    """Turn an attempt (a model or a row) into a record."""
    return AttemptRecord(id=a.id, public_id=a.public_id, module_id=a.module_id, finished_at=a.finished_at,
                         retry_started_at=a.retry_started_at, retry_total=a.retry_total,
                         first_correct=a.first_correct, retry_correct=a.retry_correct)


def start_attempt(s: orm.Session, participant_id: int, module_id: str, version: str, count: int) -> None:
    """Create the attempt if it does not exist yet (a double click starts one)."""
    insert_ignore(s, Attempt, {"public_id": new_public_id(), "participant_id": participant_id,
                               "module_id": module_id, "content_version": version,
                               "question_count": count, "started_at": clock.now()},
                  ["participant_id", "module_id"])


def record_visit(s: orm.Session, attempt_id: int, section_id: str) -> None:
    """Remember when a section was first opened (for time spent reading)."""
    insert_ignore(s, SectionVisit, {"attempt_id": attempt_id, "section_id": section_id,
                                    "opened_at": clock.now()}, ["attempt_id", "section_id"])


def visits(s: orm.Session, attempt_ids: list[int]) -> list[VisitRecord]:
    """Return section visits of these attempts."""
    if not attempt_ids:
        return []
    return [VisitRecord(*r) for r in s.connection().execute(_VISITS, {"ids": list(attempt_ids)})]


def answers_of(s: orm.Session, attempt_ids: list[int]) -> list[AnswerRecord]:
    """Return the answers of several attempts at once (no query per attempt)."""
    if not attempt_ids:
        return []
    result = s.connection().execute(_ANSWERS, {"ids": list(attempt_ids)})
    return _answers(result.all(), list(result.keys()))


def save_version(s: orm.Session, content_hash: str, module_id: str, question_id: str, snapshot: dict) -> None:
    """Store what a question looked like, once per version (a no-op when it is stored already)."""
    insert_ignore(s, QuestionVersion, {"content_hash": content_hash, "module_id": module_id,
                                       "question_id": question_id, "snapshot": json.dumps(snapshot)},
                  ["content_hash"])


def store_answer(s: orm.Session, attempt_id: int, question_id: str, content_hash: str, rnd: Round,
                 choice_id: str, correct: bool, confidence: str | None, lang: str = "en", form: int = 0) -> bool:
    """Store the first answer to a question in a phase, with the language it was shown in and the parallel form
    drawn; a repeat stores nothing. Tell if stored."""
    return insert_ignore(s, Answer, {
        "attempt_id": attempt_id, "question_id": question_id, "round": int(rnd), "choice": choice_id,
        "correct": correct, "confidence": confidence, "content_hash": content_hash, "answered_at": clock.now(),
        "lang": lang, "form": form,
    }, ["attempt_id", "question_id", "round"])


def save_scores(s: orm.Session, attempt_id: int, first_correct: int, retry_total: int, retry_correct: int,
                finished: bool) -> None:
    """Write the scores recomputed from stored answers onto the attempt (finished time set once)."""
    values = {"attempt": attempt_id, "first": first_correct, "retry_total": retry_total, "retry_right": retry_correct}
    if finished:
        s.connection().execute(_SAVE_FINISHED, {**values, "now": clock.now()})
    else:
        s.connection().execute(_SAVE_SCORES, values)


def start_retry(s: orm.Session, attempt_id: int, missed: int) -> None:
    """Open the retry round once, remembering how many questions it holds."""
    s.connection().execute(_START_RETRY, {"attempt": attempt_id, "now": clock.now(), "missed": missed})


_QV = table(QuestionVersion)
_SNAPSHOTS = (sa.select(_QV.c.content_hash, _QV.c.snapshot)
              .where(_QV.c.content_hash.in_(sa.bindparam("hashes", expanding=True))))
# A question version's snapshot is written once and never changed, so each worker keeps the ones it has read,
# per database, parsed: a clinician's report no longer parses the same JSON on every view.
_KEPT_SNAPSHOTS: weakref.WeakKeyDictionary[sa.Engine, dict[str, dict]] = weakref.WeakKeyDictionary()
KEEP_AT_MOST = 20_000  # versions kept per database; past this the kept ones are dropped and read again


def question_versions(s: orm.Session, hashes: set[str]) -> dict[str, dict]:
    """Return stored question snapshots by content hash (shared between requests: read them, never change them).

    Only versions this worker has not read before are fetched: a stored version never changes."""
    if not hashes:
        return {}
    engine = s.get_bind()
    kept = _KEPT_SNAPSHOTS.setdefault(engine, {})  # type: ignore[arg-type]
    missing = [h for h in hashes if h not in kept]
    if missing:
        if len(kept) + len(missing) > KEEP_AT_MOST:
            kept.clear()
            missing = list(hashes)
        kept.update((h, json.loads(snap)) for h, snap in s.connection().execute(_SNAPSHOTS, {"hashes": missing}))
    return {h: kept[h] for h in hashes if h in kept}


def old_attempts_count(s: orm.Session, before: dt.datetime) -> int:
    """Count attempts started before a moment."""
    return s.scalar(sa.select(sa.func.count()).select_from(Attempt).where(Attempt.started_at < before)) or 0


def purge_before(s: orm.Session, before: dt.datetime) -> int:
    """Delete attempts started before a moment (answers go with them) and people left with none."""
    old = sa.select(Attempt.id).where(Attempt.started_at < before)
    s.execute(sa.delete(Answer).where(Answer.attempt_id.in_(old)))
    s.execute(sa.delete(SectionVisit).where(SectionVisit.attempt_id.in_(old)))
    n = changed(s.execute(sa.delete(Attempt).where(Attempt.started_at < before)))
    has_attempt = sa.select(Attempt.id).where(Attempt.participant_id == Participant.id).exists()
    s.execute(sa.delete(Participant).where(Participant.created_at < before, ~has_attempt))
    return n
