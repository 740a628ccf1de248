"""Pure rules of a quiz: what comes next, what is allowed, scores and concept breakdown.

Nothing here imports Flask or the database: it works on content objects and plain answer records.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Iterable, Sequence

from . import phases
from .content.model import DONT_KNOW, Choice, Module, Question
from .records import AnswerRecord
from .states import Confidence, Round, StepKind

FIRST, RETRY = Round.FIRST, Round.RETRY
Answers = Sequence[AnswerRecord]


@dataclass(frozen=True)
class Step:
    """Where a patient should be: reading a section, answering a question, or at the results."""
    kind: StepKind
    section_id: str | None = None
    question_id: str | None = None
    round: Round = FIRST


@dataclass(frozen=True)
class ConceptScore:
    concept: str
    total: int
    correct: int


@dataclass(frozen=True)
class Score:
    total: int
    first_correct: int
    missed: tuple[str, ...]
    retry_total: int
    retry_correct: int
    retry_done: bool
    concepts: tuple[ConceptScore, ...]

    @property
    def first_percent(self) -> int:
        """Return the first-try score as a whole percentage."""
        return round(100 * self.first_correct / self.total) if self.total else 0


def grade(question: Question, choice_id: str) -> bool:
    """Tell whether this choice is the right answer to this question."""
    choice = question.choice(choice_id)
    return bool(choice and choice.correct)


def by_round(answers: Iterable[AnswerRecord], rnd: Round) -> dict[str, AnswerRecord]:
    """Index one round's answers by question id (the first stored answer counts)."""
    out: dict[str, AnswerRecord] = {}
    for a in answers:
        if a.round == rnd:
            out.setdefault(a.question_id, a)
    return out


def missed_questions(module: Module, answers: Iterable[AnswerRecord]) -> list[Question]:
    """Return the questions answered wrongly (or not known) on the first try, in reading order."""
    first = by_round(answers, FIRST)
    return [q for q in module.questions if q.id in first and not first[q.id].correct]


def retry_forms(module: Module, answers: Answers) -> dict[str, Question]:
    """Map each missed first-round question's id to the new question the retry round asks in its place."""
    return phases.retry_forms(module, missed_questions(module, answers), answers)


def retry_questions(module: Module, answers: Answers) -> list[Question]:
    """Return what the retry round asks: for each missed question, a parallel one new to the reader."""
    return list(retry_forms(module, answers).values())


def next_step(module: Module, answers: Answers, retrying: bool = False, before: Sequence[Question] = ()) -> Step:
    """Return where the patient continues: the check before reading (when asked for and nothing is answered
    after reading yet), then the first unanswered question (after its reading)."""
    first = by_round(answers, FIRST)
    if before and not first and (step := _before_step(answers, before)) is not None:
        return step
    for section in module.sections:
        pending = [q for q in section.questions if q.id not in first]
        if pending:
            if len(pending) == len(section.questions):
                return Step(StepKind.READ, section.id)
            return Step(StepKind.QUESTION, section.id, pending[0].id)
    if retrying:
        retry = by_round(answers, RETRY)
        for q in retry_questions(module, answers):
            if q.id not in retry:
                return Step(StepKind.QUESTION, q.section_id, q.id, RETRY)
    return Step(StepKind.RESULTS)


def _before_step(answers: Answers, before: Sequence[Question]) -> Step | None:
    """Where the check before reading continues: its opening screen, its next question, or None when done."""
    done = by_round(answers, Round.BEFORE)
    pending = [q for q in before if q.id not in done]
    if not pending:
        return None
    if not done:
        return Step(StepKind.BEFORE)
    return Step(StepKind.QUESTION, pending[0].section_id, pending[0].id, Round.BEFORE)


def may_open_section(module: Module, answers: Answers, section_id: str) -> bool:
    """Allow a section's reading once every question before it is answered."""
    first = by_round(answers, FIRST)
    for section in module.sections:
        if section.id == section_id:
            return True
        if any(q.id not in first for q in section.questions):
            return False
    return False


def may_answer(module: Module, answers: Answers, question: Question, rnd: Round,
               drawn: Sequence[Question] = ()) -> bool:
    """Allow a question that is answered already, or the next one in order; retry only what was missed; before
    reading and at the re-check only what that phase drew for the reader (`drawn`), before reading only until
    the first round begins."""
    if rnd == RETRY:
        return question in retry_questions(module, answers)
    if rnd == Round.BEFORE:
        return question in drawn and not by_round(answers, FIRST)
    if rnd == Round.RECHECK:
        return question in drawn
    first = by_round(answers, FIRST)
    for q in module.questions:
        if q.id == question.id:
            return True
        if q.id not in first:
            return False
    return False


def wrong_and_sure(round_: int, correct: bool, confidence: str | None, choice: str) -> bool:
    """The rule for "wrong and sure", the misunderstandings most worth a talk: a wrong first-try pick (not
    "I don't know yet", which is a gap) marked sure. The list of assignments counts the same rows in SQL
    (store.clinicians.sure_but_wrong); a test holds the two to this rule."""
    return round_ == Round.FIRST and not correct and choice != DONT_KNOW and confidence == Confidence.SURE


def retry_counts(module: Module, answers: Answers) -> tuple[int, int, int]:
    """The retry score, defined once (the patient's results, the attempt's stored score and the clinician's
    report all read it here): over the retry question of each question missed on the first try, how many
    are asked, answered right, and answered at all."""
    retry = by_round(answers, RETRY)
    asked = [q.id for q in retry_questions(module, answers)]
    return len(asked), sum(1 for i in asked if i in retry and retry[i].correct), sum(1 for i in asked if i in retry)


def score(module: Module, answers: Answers) -> Score:
    """Compute first-try and retry scores and the per-concept breakdown from stored answers."""
    first = by_round(answers, FIRST)
    missed = missed_questions(module, answers)
    retry_total, retry_correct, retry_answered = retry_counts(module, answers)
    concepts: dict[str, list[int]] = {}
    for q in module.questions:
        row = concepts.setdefault(q.concept, [0, 0])
        row[0] += 1
        row[1] += bool(q.id in first and first[q.id].correct)
    return Score(
        total=len(module.questions),
        first_correct=sum(1 for a in first.values() if a.correct),
        missed=tuple(q.id for q in missed),
        retry_total=retry_total,
        retry_correct=retry_correct,
        retry_done=bool(retry_total) and retry_answered == retry_total,
        concepts=tuple(ConceptScore(c, t, k) for c, (t, k) in concepts.items()),
    )


def is_finished(module: Module, answers: Answers) -> bool:
    """Tell whether every question has a first-try answer."""
    return len(by_round(answers, FIRST)) >= len(module.questions)


def question_number(module: Module, question: Question, rnd: Round, answers: Answers,
                    drawn: Sequence[Question] = ()) -> tuple[int, int]:
    """Return (position, total) for "Question 4 of 15" in this round."""
    pool = list(module.questions) if rnd == FIRST else retry_questions(module, answers) if rnd == RETRY else drawn
    ids = [q.id for q in pool]
    return (ids.index(question.id) + 1 if question.id in ids else 0, len(ids))


def shuffled_choices(attempt_key: str, question: Question) -> list[Choice]:
    """Return the authored choices in an order random per attempt but stable for it; "I don't know yet" last."""
    seed = hashlib.sha256(f"{attempt_key}:{question.id}".encode()).digest()
    order = list(question.authored_choices)
    random.Random(seed).shuffle(order)
    return order + [c for c in question.choices if c.unknown]


def N_(text: str) -> str:
    """Mark words for the translators' catalogue without translating them here (the page translates them)."""
    return text


def plain_words(percent: int) -> str:
    """Describe a score kindly, in words a patient would use (English; the results page shows them translated)."""
    if percent >= 90:
        return N_("You understood nearly all of this.")
    if percent >= 70:
        return N_("You understood most of this.")
    if percent >= 40:
        return N_("You understood some of this. The parts you missed are good to talk over.")
    return N_("Much of this was new. That is normal, and your care team can go through it with you.")
