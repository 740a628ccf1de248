"""Readers cannot flood the database or another clinician's statistics: new readers without a link are throttled
per address, and a reader who joined an assignment can answer only its topics."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from quizapp.models import Attempt, ItemTally, Participant
from tests.clinician_helpers import assigning_doctor, join
from tests.helpers import Patient, token

REAL_CONTENT = str(Path(__file__).resolve().parent.parent / "questions")


def count(app, model) -> int:
    with app.extensions["db"].sessions() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


def at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_new_readers_without_a_link_are_limited_per_address_and_the_refused_ones_write_nothing(app):
    app.config["START_LIMIT"] = 3
    for _ in range(3):
        assert Patient(at(app, "198.51.100.7")).start().status_code == 303
    before = (count(app, Participant), count(app, Attempt))
    refused = Patient(at(app, "198.51.100.7")).start()
    assert refused.status_code == 429 and "Please wait 15 minutes" in refused.text
    assert (count(app, Participant), count(app, Attempt)) == before
    assert Patient(at(app, "203.0.113.9")).start().status_code == 303


def test_a_reader_who_has_started_is_not_counted_again(app):
    app.config["START_LIMIT"] = 1
    reader = Patient(at(app, "198.51.100.7"))
    assert reader.start().status_code == 303
    assert reader.start().status_code == 303  # the same person, no new row


@pytest.fixture
def real_app(make_app):
    return make_app(QUESTIONS_DIR=REAL_CONTENT)


def test_a_reader_of_an_assignment_cannot_answer_a_topic_outside_it_so_its_statistics_stay_clean(real_app):
    app = real_app
    _doctor, info = assigning_doctor(app, "dr.n5@clinic.example", ["basics"])
    reader = app.test_client()
    assert join(reader, info["token"]).status_code == 303
    trials = app.extensions["catalogue"].module("trials")
    page = reader.get("/")
    assert reader.post("/m/trials/start", data={"csrf_token": token(page.text)}).status_code == 404
    q = trials.questions[0]
    assert reader.get(f"/m/trials/q/{q.id}").status_code == 404
    resp = reader.post(f"/m/trials/q/{q.id}", data={"csrf_token": token(page.text), "choice": q.choices[0].id})
    assert resp.status_code == 404
    assert count(app, ItemTally) == 0 and count(app, Attempt) == 1  # only the assigned topic was started
