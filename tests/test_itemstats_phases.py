"""Question statistics: a "right before reading" rate per question, flagged when most readers already knew."""
from __future__ import annotations

import pytest

from quizapp import itemstats
from quizapp.states import Round


def _stat(app, phase_rows):
    cat = app.extensions["catalogue"]
    return {s.question_id: s for s in itemstats.compute(cat, [], {}, phase_rows)}


def test_the_rate_counts_answers_before_reading_to_any_form_of_the_question(app):
    stats = _stat(app, [("demo-q1-alt", Round.BEFORE, True, 3), ("demo-q1-again", Round.BEFORE, False, 1),
                        ("demo-q1-alt", Round.RECHECK, False, 5)])
    q1 = stats["demo-q1"]
    assert q1.before_answered == 4 and q1.right_before == 0.75
    assert stats["demo-q2"].before_answered == 0 and stats["demo-q2"].right_before is None


@pytest.mark.parametrize("right, wrong, flagged", [
    pytest.param(6, 4, True, id="most-of-ten-right-before-reading-is-flagged"),
    pytest.param(5, 5, False, id="half-is-not-most"),
    pytest.param(9, 0, False, id="under-ten-readers-no-flag"),
])
def test_a_question_most_readers_get_right_before_reading_is_flagged_from_ten_readers(app, right, wrong, flagged):
    q1 = _stat(app, [("demo-q1-alt", Round.BEFORE, True, right), ("demo-q1-alt", Round.BEFORE, False, wrong)])["demo-q1"]
    assert ("right before reading by most" in [str(f) for f in q1.flags]) is flagged


def test_item_stats_prints_the_rate_and_the_flag(app):
    from quizapp.store import stats as tallies
    with app.app_context():
        from quizapp import db
        for _ in range(10):
            db.write(lambda s: tallies.add_phase_answer(s, None, "demo-q3-alt", Round.BEFORE, True, "en"))
    out = app.test_cli_runner().invoke(args=["item-stats", "--format", "csv"]).output
    line = next(x for x in out.splitlines() if x.startswith("demo-q3,"))
    assert line.endswith(",10,1.00") and "right before reading by most" in line
    table = app.test_cli_runner().invoke(args=["item-stats"]).output
    assert "before" in table.splitlines()[0]
