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


def test_one_address_cannot_fill_an_assignment_and_the_family_still_gets_in(app):
    _doctor, info = assigning_doctor(app, "dr.n4@clinic.example", ["demo"])
    most = app.config["JOIN_LIMIT_PER_ASSIGNMENT"]
    statuses = [join(at(app, "198.51.100.7"), info["token"]).status_code for _ in range(most + 2)]
    assert statuses == [303] * most + [429, 429]
    assert join(at(app, "203.0.113.9"), info["token"]).status_code == 303
    assert count(app, Participant) == most + 1


def test_a_full_assignment_shows_the_refused_joins_and_a_new_link_and_code_let_the_family_in(app):
    app.config["MAX_PEOPLE_PER_ASSIGNMENT"] = 2
    doctor, info = assigning_doctor(app, "dr.n4@clinic.example", ["demo"])
    for n in range(2):
        assert join(at(app, f"198.51.100.{n + 1}"), info["token"]).status_code == 303
    assert join(at(app, "203.0.113.9"), info["token"]).status_code == 403
    report_url = f"/clinician/assignments/{info['public_id']}"
    page = doctor.get(report_url).text
    assert "1 person could not join because this reading was full." in page
    resp = doctor.post(f"{report_url}/renew", data={"csrf_token": token(page)})
    assert resp.status_code == 303
    page = doctor.get(report_url).text
    assert "could not join" not in page and info["token"] not in page and info["code"] not in page
    assert at(app, "203.0.113.9").get(f"/a/{info['token']}").status_code == 404  # the old link stopped
    new_token = page.split("/a/")[1].split('"')[0]
    ask = next(p.split('"')[0] for p in page.split('href="')[1:] if p.split('"')[0].endswith("/remove"))
    assert doctor.post(ask, data={"csrf_token": token(doctor.get(ask).text)}).status_code == 303  # remove one
    assert join(at(app, "203.0.113.9"), new_token).status_code == 303
    assert count(app, Participant) == 3  # two joined, one removed (kept as a row), the patient in


def test_renewing_needs_the_form_token_and_an_open_assignment_and_another_clinician_gets_404(app):
    doctor, info = assigning_doctor(app, "dr.n4@clinic.example", ["demo"])
    url = f"/clinician/assignments/{info['public_id']}/renew"
    assert doctor.post(url, data={}).status_code == 400
    other, _mine = assigning_doctor(app, "dr.other@clinic.example", ["demo"])
    assert other.post(url, data={"csrf_token": token(other.get("/clinician/").text)}).status_code == 404
    page = doctor.get(f"/clinician/assignments/{info['public_id']}/revoke").text
    doctor.post(f"/clinician/assignments/{info['public_id']}/revoke", data={"csrf_token": token(page)})
    assert doctor.post(url, data={"csrf_token": token(page)}).status_code == 409
