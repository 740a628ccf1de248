"""The quiz rules on a small hand-built topic: every expected value is written out, never computed by scoring."""
from __future__ import annotations

import datetime as dt

import pytest

from quizapp import scoring
from quizapp.content.model import DONT_KNOW_CHOICE, Choice, Module, Question, Section
from quizapp.records import AnswerRecord
from quizapp.scoring import Step
from quizapp.states import Round, StepKind

FIRST, RETRY = Round.FIRST, Round.RETRY
READ, QUESTION, RESULTS = StepKind.READ, StepKind.QUESTION, StepKind.RESULTS
START = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone.utc)
MARKS = {"+": ("right", True), "-": ("wrong", False), "?": ("dont-know", False)}


def question(qid: str, section: str, concept: str, sibling: bool = True) -> Question:
    """Build a question with one right choice, two wrong ones and "I don't know yet"; its sibling is <id>2."""
    def build(id_: str, sib: Question | None = None) -> Question:
        choices = (Choice("right", f"Right for {id_}", True, "Yes."),
                   Choice("wrong", f"Wrong for {id_}", False, "No.", "mix-up"),
                   Choice("other", f"Other for {id_}", False, "No.", "mix-up"),
                   DONT_KNOW_CHOICE)
        return Question(id_, "topic", section, concept, f"Prompt {id_}?", choices, "Because.", f"hash-{id_}", sib)
    return build(qid, build(f"{qid}2") if sibling else None)


def section(sid: str, *questions: Question) -> Section:
    """Build a section holding these questions."""
    return Section(sid, sid.title(), "Some words.", "<p>Some words.</p>", ("A source",), (), questions)


def module(*sections: Section) -> Module:
    """Build a topic from its sections."""
    return Module("topic", "Topic", "A summary.", 1, dt.date(2026, 11, 30), ("A source",), sections, "v1")


# Reading order a b | c d | e. Concepts: a b genes, c d risks, e trials. Siblings a2 b2 c2 e2; d has none.
TOPIC = module(section("one", question("a", "one", "genes"), question("b", "one", "genes")),
               section("two", question("c", "two", "risks"), question("d", "two", "risks", sibling=False)),
               section("three", question("e", "three", "trials")))
SMALL = module(section("only", question("x", "only", "genes"), question("y", "only", "genes"),
                       question("z", "only", "genes")))


def answers(first: str = "", retry: str = "") -> list[AnswerRecord]:
    """Turn "a+ b- c?" (right, wrong, "I don't know yet") for each round into stored answers, in that order."""
    out: list[AnswerRecord] = []
    for rnd, text in ((FIRST, first), (RETRY, retry)):
        for item in text.split():
            choice, correct = MARKS[item[-1]]
            out.append(AnswerRecord(item[:-1], rnd, choice, correct, "sure", START + dt.timedelta(minutes=len(out))))
    return out


def find(qid: str) -> Question:
    """Return a question of TOPIC (siblings too) by id."""
    found = TOPIC.question(qid)
    assert found is not None, qid
    return found


ALL_RIGHT = "a+ b+ c+ d+ e+"
A_MISSED = "a- b+ c+ d+ e+"
ALL_MISSED = "a- b? c- d? e-"


@pytest.mark.parametrize("first, retry, retrying, expected", [
    pytest.param("", "", False, Step(READ, "one"), id="nothing-answered-reads-the-first-section"),
    pytest.param("a+", "", False, Step(QUESTION, "one", "b"), id="next-question-in-the-same-section"),
    pytest.param("a+ b-", "", False, Step(READ, "two"), id="a-finished-section-leads-to-the-next-reading"),
    pytest.param("a+ b- c+", "", False, Step(QUESTION, "two", "d"), id="wrong-answers-do-not-hold-anyone-back"),
    pytest.param("b+", "", False, Step(QUESTION, "one", "a"), id="an-answer-out-of-order-leaves-the-earlier-one-next"),
    pytest.param(ALL_RIGHT, "", False, Step(RESULTS), id="all-answered-goes-to-results"),
    pytest.param(ALL_RIGHT, "", True, Step(RESULTS), id="retrying-with-nothing-missed-goes-to-results"),
    pytest.param(A_MISSED, "", False, Step(RESULTS), id="missed-but-retry-not-opened-goes-to-results"),
    pytest.param(A_MISSED, "", True, Step(QUESTION, "one", "a2", RETRY), id="retry-asks-the-missed-ones-sibling"),
    pytest.param(ALL_MISSED, "", True, Step(QUESTION, "one", "a2", RETRY), id="all-missed-retry-starts-at-the-first"),
    pytest.param(ALL_MISSED, "a2+", True, Step(QUESTION, "one", "b2", RETRY), id="retry-goes-on-in-reading-order"),
    pytest.param(ALL_MISSED, "a2+ b2- c2+", True, Step(QUESTION, "two", "d", RETRY),
                 id="no-sibling-asks-the-question-itself-again"),
    pytest.param(ALL_MISSED, "a2+ b2- c2+ d+ e2-", True, Step(RESULTS), id="every-retry-answered-goes-to-results"),
    pytest.param(A_MISSED, "a2+", False, Step(RESULTS), id="retry-answer-stored-before-the-round-opened-not-asked"),
    pytest.param(A_MISSED, "a2+", True, Step(RESULTS), id="retry-answer-stored-before-the-round-opened-counts-done"),
    pytest.param("a-", "a2+", True, Step(QUESTION, "one", "b"), id="the-first-round-comes-before-any-retry"),
    pytest.param(A_MISSED, "a+", True, Step(QUESTION, "one", "a2", RETRY),
                 id="retry-answer-to-the-original-does-not-replace-the-sibling"),
])
def test_next_step(first, retry, retrying, expected):
    assert scoring.next_step(TOPIC, answers(first, retry), retrying) == expected


@pytest.mark.parametrize("first, section_id, expected", [
    pytest.param("", "one", True, id="first-section-always-open"),
    pytest.param("", "two", False, id="second-section-closed-before-any-answer"),
    pytest.param("a+", "two", False, id="closed-until-every-earlier-question-answered"),
    pytest.param("a+ b-", "two", True, id="open-once-the-section-before-is-answered-even-wrongly"),
    pytest.param("a+ b-", "three", False, id="two-sections-ahead-stays-closed"),
    pytest.param("a+ b- c+ d?", "three", True, id="dont-know-counts-as-answered"),
    pytest.param("a+ b-", "one", True, id="going-back-is-allowed"),
    pytest.param(ALL_RIGHT, "nowhere", False, id="unknown-section-never-opens"),
])
def test_may_open_section(first, section_id, expected):
    assert scoring.may_open_section(TOPIC, answers(first), section_id) is expected


@pytest.mark.parametrize("first, qid, rnd, expected", [
    pytest.param("", "a", FIRST, True, id="first-question-open"),
    pytest.param("", "b", FIRST, False, id="cannot-skip-ahead"),
    pytest.param("a+", "b", FIRST, True, id="next-question-open"),
    pytest.param("a+", "c", FIRST, False, id="cannot-skip-two-ahead"),
    pytest.param("a+ b+", "a", FIRST, True, id="answered-question-open-again"),
    pytest.param("a+ b+ c+ d+", "e", FIRST, True, id="last-question-open-after-the-rest"),
    pytest.param(ALL_RIGHT, "a2", FIRST, False, id="a-sibling-is-never-a-first-round-question"),
    pytest.param(A_MISSED, "a2", RETRY, True, id="retry-the-missed-ones-sibling"),
    pytest.param(A_MISSED, "a", RETRY, False, id="not-the-missed-question-when-it-has-a-sibling"),
    pytest.param(A_MISSED, "b2", RETRY, False, id="not-the-sibling-of-one-answered-right"),
    pytest.param("a+ b+ c+ d- e+", "c2", RETRY, True, id="no-sibling-retry-a-new-question-on-its-concept"),
    pytest.param("a+ b+ c+ d- e+", "d", RETRY, False, id="no-sibling-not-the-question-itself-while-another-is-new"),
    pytest.param("a+ b+ c- d- e+", "d", RETRY, True, id="nothing-new-left-on-the-concept-retry-the-question-itself"),
    pytest.param("a? b+ c+ d+ e+", "a2", RETRY, True, id="dont-know-is-retried"),
    pytest.param(ALL_RIGHT, "a2", RETRY, False, id="nothing-missed-nothing-to-retry"),
])
def test_may_answer(first, qid, rnd, expected):
    assert scoring.may_answer(TOPIC, answers(first), find(qid), rnd) is expected


@pytest.mark.parametrize("first, missed, asked", [
    pytest.param("", [], [], id="nothing-answered"),
    pytest.param(ALL_RIGHT, [], [], id="nothing-missed"),
    pytest.param(ALL_MISSED, ["a", "b", "c", "d", "e"], ["a2", "b2", "c2", "d", "e2"], id="all-missed"),
    pytest.param("a? b+ c+ d- e+", ["a", "d"], ["a2", "c2"], id="dont-know-is-missed-and-d-gets-a-new-question"),
    pytest.param("e- d+ c+ b+ a-", ["a", "e"], ["a2", "e2"], id="reading-order-not-answer-order"),
    pytest.param("a- b+", ["a"], ["a2"], id="first-round-unfinished"),
    pytest.param("a- a+ b+ c+ d+ e+", ["a"], ["a2"], id="the-first-stored-answer-counts"),
])
def test_missed_and_retry_questions(first, missed, asked):
    assert [q.id for q in scoring.missed_questions(TOPIC, answers(first))] == missed
    assert [q.id for q in scoring.retry_questions(TOPIC, answers(first))] == asked


def test_retry_answers_do_not_change_what_was_missed():
    stored = answers("a+ b- c+ d+ e+", "b2- a2+")
    assert [q.id for q in scoring.missed_questions(TOPIC, stored)] == ["b"]
    assert [q.id for q in scoring.retry_questions(TOPIC, stored)] == ["b2"]


SCORE_FIELDS = ("total", "first_correct", "missed", "retry_total", "retry_correct", "retry_done", "first_percent")


@pytest.mark.parametrize("first, retry, expected", [
    pytest.param("", "", (5, 0, (), 0, 0, False, 0), id="nothing-answered"),
    pytest.param(ALL_RIGHT, "", (5, 5, (), 0, 0, False, 100), id="all-right-no-retry"),
    pytest.param(ALL_MISSED, "", (5, 0, ("a", "b", "c", "d", "e"), 5, 0, False, 0), id="all-missed-retry-not-begun"),
    pytest.param(ALL_MISSED, "a2+ b2+ c2+ d+ e2+", (5, 0, ("a", "b", "c", "d", "e"), 5, 5, True, 0),
                 id="all-missed-all-right-on-retry"),
    pytest.param(A_MISSED, "a2-", (5, 4, ("a",), 1, 0, True, 80), id="retried-and-missed-again"),
    pytest.param("a? b+ c+ d+ e+", "", (5, 4, ("a",), 1, 0, False, 80), id="dont-know-counts-as-missed"),
    pytest.param("a- b- c+ d+ e+", "a2+", (5, 3, ("a", "b"), 2, 1, False, 60), id="retry-half-done"),
    pytest.param(A_MISSED, "a+", (5, 4, ("a",), 1, 0, False, 80), id="retry-answer-to-the-original-is-not-counted"),
    pytest.param(A_MISSED, "b2+", (5, 4, ("a",), 1, 0, False, 80), id="sibling-of-one-answered-right-is-not-counted"),
    pytest.param("a+ b+ c+ d- e+", "d+", (5, 4, ("d",), 1, 1, True, 80), id="no-sibling-retried-itself"),
    pytest.param(A_MISSED, "a2+", (5, 4, ("a",), 1, 1, True, 80), id="retry-answer-stored-before-the-round-opened"),
    pytest.param(A_MISSED, "a2+ a2-", (5, 4, ("a",), 1, 1, True, 80), id="first-stored-retry-answer-counts"),
    pytest.param("a- a+ b+ c+ d+ e+", "", (5, 4, ("a",), 1, 0, False, 80), id="first-stored-first-answer-counts"),
    pytest.param("a+ b+", "", (5, 2, (), 0, 0, False, 40), id="unfinished-counts-out-of-all-questions"),
])
def test_score(first, retry, expected):
    result = scoring.score(TOPIC, answers(first, retry))
    assert tuple(getattr(result, name) for name in SCORE_FIELDS) == expected


@pytest.mark.parametrize("first, retry, expected", [
    pytest.param("", "", [("genes", 2, 0), ("risks", 2, 0), ("trials", 1, 0)], id="nothing-answered"),
    pytest.param("a+ b- c? d+ e+", "", [("genes", 2, 1), ("risks", 2, 1), ("trials", 1, 1)], id="mixed"),
    pytest.param(A_MISSED, "a2+", [("genes", 2, 1), ("risks", 2, 2), ("trials", 1, 1)],
                 id="retry-answers-do-not-change-concepts"),
])
def test_score_by_concept(first, retry, expected):
    result = scoring.score(TOPIC, answers(first, retry))
    assert [(c.concept, c.total, c.correct) for c in result.concepts] == expected


@pytest.mark.parametrize("first, expected", [
    pytest.param("x+", 33, id="one-of-three-rounds-down"),
    pytest.param("x+ y+", 67, id="two-of-three-rounds-up"),
    pytest.param("x+ y+ z+", 100, id="all"),
])
def test_first_percent_is_rounded_to_a_whole_number(first, expected):
    assert scoring.score(SMALL, answers(first)).first_percent == expected


@pytest.mark.parametrize("first, qid, rnd, expected", [
    pytest.param("", "a", FIRST, (1, 5), id="first-of-five"),
    pytest.param("a+", "c", FIRST, (3, 5), id="third-in-reading-order"),
    pytest.param(ALL_RIGHT, "e", FIRST, (5, 5), id="last"),
    pytest.param(ALL_RIGHT, "a2", FIRST, (0, 5), id="a-sibling-has-no-first-round-number"),
    pytest.param("a- b+ c- d- e+", "a2", RETRY, (1, 3), id="retry-first-of-three"),
    pytest.param("a- b+ c- d- e+", "c2", RETRY, (2, 3), id="retry-counts-only-missed"),
    pytest.param("a- b+ c- d- e+", "d", RETRY, (3, 3), id="retry-question-without-sibling"),
    pytest.param("a- b+ c- d- e+", "b2", RETRY, (0, 3), id="sibling-of-one-answered-right-is-not-numbered"),
    pytest.param(ALL_RIGHT, "a2", RETRY, (0, 0), id="nothing-missed"),
])
def test_question_number(first, qid, rnd, expected):
    assert scoring.question_number(TOPIC, find(qid), rnd, answers(first)) == expected


@pytest.mark.parametrize("choice, expected", [
    pytest.param("right", True, id="right"),
    pytest.param("wrong", False, id="wrong"),
    pytest.param("other", False, id="other-wrong"),
    pytest.param("dont-know", False, id="dont-know-is-not-right"),
    pytest.param("nope", False, id="unknown-choice"),
])
def test_grade(choice, expected):
    assert scoring.grade(find("a"), choice) is expected


@pytest.mark.parametrize("first, retry, expected", [
    pytest.param("", "", False, id="nothing"),
    pytest.param("a+ b+ c+ d+", "", False, id="one-left"),
    pytest.param("a+ b+ c+ d+", "e2+", False, id="retry-answers-do-not-finish-the-first-round"),
    pytest.param(ALL_MISSED, "", True, id="all-answered-even-wrongly"),
])
def test_is_finished(first, retry, expected):
    assert scoring.is_finished(TOPIC, answers(first, retry)) is expected


def test_choices_are_shuffled_per_attempt_stable_and_dont_know_stays_last():
    q = find("a")
    once = [c.id for c in scoring.shuffled_choices("attempt-1", q)]
    assert once == [c.id for c in scoring.shuffled_choices("attempt-1", q)]
    assert sorted(once[:-1]) == ["other", "right", "wrong"] and once[-1] == "dont-know"
    orders = {tuple(c.id for c in scoring.shuffled_choices(f"attempt-{n}", q)) for n in range(30)}
    assert len(orders) > 1


@pytest.mark.parametrize("percent, words", [
    pytest.param(100, "You understood nearly all of this.", id="100"),
    pytest.param(90, "You understood nearly all of this.", id="90"),
    pytest.param(89, "You understood most of this.", id="89"),
    pytest.param(70, "You understood most of this.", id="70"),
    pytest.param(69, "You understood some of this. The parts you missed are good to talk over.", id="69"),
    pytest.param(40, "You understood some of this. The parts you missed are good to talk over.", id="40"),
    pytest.param(39, "Much of this was new. That is normal, and your care team can go through it with you.", id="39"),
    pytest.param(0, "Much of this was new. That is normal, and your care team can go through it with you.", id="0"),
])
def test_plain_words(percent, words):
    assert scoring.plain_words(percent) == words
