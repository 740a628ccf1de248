"""Your place kept: the same role again on the same phone returns to that reader, a new person is a deliberate
choice, and a personal code (two groups of five, unlike the care team's four and four) restores a reader's
place and answers on any browser, throttled like codes and revocable by the clinician."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from quizapp import assigning, migrations
from quizapp.models import AuditEvent, Participant
from tests.clinician_helpers import assign, create_clinician, join, sign_in
from tests.helpers import Patient, rows, token

EMAIL = "dr.kept@clinic.example"
PERSONAL = re.compile(r'<p class="huge-code"><span class="code">([0-9A-Z]{5}-[0-9A-Z]{5})</span></p>')



@pytest.fixture
def reader(app, doctor):
    """A patient who joined on a phone and answered two questions of the demo topic, and the assignment."""
    info = assign(doctor, ["demo"])
    phone = app.test_client()
    assert join(phone, info["token"]).status_code == 303
    demo = app.extensions["catalogue"].module("demo")
    for q in demo.questions[:2]:
        wrong = next(c.id for c in q.choices if not c.correct)
        assert Patient(phone).answer(q.id, wrong, "sure").status_code == 303
    return phone, info


def personal_code(client) -> str:
    """Read the reader's own code off their consult sheet."""
    match = PERSONAL.search(client.get("/sheet").text)
    assert match, "the consult sheet shows no personal code"
    return match.group(1)


def type_code(client, code: str):
    page = client.get("/").text
    return client.post("/code", data={"csrf_token": token(page), "code": code})


def test_picking_the_same_role_again_on_the_same_phone_carries_on_as_that_reader(app, reader):
    phone, info = reader
    page = phone.get(f"/a/{info['token']}").text
    assert "already reading as <strong>the patient</strong>" in page and "Someone else reading on this device?" in page
    again = join(phone, info["token"], "patient")
    assert again.status_code == 303 and "/m/demo/" in again.headers["Location"]
    assert len(rows(app, Participant)) == 1
    assert "Welcome back: you carry on where you left off" in phone.get(again.headers["Location"]).text
    assert "Started: 2 of 4 answered" in phone.get("/").text


def test_a_new_person_in_the_same_role_is_a_deliberate_choice(app, reader):
    phone, info = reader
    page = phone.get(f"/a/{info['token']}").text
    fresh = phone.post(f"/a/{info['token']}", data={"csrf_token": token(page), "role": "patient", "new": "1"})
    assert fresh.status_code == 303
    assert len(rows(app, Participant)) == 2
    assert "0 of 4 answered" in phone.get("/").text.replace("Started: ", "")


def test_a_bad_new_person_field_is_refused_and_adds_nobody(app, reader):
    phone, info = reader
    page = phone.get(f"/a/{info['token']}").text
    bad = phone.post(f"/a/{info['token']}", data={"csrf_token": token(page), "role": "patient", "new": "yes please"})
    assert bad.status_code == 400 and len(rows(app, Participant)) == 1


def test_the_personal_code_is_shown_on_results_and_the_sheet_and_differs_in_form_from_the_assignment_code(app, reader):
    phone, info = reader
    code = personal_code(phone)
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code) and re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", info["code"])
    assert personal_code(phone) == code, "the code stays the same from page to page"
    demo = app.extensions["catalogue"].module("demo")
    for q in demo.questions[2:]:
        assert Patient(phone).answer(q.id, q.correct_choice.id).status_code == 303
    assert code in phone.get("/m/demo/results").text
    (person,) = rows(app, Participant)
    assert person.resume_code == code.replace("-", "")


def test_typing_the_personal_code_on_another_browser_restores_the_place_and_the_answers(app, reader):
    phone, info = reader
    code = personal_code(phone)
    laptop = app.test_client()
    resp = type_code(laptop, code.lower().replace("-", " "))
    assert resp.status_code == 303 and resp.headers["Location"] == "/"
    home = laptop.get("/").text
    assert "Continue where you left off" in home and "2 of 4 questions answered" in home
    assert "I felt sure." in laptop.get("/sheet").text
    assert len(rows(app, Participant)) == 1, "no second person"
    assert join(laptop, info["token"], "patient").status_code == 303
    assert len(rows(app, Participant)) == 1, "re-opening the link on the new browser is no second person either"


@pytest.mark.parametrize("typed", ["ZZZZZ-ZZZZZ", "ABCDE-FGHJK-M", "ABCDE FGHJ!", "U0000-00000"])
def test_a_wrong_personal_code_gets_the_same_answer_as_a_wrong_code_and_restores_nobody(app, reader, typed):
    phone, info = reader
    stranger = app.test_client()
    resp = type_code(stranger, typed)
    assert resp.status_code == 404 and "That code did not work" in resp.text
    assert "Continue where you left off" not in stranger.get("/").text


def test_wrong_personal_codes_use_the_code_budget(app, reader):
    app.config["CODE_LIMIT"] = 3
    phone, info = reader
    code = personal_code(phone)
    stranger = app.test_client()
    for _ in range(3):
        assert type_code(stranger, "ZZZZZ-ZZZZZ").status_code == 404
    refused = type_code(stranger, code)
    assert refused.status_code == 429 and "Too many codes tried" in refused.text
    assert "Continue where you left off" not in stranger.get("/").text


def test_the_clinician_turns_a_personal_code_off_and_it_stops_working_for_good(app, doctor, reader):
    phone, info = reader
    code = personal_code(phone)
    report = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    action = re.search(r'action="([^"]*/code/revoke)"', report).group(1)
    assert doctor.post(action, data={}).status_code == 400, "no form token, no change"
    assert type_code(app.test_client(), code).status_code == 303
    done = doctor.post(action, data={"csrf_token": token(report)})
    assert done.status_code == 303
    assert "no longer works" in doctor.get(done.headers["Location"]).text
    assert type_code(app.test_client(), code).status_code == 404
    assert "Your personal code" not in phone.get("/sheet").text, "no new code is made after a clinician's revoke"
    assert "I felt sure." in phone.get("/sheet").text, "the reader keeps reading on their own phone"
    assert "revoke-resume-code" in {e.action for e in rows(app, AuditEvent)}
    again = doctor.post(action, data={"csrf_token": token(report)})
    assert "already turned off" in doctor.get(again.headers["Location"]).text


def test_another_clinician_cannot_turn_off_a_readers_code(app, doctor, reader):
    phone, info = reader
    code = personal_code(phone)
    action = re.search(r'action="([^"]*/code/revoke)"',
                       doctor.get(f"/clinician/assignments/{info['public_id']}").text).group(1)
    create_clinician(app, "dr.other@clinic.example")
    other = app.test_client()
    sign_in(other, "dr.other@clinic.example")
    assert other.post(action, data={"csrf_token": token(other.get("/clinician/").text)}).status_code == 404
    assert type_code(app.test_client(), code).status_code == 303


def test_a_removed_readers_code_restores_nobody(app, doctor, reader):
    phone, info = reader
    code = personal_code(phone)
    with app.extensions["db"].sessions() as s:
        s.execute(sa.update(Participant).values(removed_at=sa.func.now()))
        s.commit()
    assert type_code(app.test_client(), code).status_code == 404


def test_personal_codes_are_fifty_bits_in_groups_of_five_and_forgiving_to_type():
    code = assigning.new_resume_code()
    assert len(code) == assigning.RESUME_LENGTH == 10 and assigning.RESUME_BITS >= 40
    shown = assigning.display_code(code)
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", shown)
    assert assigning.normalise_code(shown.lower(), assigning.RESUME_LENGTH) == code
    assert assigning.normalise_code(shown) is None, "a personal code is never taken for an assignment code"
    assert assigning.normalise_code("K7QM-3XTP", assigning.RESUME_LENGTH) is None


def test_upgrading_keeps_every_reader_and_gives_them_no_code_until_one_is_shown(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    migrations.upgrade(url, "0006")
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO participant (id, public_id, role, created_at) "
                          "VALUES (1, 'per', 'self', CURRENT_TIMESTAMP)"))
    migrations.upgrade(url, "head")
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT public_id, resume_code, resume_revoked_at FROM participant")).all() == \
            [("per", None, None)]
    from alembic import command
    command.downgrade(migrations.alembic_config(url), "0006")
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT public_id FROM participant")).all() == [("per",)]
    engine.dispose()
