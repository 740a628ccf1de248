"""The report shows learning: before reading -> after reading -> re-check, and the normalized gain."""
from __future__ import annotations

import datetime as dt

import pytest

from quizapp import learning
from quizapp.records import AnswerRecord
from quizapp.states import Round
from tests.clinician_helpers import assign, join
from tests.helpers import Patient
from tests.test_learning_flow import EMAIL, _before_ids  # noqa: F401 (EMAIL names the signed-in clinician)

T0 = dt.datetime(2026, 12, 1, 9, 0)


@pytest.mark.parametrize("pre, post, gain", [(50, 75, 0.5), (0, 100, 1.0), (20, 20, 0.0), (60, 40, -0.5),
                                             (100, 100, None), (None, 80, None), (40, None, None)])
def test_normalized_gain_is_post_minus_pre_over_what_was_left_to_learn(pre, post, gain):
    assert learning.normalized_gain(pre, post) == gain


def _a(qid: str, rnd: Round, correct: bool, choice: str = "x") -> AnswerRecord:
    return AnswerRecord(qid, rnd, choice, correct, "sure", T0)


def test_one_topic_reads_before_after_and_recheck_per_concept(app):
    cat = app.extensions["catalogue"]
    mod = cat.module("demo")
    answers = [_a("demo-q1-alt", Round.BEFORE, True), _a("demo-q3-alt", Round.BEFORE, False, "dont-know"),
               _a("demo-q1", Round.FIRST, True), _a("demo-q2", Round.FIRST, True),
               _a("demo-q3", Round.FIRST, True), _a("demo-q4", Round.FIRST, False),
               _a("demo-q2-alt", Round.RECHECK, True), _a("demo-q4-alt", Round.RECHECK, False)]
    t = learning.topic_learning(cat, mod, answers)
    genes, editing = t.concepts
    assert genes.right_before and not editing.right_before and editing.before_unknown
    assert (genes.after_right, genes.after_total, editing.after_right, editing.after_total) == (2, 2, 1, 2)
    assert (t.pre, t.post, t.recheck) == (50, 75, 50) and t.gain == 0.5
    assert [c.concept for c in t.held] == ["genes-dna"] and [c.concept for c in t.slipped] == ["addition-vs-editing"]


def test_without_a_check_before_reading_there_is_no_gain(app):
    cat = app.extensions["catalogue"]
    t = learning.topic_learning(cat, cat.module("demo"), [_a("demo-q1", Round.FIRST, True)])
    assert t.pre is None and t.gain is None and not learning.shows_learning([t])


def test_the_report_shows_before_after_recheck_and_the_gain_for_a_reader(app, doctor):  # noqa: F811
    info = assign(doctor, ["demo"], pre_check="y")
    reader = app.test_client()
    join(reader, info["token"])
    _before_ids(app, reader)  # one "I don't know yet", one right: 50 % before reading
    Patient(reader).finish(app.extensions["catalogue"].module("demo"))  # all right after reading
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    table = page[page.index('id="learning-title"'):]
    table = table[:table.index("</table>")]
    assert "Before reading" in table and "Re-check" in table
    assert "50%" in table and "100%" in table and "1.00" in table  # gain (100 - 50) / (100 - 50)
    assert "right before reading" in table and "did not know yet" in table


def test_a_report_without_checks_before_or_after_has_no_learning_table(app, doctor):  # noqa: F811
    info = assign(doctor, ["demo"])
    reader = app.test_client()
    join(reader, info["token"])
    Patient(reader).finish(app.extensions["catalogue"].module("demo"))
    assert 'id="learning-title"' not in doctor.get(f"/clinician/assignments/{info['public_id']}").text


def test_the_csv_carries_the_phase_the_form_drawn_and_the_minutes_since_reading(app, doctor):  # noqa: F811
    import csv
    import io
    info = assign(doctor, ["demo"], pre_check="y")
    reader = app.test_client()
    join(reader, info["token"])
    before = _before_ids(app, reader)
    assert reader.get("/m/demo/read/one").status_code == 200  # the reading starts here
    mod = app.extensions["catalogue"].module("demo")
    Patient(reader).finish(mod, right={"demo-q2", "demo-q3", "demo-q4"})
    Patient(reader).retry()
    retry = mod.question("demo-q1").retry_question
    assert Patient(reader).answer(retry.id, retry.correct_choice.id, rnd=2).status_code == 303
    rows = list(csv.DictReader(io.StringIO(doctor.get(f"/clinician/assignments/{info['public_id']}/answers.csv").text)))
    by_phase = {}
    for r in rows:
        by_phase.setdefault(r["phase"], []).append(r)
    assert sorted(r["question_id"] for r in by_phase["before"]) == sorted(before)
    assert all(r["form"] == "alternate" and r["minutes_since_reading"] == "" for r in by_phase["before"])
    assert len(by_phase["first"]) == 4 and all(r["form"] == "question" for r in by_phase["first"])
    assert [(r["question_id"], r["form"], r["round"]) for r in by_phase["second try"]] == \
        [("demo-q1", "sibling", "retry")]  # the first-round question it stands in for, as before
    assert all(r["minutes_since_reading"].isdigit() for r in by_phase["first"] + by_phase["second try"])
