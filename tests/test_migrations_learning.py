"""Upgrading to phases keeps every answer as a first round or a second try, and the models match the schema."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from quizapp import migrations
from quizapp.models import Base
from tests.test_migrations import empty_url  # noqa: F401 (a fixture: an empty database of each kind)

T0 = dt.datetime(2026, 12, 1, 10, 0)


def _fill_at_0006(url: str) -> None:
    """One reader who missed demo-q1 and demo-q4: retried demo-q1 itself (no sibling then) and demo-q4's sibling."""
    migrations.upgrade(url, "0006")
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO clinician (id, email, password_hash, active, session_version, created_at) "
                          "VALUES (1, 'old@clinic.example', 'x', :t, 1, :now)"), {"t": True, "now": T0})
        c.execute(sa.text("INSERT INTO assignment (id, public_id, clinician_id, token, code, modules, label, created_at,"
                          " expires_at, archived, lang) VALUES (1, 'asg', 1, 'tok', 'CODE0001', 'demo', '', :now, :now,"
                          " :f, 'en')"), {"now": T0, "f": False})
        c.execute(sa.text("INSERT INTO participant (id, public_id, assignment_id, role, created_at) "
                          "VALUES (1, 'per', 1, 'patient', :now)"), {"now": T0})
        c.execute(sa.text("INSERT INTO attempt (id, public_id, participant_id, module_id, content_version, started_at,"
                          " finished_at, question_count, first_correct, retry_total, retry_correct) "
                          "VALUES (1, 'att', 1, 'demo', 'v1', :now, :now, 4, 2, 2, 1)"), {"now": T0})
        c.execute(sa.text("INSERT INTO question_version (content_hash, module_id, question_id, snapshot) "
                          "VALUES ('h', 'demo', 'demo-q1', '{}')"))
        answers = [("demo-q1", 1, False), ("demo-q2", 1, True), ("demo-q3", 1, True), ("demo-q4", 1, False),
                   ("demo-q1", 2, True), ("demo-q4-again", 2, False)]
        for n, (qid, rnd, ok) in enumerate(answers, 1):
            c.execute(sa.text("INSERT INTO answer (id, attempt_id, question_id, round, choice, correct, confidence,"
                              " content_hash, answered_at, lang) VALUES (:id, 1, :q, :r, 'x', :ok, 'sure', 'h', :t,"
                              " 'en')"), {"id": n, "q": qid, "r": rnd, "ok": ok, "t": T0})
    engine.dispose()


def test_upgrading_keeps_every_answer_in_its_round_and_names_the_form_drawn(empty_url):  # noqa: F811
    _fill_at_0006(empty_url)
    migrations.upgrade(empty_url)
    engine = sa.create_engine(empty_url)
    with engine.connect() as c:
        answers = [tuple(r) for r in c.execute(sa.text("SELECT question_id, round, form FROM answer ORDER BY id"))]
        assignment = c.execute(sa.text("SELECT pre_check, consult_on FROM assignment")).one()
        tally = c.execute(sa.text("SELECT COUNT(*) FROM phase_tally")).scalar()
    engine.dispose()
    assert answers == [("demo-q1", 1, 0), ("demo-q2", 1, 0), ("demo-q3", 1, 0), ("demo-q4", 1, 0),
                       ("demo-q1", 2, 0), ("demo-q4-again", 2, 1)]
    assert not assignment.pre_check and assignment.consult_on is None  # nobody mid-way meets a new step
    assert tally == 0


def test_a_phase_outside_the_four_is_refused_by_the_database(empty_url):  # noqa: F811
    import pytest
    import sqlalchemy.exc
    _fill_at_0006(empty_url)
    migrations.upgrade(empty_url)
    engine = sa.create_engine(empty_url)
    with pytest.raises(sqlalchemy.exc.IntegrityError), engine.begin() as c:
        c.execute(sa.text("INSERT INTO answer (attempt_id, question_id, round, choice, correct, content_hash,"
                          " answered_at) VALUES (1, 'demo-q2', 7, 'x', :f, 'h', :t)"), {"f": False, "t": T0})
    engine.dispose()


def test_the_models_match_the_migrated_schema(empty_url):  # noqa: F811
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    migrations.upgrade(empty_url)
    engine = sa.create_engine(empty_url)
    with engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrading_to_0006_keeps_the_first_rounds_and_second_tries(empty_url):  # noqa: F811
    from alembic import command
    _fill_at_0006(empty_url)
    migrations.upgrade(empty_url)
    command.downgrade(migrations.alembic_config(empty_url), "0006")
    engine = sa.create_engine(empty_url)
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT COUNT(*) FROM answer")).scalar() == 6
    engine.dispose()
