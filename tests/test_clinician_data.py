"""What a clinician reads off the numbers: no discrimination below 10 people, hardest first, and a CSV with the
question's wording and the misconception in words, both as the person saw them."""
from __future__ import annotations

import csv
import io
import json

import pytest
import sqlalchemy as sa

from quizapp import exports, itemstats
from quizapp.itemstats import CountRow
from quizapp.models import QuestionVersion
from tests.clinician_helpers import assigning_doctor, join
from tests.helpers import Patient

EMAIL = "data@clinic.example"


def _people(q, n: int) -> list[CountRow]:
    """n people, scored 1..n; the better half right: a clean upward discrimination."""
    right, wrong = q.correct_choice.id, next(c.id for c in q.choices if not c.correct)
    return [CountRow(q.id, "h", right if s > n / 2 else wrong, s > n / 2, s, 1) for s in range(1, n + 1)]


@pytest.mark.parametrize("n, shown", [(3, False), (9, False), (10, True), (30, True)])
def test_discrimination_needs_10_or_more_people(app, n, shown):
    cat = app.extensions["catalogue"]
    q1 = cat.module("demo").questions[0]
    (stat,) = [s for s in itemstats.compute(cat, _people(q1, n), {}) if s.question_id == q1.id]
    assert stat.answered == n and stat.facility is not None
    assert (stat.discrimination is not None) is shown
    if shown:
        assert stat.discrimination > 0


@pytest.fixture
def answered(app):
    """Two people finished the demo topic: the first question missed by both, the third by one."""
    doctor, info = assigning_doctor(app, EMAIL, ["demo"], "Data check")
    mod = app.extensions["catalogue"].module("demo")
    q1, q2, q3, q4 = mod.questions
    for role, right in (("patient", {q2.id, q3.id, q4.id}), ("caregiver", {q2.id, q4.id})):
        who = app.test_client()
        join(who, info["token"], role)
        Patient(who).finish(mod, right=right)
    return doctor, info


def test_statistics_page_says_discrimination_needs_10_people_and_sorts_hardest_first(app, answered):
    doctor, _ = answered
    page = doctor.get("/clinician/stats?module=demo").text
    assert "needs 10 or more people" in page and "-1.00" not in page and "1.00</td>" not in page
    assert "Demo module · 4 questions" in page
    mod = app.extensions["catalogue"].module("demo")
    order = lambda html: sorted((html.index(q.prompt), q.id) for q in mod.questions)  # noqa: E731
    assert [qid for _, qid in order(page)] == [q.id for q in mod.questions]
    hardest = doctor.get("/clinician/stats?module=demo&sort=hardest").text
    assert [qid for _, qid in order(hardest)][:2] == [mod.questions[0].id, mod.questions[2].id]
    assert '<strong aria-current="true">hardest first</strong>' in hardest


def test_csv_adds_the_question_wording_and_the_misconception_in_words_from_the_stored_snapshot(app, answered):
    doctor, info = answered
    with app.extensions["db"].sessions() as s:
        for v in s.scalars(sa.select(QuestionVersion)):
            snap = json.loads(v.snapshot)
            snap["prompt"] = "AS ASKED THEN " + v.question_id
            v.snapshot = json.dumps(snap)
        s.commit()
    table = list(csv.reader(io.StringIO(doctor.get(f"/clinician/assignments/{info['public_id']}/answers.csv").text)))
    head = table[0]
    assert tuple(head) == exports.CSV_COLUMNS and head[-6:-3] == ["question", "misconception_in_words", "language"]
    assert head[-3:] == ["phase", "form", "minutes_since_reading"]
    rows = [dict(zip(head, r, strict=True)) for r in table[1:]]
    cat = app.extensions["catalogue"]
    assert {r["question"] for r in rows if r["question_id"] == "demo-q1"} == {"AS ASKED THEN demo-q1"}
    for r in rows:
        words = cat.misconceptions[r["misconception"]].statement if r["misconception"] else ""
        assert r["misconception_in_words"] == words
    assert any(r["misconception_in_words"] for r in rows) and any(not r["misconception_in_words"] for r in rows)
