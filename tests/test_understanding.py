""""Understood" needs two different questions on an idea answered right and sure, none wrong."""
from __future__ import annotations

import datetime as dt

import pytest

from quizapp import findings
from quizapp.content.model import DONT_KNOW, Catalogue
from quizapp.reports import Pick

T0 = dt.datetime(2026, 12, 1, 10, 0)
CAT = Catalogue(modules={}, glossary={}, misconceptions={}, concepts={}, checklist=())


def _pick(correct: bool, confidence: str | None, choice: str = "x") -> Pick:
    return Pick(choice, "text", correct, confidence, T0, None)


RIGHT_SURE, RIGHT_UNSURE, RIGHT_UNSAID = _pick(True, "sure"), _pick(True, "unsure"), _pick(True, None)
WRONG_SURE, NOT_KNOWN = _pick(False, "sure"), _pick(False, None, DONT_KNOW)


@pytest.mark.parametrize("answers, understood, right_once", [
    pytest.param([("q1", RIGHT_SURE)], [], ["idea"], id="one-right-answer-is-right-once"),
    pytest.param([("q1", RIGHT_SURE), ("q2", RIGHT_SURE)], ["idea"], [], id="two-questions-right-and-sure"),
    pytest.param([("q1", RIGHT_SURE), ("q1-again", RIGHT_SURE)], ["idea"], [],
                 id="a-first-round-question-and-its-parallel-question"),
    pytest.param([("q1", RIGHT_SURE), ("q1", RIGHT_SURE)], [], ["idea"], id="the-same-question-twice-is-one"),
    pytest.param([("q1", RIGHT_SURE), ("q2", RIGHT_UNSURE)], [], ["idea"], id="right-but-guessing-is-not-sure"),
    pytest.param([("q1", RIGHT_SURE), ("q2", RIGHT_SURE), ("q3", WRONG_SURE)], [], [], id="one-wrong-answer-spoils-it"),
    pytest.param([("q1", RIGHT_SURE), ("q2", RIGHT_SURE), ("q3", NOT_KNOWN)], [], [], id="i-dont-know-yet-is-not-right"),
    pytest.param([("q1", RIGHT_SURE), ("q2", RIGHT_SURE), ("q3", RIGHT_UNSURE)], ["idea"], [],
                 id="a-further-unsure-right-answer-takes-nothing-away"),
    pytest.param([("q1", RIGHT_UNSAID), ("q2", RIGHT_UNSAID)], [], ["idea"],
                 id="old-answers-without-a-sureness-are-right-once"),
    pytest.param([], [], [], id="nothing-answered-nothing-listed"),
])
def test_understood_needs_two_different_questions_right_and_sure_and_none_wrong(answers, understood, right_once):
    got_understood, got_once = findings.understanding(CAT, [("idea", qid, p) for qid, p in answers])
    assert [c.concept for c in got_understood] == understood
    assert [c.concept for c in got_once] == right_once


def test_right_once_says_when_the_person_did_not_say_how_sure():
    _, (line,) = findings.understanding(CAT, [("idea", "q1", RIGHT_UNSAID)])
    assert line.sure_given is False
    _, (line,) = findings.understanding(CAT, [("idea", "q1", RIGHT_SURE)])
    assert line.sure_given is True


def test_ideas_are_judged_apart():
    understood, once = findings.understanding(CAT, [("a", "q1", RIGHT_SURE), ("a", "q2", RIGHT_SURE),
                                                    ("b", "q3", RIGHT_SURE), ("c", "q4", WRONG_SURE)])
    assert [c.concept for c in understood] == ["a"] and [c.concept for c in once] == ["b"]


def test_the_same_answers_always_read_the_same():
    evidence = [("a", "q1", RIGHT_SURE), ("a", "q2", RIGHT_SURE), ("b", "q3", RIGHT_UNSURE)]
    assert findings.understanding(CAT, evidence) == findings.understanding(CAT, list(evidence))
