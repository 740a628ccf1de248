"""Answering a question: one unit of work that grades, stores, rescores and counts the first round."""
from __future__ import annotations

from sqlalchemy import orm

from . import phases, scoring
from .content.model import Module, Question
from .records import AttemptRecord
from .states import Round
from .store import progress as store
from .store import stats


def record_answer(s: orm.Session, module: Module, attempt: AttemptRecord, question: Question, rnd: Round,
                  choice_id: str, confidence: str | None, clinician_id: int | None) -> bool:
    """Store the first answer to a question in a round and everything that follows from it; tell if stored.

    A repeat (a double click, a resubmit) stores nothing and changes nothing. The retry total is fixed
    once the retry round has begun; the statistics count a first round once, when it is finished, and an
    answer before reading or at the re-check when it is given. The answers are re-read here, inside the
    write lock, on purpose: the view's copy may be stale.
    """
    store.save_version(s, question.content_hash, module.id, question.id, question.snapshot())
    correct = scoring.grade(question, choice_id)
    if not store.store_answer(s, attempt.id, question.id, question.content_hash, rnd, choice_id, correct,
                              confidence, question.lang, phases.form_index(question, module)):
        return False
    if rnd in (Round.BEFORE, Round.RECHECK):  # counted at once: these phases have no "finished" moment
        stats.add_phase_answer(s, clinician_id, question.id, rnd, correct, question.lang)
        return True
    answers = store.answers_of(s, [attempt.id])
    result = scoring.score(module, answers)
    finished = scoring.is_finished(module, answers)
    retry_total = attempt.retry_total if attempt.retry_started_at else result.retry_total
    store.save_scores(s, attempt.id, result.first_correct, retry_total, result.retry_correct, finished)
    if rnd == Round.FIRST and finished:
        stats.add_first_round(s, clinician_id, answers, result.first_correct)
    return True
