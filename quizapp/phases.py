"""Which parallel question each phase asks one reader: before reading, the second try and the re-check.

The first round asks every first-round question. The check before reading asks one question per concept,
the second try one new question per missed question, the re-check one new question per concept it covers;
each draws a form (the first-round question, its sibling, its alternate) this reader has not met in another
phase, so no phase repeats a question. Draws are seeded by the attempt, so they are the same on every page
and for every worker, and a form stored with an answer is kept as drawn. Pure: no Flask, no database.
"""
from __future__ import annotations

import hashlib
import math
from typing import Iterable, Sequence

from .content.model import Module, Question
from .records import AnswerRecord
from .states import Round

FORM_NAMES = ("question", "sibling", "alternate")  # by a form's place in Question.forms


def form_index(question: Question, module: Module) -> int:
    """Say which form of its first-round question this is: 0 the question, 1 its sibling, 2 its alternate."""
    first = family(module).get(question.id)
    if first is None:
        return 0
    for n, f in enumerate((first, first.sibling, first.alternate)):
        if f is not None and f.id == question.id:
            return n
    return 0


def family(module: Module) -> dict[str, Question]:
    """Map every form's id to the first-round question it is a form of."""
    return {f.id: q for q in module.questions for f in q.forms}


def concepts(module: Module) -> list[str]:
    """The module's concepts in reading order."""
    return list(dict.fromkeys(q.concept for q in module.questions))


def _answered(answers: Iterable[AnswerRecord], rnd: Round) -> set[str]:
    return {a.question_id for a in answers if a.round == rnd}


def _seeded(key: str, phase: str, concept: str, n: int) -> int:
    """A number below n, the same for this attempt, phase and concept on every call."""
    digest = hashlib.sha256(f"{key}:{phase}:{concept}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % n


def _pool(module: Module, concept: str) -> list[Question]:
    """Every form of every first-round question on a concept, in reading order."""
    return [f for q in module.questions if q.concept == concept for f in q.forms]


def before_questions(module: Module, key: str, answers: Sequence[AnswerRecord]) -> list[Question]:
    """One question per concept for the check before reading: an alternate (never a first-round question)."""
    asked = _answered(answers, Round.BEFORE)
    out = []
    for c in concepts(module):
        pool = _pool(module, c)
        stored = [f for f in pool if f.id in asked]
        if stored:
            out.append(stored[0])
            continue
        firsts = [q for q in module.questions if q.concept == c]
        choices = [q.alternate for q in firsts if q.alternate] or [f for q in firsts for f in q.forms[1:]]
        if choices:
            out.append(choices[_seeded(key, "before", c, len(choices))])
    return out


def retry_forms(module: Module, missed: Sequence[Question], answers: Sequence[AnswerRecord]) -> dict[str, Question]:
    """For each missed first-round question, the new question the second try asks (by the missed one's id).

    Its sibling when that is still new to the reader, else another form on the same concept the reader has
    not met; the question itself only when there is nothing else. A form already answered in the second
    try is kept, so answers stored before phases existed read as they were given.
    """
    met = _answered(answers, Round.BEFORE) | {q.id for q in module.questions}
    tried = _answered(answers, Round.RETRY)
    out: dict[str, Question] = {}
    for q in missed:
        stored = next((f for f in q.forms[1:] if f.id in tried), None)
        if stored is None and q.sibling is None and q.id in tried:  # asked itself before it had a sibling
            stored = q
        taken = met | {f.id for f in out.values()}
        fresh = [f for f in q.forms[1:] if f.id not in taken] or \
                [f for f in _pool(module, q.concept) if f.id not in taken]
        out[q.id] = stored or (fresh[0] if fresh else q)
    return out


def recheck_concepts(module: Module, key: str, answers: Sequence[AnswerRecord]) -> list[str]:
    """The concepts a re-check covers: every one missed or shaky in the first round, plus half of the others."""
    first = {a.question_id: a for a in answers if a.round == Round.FIRST}
    weak = {q.concept for q in module.questions
            if q.id in first and not (first[q.id].correct and first[q.id].confidence == "sure")}
    others = [c for c in concepts(module) if c not in weak]
    sample = set(sorted(others, key=lambda c: _seeded(key, "sample", c, 2**31))[:math.ceil(len(others) / 2)])
    return [c for c in concepts(module) if c in weak or c in sample]


def recheck_questions(module: Module, key: str, answers: Sequence[AnswerRecord],
                      missed: Sequence[Question]) -> list[Question]:
    """One question per re-checked concept that this reader has met in no other phase (a concept with none
    left is skipped rather than asked again)."""
    asked = _answered(answers, Round.RECHECK)
    met = (_answered(answers, Round.BEFORE) | {q.id for q in module.questions}
           | {f.id for f in retry_forms(module, missed, answers).values()})
    out = []
    for c in recheck_concepts(module, key, answers):
        pool = _pool(module, c)
        stored = [f for f in pool if f.id in asked]
        fresh = [f for f in pool if f.id not in met]
        if stored:
            out.append(stored[0])
        elif fresh:
            out.append(fresh[_seeded(key, "recheck", c, len(fresh))])
    return out
