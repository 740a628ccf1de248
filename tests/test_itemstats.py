"""Question statistics: facility, choice shares, discrimination and flags, from one grouped query."""
from __future__ import annotations

import csv
import io

import pytest

from quizapp import itemstats
from quizapp.itemstats import CountRow
from tests.clinician_helpers import assign, create_clinician, join, sign_in
from tests.helpers import Patient


def test_discrimination_is_top_third_right_minus_bottom_third_right():
    # 9 people: scores 1..9; the top three are right, the bottom three wrong.
    rows = [CountRow("q", "h", "a" if s >= 7 else "b", s >= 7, s, 1) for s in range(1, 10)]
    assert itemstats.discrimination(rows) == pytest.approx(1.0)
    upside_down = [CountRow("q", "h", "a" if s <= 3 else "b", s <= 3, s, 1) for s in range(1, 10)]
    assert itemstats.discrimination(upside_down) == pytest.approx(-1.0)


def test_discrimination_splits_tied_scores_evenly_and_needs_three_answers():
    rows = [CountRow("q", "h", "a", True, 5, 3), CountRow("q", "h", "b", False, 5, 3)]
    assert itemstats.discrimination(rows) == pytest.approx(0.0)
    assert itemstats.discrimination([CountRow("q", "h", "a", True, 1, 2)]) is None


def _stats_for(app, rows):
    cat = app.extensions["catalogue"]
    return {s.question_id: s for s in itemstats.compute(cat, rows, {})}


def test_facility_shares_and_flags(app):
    q1 = app.extensions["catalogue"].module("demo").questions[0]
    right, wrong = q1.correct_choice.id, next(c.id for c in q1.choices if not c.correct)
    rows = [CountRow(q1.id, "h", right, True, 4, 1), CountRow(q1.id, "h", wrong, False, 1, 11)]
    s = _stats_for(app, rows)[q1.id]
    assert s.answered == 12 and s.facility == pytest.approx(1 / 12)
    assert {c.choice_id: round(c.share, 3) for c in s.choices}[wrong] == round(11 / 12, 3)
    flags = [str(f) for f in s.flags]  # the words the statistics page and item-stats show
    assert "very hard" in flags
    assert any(f.startswith("nobody picks: ") for f in flags)
    easy = _stats_for(app, [CountRow(q1.id, "h", right, True, 4, 40)] +
                      [CountRow(q1.id, "h", c.id, False, 1, 1) for c in q1.authored_choices if not c.correct])[q1.id]
    easy_flags = [str(f) for f in easy.flags]
    assert "very easy" in easy_flags and not any(f.startswith("nobody") for f in easy_flags)


def test_i_dont_know_is_counted_apart_from_the_wrong_choices(app):
    q1 = app.extensions["catalogue"].module("demo").questions[0]
    wrong = [c.id for c in q1.authored_choices if not c.correct]
    rows = [CountRow(q1.id, "h", q1.correct_choice.id, True, 4, 6), CountRow(q1.id, "h", "dont-know", False, 1, 4)]
    s = _stats_for(app, rows)[q1.id]
    assert s.answered == 10 and s.facility == pytest.approx(0.6) and s.dont_know == pytest.approx(0.4)
    assert "dont-know" not in {c.choice_id for c in s.choices}
    assert {str(f) for f in s.flags if str(f).startswith("nobody picks")} == {
        f"nobody picks: {c.text}" for c in q1.authored_choices if c.id in wrong}


def test_few_answers_raise_no_flags_and_unanswered_questions_are_listed(app):
    stats = _stats_for(app, [])
    assert all(s.answered == 0 and s.facility is None and s.flags == () for s in stats.values())
    assert len(stats) == 4


@pytest.fixture
def answered(app):
    create_clinician(app, "stats@clinic.example")
    create_clinician(app, "other@clinic.example")
    doctor, other = app.test_client(), app.test_client()
    sign_in(doctor, "stats@clinic.example")
    sign_in(other, "other@clinic.example")
    info = assign(doctor, ["demo"])
    mod = app.extensions["catalogue"].module("demo")
    for n in range(3):
        p = app.test_client()
        join(p, info["token"])
        Patient(p).finish(mod, right={q.id for q in mod.questions[:n + 1]})
    return doctor, other


def test_clinician_stats_page_counts_only_their_own_assignments_with_an_svg_bar(app, answered):
    doctor, other = answered
    page = doctor.get("/clinician/stats").text
    assert '<svg class="bar"' in page and "67%" in page  # demo-q2: two of three right
    assert "<td>3</td>" in page
    assert '<svg class="bar"' not in other.get("/clinician/stats").text


def test_item_stats_command_prints_a_table_or_csv_over_everything(app, answered):
    runner = app.test_cli_runner()
    table = runner.invoke(args=["item-stats"])
    assert table.exit_code == 0 and "demo-q1" in table.output
    out = runner.invoke(args=["item-stats", "--format", "csv"])
    parsed = list(csv.DictReader(io.StringIO(out.output)))
    assert [r["question_id"] for r in parsed] == ["demo-q1", "demo-q2", "demo-q3", "demo-q4"]
    assert parsed[0]["answered"] == "3" and parsed[0]["facility"] == "1.00"
    assert parsed[3]["facility"] == "0.00"


def test_stats_page_leaves_out_questions_nobody_answered_and_says_how_many(app, answered):
    doctor, other = answered
    assert "with no answers yet" not in doctor.get("/clinician/stats").text
    empty = other.get("/clinician/stats").text
    assert "4 questions with no answers yet are not shown" in empty
    assert "Nobody has answered a question of this topic in your assignments yet." in empty
    assert other.get("/clinician/stats?module=nope").status_code == 404


def test_running_counts_match_a_recount_from_every_stored_answer(app, answered):
    from quizapp.store import stats as tallies
    mod = app.extensions["catalogue"].module("demo")
    Patient(app.test_client()).finish(mod, right=set())          # reading without an assignment
    unfinished = Patient(app.test_client())
    unfinished.start()
    unfinished.answer(mod.questions[0].id, mod.questions[0].correct_choice.id)
    with app.extensions["db"].sessions() as s:
        running = sorted(tallies.item_counts(s)), sorted(tallies.item_counts(s, 1))
    result = app.test_cli_runner().invoke(args=["item-stats", "--recount", "--format", "csv"])
    assert result.exit_code == 0, result.output
    with app.extensions["db"].sessions() as s:
        assert (sorted(tallies.item_counts(s)), sorted(tallies.item_counts(s, 1))) == running
    assert sum(r[5] for r in running[0]) == 4 * 4  # four finished first rounds, the unfinished one not yet
    assert sum(r[5] for r in running[1]) == 3 * 4  # the clinician's three
