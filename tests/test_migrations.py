"""Upgrading keeps every answer and gives old answers the stable choice ids and meanings they were shown."""
from __future__ import annotations

import datetime as dt
import json
import secrets

import pytest
import sqlalchemy as sa

from quizapp import migrations
from tests import databases

T0 = dt.datetime(2026, 11, 20, 10, 0)
OLD_SNAPSHOT = {"prompt": "How much of your DNA is the same as other people's DNA?", "choices": [
    {"id": "a", "text": "More than 99 in 100 letters", "correct": True},
    {"id": "b", "text": "About half of the letters", "correct": False},
    {"id": "c", "text": "Only a few of the letters", "correct": False}]}
EDITED_SNAPSHOT = {"prompt": "An older wording", "choices": [
    {"id": "a", "text": "A wording nobody kept", "correct": False},
    {"id": "b", "text": "More than 99 in 100 letters", "correct": True}]}


@pytest.fixture
def empty_url(tmp_path, backend):
    """An empty database of each configured kind."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    name = f"quizapp_m_{secrets.token_hex(6)}"
    with databases._admin().connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = databases._with_database(databases.POSTGRES_ADMIN_URL, name)
    yield url
    databases.drop(url)


def _fill_at_0002(url: str) -> None:
    """Store answers the way the release before stable choice ids did: letters, and bare snapshots."""
    migrations.upgrade(url, "0002")
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO clinician (id, email, password_hash, active, session_version, created_at) "
                          "VALUES (1, 'old@clinic.example', 'x', :t, 1, :now)"), {"t": True, "now": T0})
        c.execute(sa.text("INSERT INTO assignment (id, public_id, clinician_id, token, code, modules, label, created_at,"
                          " expires_at, archived) VALUES (1, 'asg', 1, 'tok', 'CODE0001', 'basics', '', :now, :now, :f)"),
                  {"now": T0, "f": False})
        c.execute(sa.text("INSERT INTO participant (id, public_id, assignment_id, role, created_at) "
                          "VALUES (1, 'per', 1, 'patient', :now)"), {"now": T0})
        c.execute(sa.text("INSERT INTO attempt (id, public_id, participant_id, module_id, content_version, started_at,"
                          " finished_at, question_count, first_correct, retry_total, retry_correct) "
                          "VALUES (1, 'att', 1, 'basics', 'v1', :now, :now, 3, 1, 0, 0)"), {"now": T0})
        for h, snap in (("h-now", OLD_SNAPSHOT), ("h-old", EDITED_SNAPSHOT)):
            c.execute(sa.text("INSERT INTO question_version (content_hash, module_id, question_id, snapshot) "
                              "VALUES (:h, 'basics', 'basics-dna-shared', :s)"), {"h": h, "s": json.dumps(snap)})
        answers = [("basics-dna-shared", "h-now", "b", False), ("basics-gene-recipe", "h-lost", "a", True),
                   ("basics-gene-copies", "h-old", "a", False)]
        for n, (qid, h, choice, correct) in enumerate(answers, 1):
            c.execute(sa.text("INSERT INTO answer (id, attempt_id, question_id, round, choice, correct, confidence,"
                              " content_hash, answered_at) VALUES (:id, 1, :q, 1, :c, :ok, 'sure', :h, :t)"),
                      {"id": n, "q": qid, "c": choice, "ok": correct, "h": h, "t": T0})
        c.execute(sa.text("INSERT INTO item_tally (clinician_id, question_id, choice, correct, score, n) "
                          "VALUES (1, 'basics-dna-shared', 'b', :f, 1, 1)"), {"f": False})
    engine.dispose()


def test_upgrading_a_0002_database_keeps_every_answer_and_gives_it_its_meaning(empty_url):
    _fill_at_0002(empty_url)
    migrations.upgrade(empty_url)
    engine = sa.create_engine(empty_url)
    with engine.connect() as c:
        answers = {r.id: r for r in c.execute(sa.text("SELECT id, choice, content_hash FROM answer ORDER BY id"))}
        versions = {r.content_hash: json.loads(r.snapshot)
                    for r in c.execute(sa.text("SELECT content_hash, snapshot FROM question_version"))}
        tally = c.execute(sa.text("SELECT question_id, content_hash, choice, n FROM item_tally ORDER BY question_id")).all()
        removed = c.execute(sa.text("SELECT removed_at FROM participant")).scalar_one()
    engine.dispose()
    assert len(answers) == 3 and removed is None
    assert answers[1].choice == "about-half-letters"          # moved onto its stable id
    shown = {ch["id"]: ch for ch in versions["h-now"]["choices"]}
    assert shown["about-half-letters"]["misconception"] == "dna-all-different"
    assert shown["more-than-99"]["misconception"] is None and shown["more-than-99"]["correct"] is True
    assert versions["h-lost"] == {"prompt": "", "choices": [], "lost": True}   # the answer is kept, not dropped
    old = {ch["text"]: ch for ch in versions["h-old"]["choices"]}
    assert old["A wording nobody kept"]["id"] == "a" and old["A wording nobody kept"]["misconception"] is None
    assert answers[3].choice == "a"                           # a text not in the frozen file keeps its letter
    assert ("basics-dna-shared", "h-now", "about-half-letters", 1) in [tuple(r) for r in tally]


def test_an_answer_must_point_at_a_stored_question_version(app):
    import sqlalchemy.exc
    with app.extensions["db"].sessions() as s, pytest.raises(sqlalchemy.exc.IntegrityError):
        s.execute(sa.text("INSERT INTO participant (id, public_id, role, created_at) VALUES (9, 'p9', 'self', :t)"),
                  {"t": T0})
        s.execute(sa.text("INSERT INTO attempt (id, public_id, participant_id, module_id, content_version, started_at,"
                          " question_count, first_correct, retry_total, retry_correct) "
                          "VALUES (9, 'a9', 9, 'demo', 'v', :t, 4, 0, 0, 0)"), {"t": T0})
        s.execute(sa.text("INSERT INTO answer (attempt_id, question_id, round, choice, correct, content_hash, "
                          "answered_at) VALUES (9, 'demo-q1', 1, 'x', :f, 'no-such-version', :t)"), {"f": False, "t": T0})
        s.commit()
