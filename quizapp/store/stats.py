"""The running counts behind question statistics: kept as first rounds finish, never per request."""
from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa
from sqlalchemy import orm

from ..models import ItemTally, PhaseTally
from ..records import AnswerRecord
from ..states import Round
from .progress import question_versions
from .sql import changed, table, upsert

_KEY = ("clinician_id", "question_id", "content_hash", "choice", "correct", "score")


def item_counts(s: orm.Session, clinician_id: int | None = None, lang: str | None = None) -> list[tuple]:
    """Count first-try answers per (question, version, choice, correct, the person's first-try score).

    Read from the running tally (a few thousand rows however many answers are stored), so the
    statistics cost the same at a million answers as at ten thousand. With a clinician id, only
    people from that clinician's assignments count; with a language, only answers to questions shown in it.
    """
    t = table(ItemTally)
    q = sa.select(t.c.question_id, t.c.content_hash, t.c.choice, t.c.correct, t.c.score, sa.func.sum(t.c.n))
    if clinician_id is not None:
        q = q.where(t.c.clinician_id == clinician_id)
    if lang is not None:
        q = q.where(t.c.lang == lang)
    q = q.group_by(t.c.question_id, t.c.content_hash, t.c.choice, t.c.correct, t.c.score)
    return [tuple(r) for r in s.connection().execute(q)]


def add_first_round(s: orm.Session, clinician_id: int | None, answers: Iterable[AnswerRecord], score: int,
                    sign: int = 1) -> None:
    """Add a finished first round to the running counts (sign -1 takes one back out)."""
    counts: dict[tuple, int] = {}
    for a in answers:
        if a.round == Round.FIRST:
            key = (a.question_id, a.content_hash, a.choice, bool(a.correct), a.lang)
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return
    t = table(ItemTally)
    stmt = upsert(s, t)
    stmt = stmt.on_conflict_do_update(index_elements=[t.c[k] for k in _KEY], set_={"n": t.c.n + stmt.excluded.n})
    s.connection().execute(stmt, [{"clinician_id": clinician_id or 0, "question_id": qid, "content_hash": h,
                                   "choice": choice, "correct": correct, "score": score, "n": sign * n,
                                   "lang": lang} for (qid, h, choice, correct, lang), n in counts.items()])


_RECOUNT = sa.text("""
    INSERT INTO item_tally (clinician_id, question_id, content_hash, choice, correct, score, n, lang)
    SELECT COALESCE(g.clinician_id, 0), a.question_id, a.content_hash, a.choice, a.correct, t.first_correct,
           COUNT(*), MIN(a.lang)
    FROM answer a
    JOIN attempt t ON t.id = a.attempt_id
    JOIN participant p ON p.id = t.participant_id
    LEFT JOIN assignment g ON g.id = p.assignment_id
    WHERE a.round = 1 AND t.finished_at IS NOT NULL AND p.removed_at IS NULL
    GROUP BY COALESCE(g.clinician_id, 0), a.question_id, a.content_hash, a.choice, a.correct, t.first_correct
""")


def rebuild_item_tally(s: orm.Session) -> int:
    """Recount the statistics from every stored answer (after a bulk import); return the rows written."""
    s.connection().execute(sa.delete(table(ItemTally)))
    s.connection().execute(sa.delete(table(PhaseTally)))
    s.connection().execute(_RECOUNT_PHASES)
    return changed(s.connection().execute(_RECOUNT))


def counts_with_versions(s: orm.Session, clinician_id: int | None = None,
                         lang: str | None = None) -> tuple[list[tuple], dict[str, dict]]:
    """Return the counts (in one language, or all) and the snapshots of every question version they were given in."""
    rows = item_counts(s, clinician_id, lang)
    return rows, question_versions(s, {r[1] for r in rows})


def add_phase_answer(s: orm.Session, clinician_id: int | None, question_id: str, rnd: Round, correct: bool,
                     lang: str, sign: int = 1) -> None:
    """Count one answer given before reading or at the re-check (sign -1 takes one back out)."""
    t = table(PhaseTally)
    stmt = upsert(s, t)
    stmt = stmt.on_conflict_do_update(index_elements=[t.c.clinician_id, t.c.question_id, t.c.round, t.c.correct,
                                                      t.c.lang], set_={"n": t.c.n + stmt.excluded.n})
    s.connection().execute(stmt, {"clinician_id": clinician_id or 0, "question_id": question_id, "round": int(rnd),
                                  "correct": correct, "lang": lang, "n": sign})


def phase_counts(s: orm.Session, clinician_id: int | None = None, lang: str | None = None) -> list[tuple]:
    """Count answers before reading and at the re-check per (question form, phase, right or wrong)."""
    t = table(PhaseTally)
    q = sa.select(t.c.question_id, t.c.round, t.c.correct, sa.func.sum(t.c.n))
    if clinician_id is not None:
        q = q.where(t.c.clinician_id == clinician_id)
    if lang is not None:
        q = q.where(t.c.lang == lang)
    q = q.group_by(t.c.question_id, t.c.round, t.c.correct)
    return [tuple(r) for r in s.connection().execute(q)]


_RECOUNT_PHASES = sa.text("""
    INSERT INTO phase_tally (clinician_id, question_id, round, correct, lang, n)
    SELECT COALESCE(g.clinician_id, 0), a.question_id, a.round, a.correct, a.lang, COUNT(*)
    FROM answer a
    JOIN attempt t ON t.id = a.attempt_id
    JOIN participant p ON p.id = t.participant_id
    LEFT JOIN assignment g ON g.id = p.assignment_id
    WHERE a.round IN (0, 3) AND p.removed_at IS NULL
    GROUP BY COALESCE(g.clinician_id, 0), a.question_id, a.round, a.correct, a.lang
""")
