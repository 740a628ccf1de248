"""The four phases draw different parallel questions for one reader, the same ones on every page."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from quizapp import phases, scoring
from quizapp.content.model import DONT_KNOW
from quizapp.records import AnswerRecord
from quizapp.states import Round

T0 = dt.datetime(2026, 12, 1, 9, 0)


@pytest.fixture(scope="module")
def demo():
    from quizapp import create_app
    from tests.config import SETTINGS
    app = create_app({**SETTINGS, "DATABASE_URL": "sqlite://"})
    return app.extensions["catalogue"].module("demo")


def _answer(q, rnd, right: bool, sure: str | None = "sure") -> AnswerRecord:
    choice = q.correct_choice.id if right else next(c.id for c in q.choices if not c.correct and not c.unknown)
    return AnswerRecord(q.id, rnd, choice, right, sure, T0)


def _walk(module, key: str, right_first: tuple[bool, ...], right_retry: bool = False) -> dict[Round, list[str]]:
    """Play one reader through every phase: before, first round, second try, re-check; return what each asked."""
    answers = [AnswerRecord(q.id, Round.BEFORE, DONT_KNOW, False, None, T0)
               for q in phases.before_questions(module, key, [])]
    asked = {Round.BEFORE: [a.question_id for a in answers]}
    answers += [_answer(q, Round.FIRST, ok) for q, ok in zip(module.questions, right_first, strict=True)]
    asked[Round.FIRST] = [q.id for q in module.questions]
    retry = scoring.retry_questions(module, answers)
    answers += [_answer(q, Round.RETRY, right_retry) for q in retry]
    asked[Round.RETRY] = [q.id for q in retry]
    missed = scoring.missed_questions(module, answers)
    recheck = phases.recheck_questions(module, key, answers, missed)
    asked[Round.RECHECK] = [q.id for q in recheck]
    return asked


@pytest.mark.parametrize("pattern", list(itertools.product((True, False), repeat=4)),
                         ids=lambda p: "".join("+" if x else "-" for x in p))
@pytest.mark.parametrize("key", ["reader-a", "reader-b", "reader-c", "reader-d"])
def test_the_four_phases_never_draw_the_same_question_for_one_reader(demo, pattern, key):
    asked = _walk(demo, key, pattern)
    every = [qid for ids in asked.values() for qid in ids]
    assert len(every) == len(set(every)), asked
    assert len(asked[Round.BEFORE]) == len(phases.concepts(demo))  # one question per concept before reading
    assert not set(asked[Round.BEFORE]) & {q.id for q in demo.questions}


def test_the_check_before_reading_asks_one_alternate_per_concept(demo):
    drawn = phases.before_questions(demo, "reader-a", [])
    assert [q.concept for q in drawn] == ["genes-dna", "addition-vs-editing"]
    assert all(q.id.endswith("-alt") for q in drawn)


def test_draws_are_the_same_on_every_call_and_differ_between_readers(demo):
    draws = {k: [q.id for q in phases.before_questions(demo, k, [])] for k in (f"reader-{n}" for n in range(12))}
    assert draws["reader-1"] == [q.id for q in phases.before_questions(demo, "reader-1", [])]
    assert len({tuple(d) for d in draws.values()}) > 1


def test_a_stored_answer_keeps_the_form_it_was_given_on(demo):
    q1 = demo.question("demo-q1")
    stored = [AnswerRecord(q1.alternate.id, Round.BEFORE, DONT_KNOW, False, None, T0)]
    for key in ("reader-a", "reader-b", "reader-c"):
        assert phases.before_questions(demo, key, stored)[0].id == q1.alternate.id


def test_the_recheck_covers_every_missed_or_shaky_concept(demo):
    answers = [_answer(q, Round.FIRST, q.concept != "genes-dna") for q in demo.questions]
    assert "genes-dna" in phases.recheck_concepts(demo, "reader-a", answers)
    unsure = [_answer(q, Round.FIRST, True, "unsure" if q.concept == "addition-vs-editing" else "sure")
              for q in demo.questions]
    assert "addition-vs-editing" in phases.recheck_concepts(demo, "reader-a", unsure)


def test_the_recheck_samples_half_of_the_concepts_held(demo):
    answers = [_answer(q, Round.FIRST, True) for q in demo.questions]
    assert len(phases.recheck_concepts(demo, "reader-a", answers)) == 1


@pytest.mark.parametrize("form, index", [("demo-q1", 0), ("demo-q1-again", 1), ("demo-q1-alt", 2),
                                         ("demo-q4-alt", 2), ("no-such-question", 0)])
def test_the_form_drawn_is_named_by_its_place(demo, form, index):
    q = demo.question(form) or demo.questions[0]
    assert phases.form_index(q, demo) == (index if demo.question(form) else 0)
