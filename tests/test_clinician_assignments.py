"""Assignments: creating them, joining by link or code, expiry, revocation, archive, and who may see what."""
from __future__ import annotations

import datetime as dt

import pytest

from quizapp import assigning, clock
from quizapp.models import Assignment, AuditEvent, Participant
from quizapp.patient.assigned import NOT_FOUND
from tests.clinician_helpers import assign, create_clinician, enter_code, join, new_assignment, sign_in
from tests.helpers import Patient, rows, token

A, B = "a@clinic.example", "b@clinic.example"


@pytest.fixture
def doctors(app):
    create_clinician(app, A)
    create_clinician(app, B)
    first, second = app.test_client(), app.test_client()
    sign_in(first, A)
    sign_in(second, B)
    return first, second


def test_new_assignment_has_a_128_bit_link_a_40_bit_code_and_an_inline_qr(app, doctors):
    info = assign(doctors[0], ["demo"], "Tuesday 2pm")
    (a,) = rows(app, Assignment)
    assert len(info["token"]) >= 22 and a.token == info["token"]
    assert assigning.normalise_code(info["code"]) == a.code and len(a.code) == 8
    assert (a.expires_at - a.created_at).days == 30
    page = doctors[0].get(f"/clinician/assignments/{info['public_id']}").text
    assert f"/a/{info['token']}" in page and "Tuesday 2pm" in page
    handout = doctors[0].get(f"/clinician/assignments/{info['public_id']}/handout").text
    assert "<svg" in handout and "QR code for the reading link" in handout


def test_new_assignment_form_warns_against_identifiers(doctors):
    page = doctors[0].get("/clinician/assignments/new").text
    assert "Do not enter names, dates of birth, record numbers or emails" in page


@pytest.mark.parametrize("modules, label, days, message", [
    ([], "", 30, "Please pick at least one topic."),
    (["no-such-topic"], "", 30, "Please pick topics from the list."),
    (["demo"], "Jane 12/03/1961", 30, "seems to hold a date"),
    (["demo"], "MRN 00123456", 30, "seems to hold a record or phone number"),
    (["demo"], "jane@example.org", 30, "seems to hold an email address"),
    (["demo"], "x" * 81, 30, "under 80 characters"),
    (["demo"], "", 0, "between 1 and 365"),
    (["demo"], "", 400, "between 1 and 365"),
    (["demo"], "", "soon", "as a whole number, like 30"),
])
def test_bad_assignment_input_is_refused_with_a_message_and_nothing_stored(app, doctors, modules, label, days,
                                                                            message):
    resp = new_assignment(doctors[0], modules, label, days)
    assert resp.status_code == 400
    assert message in resp.text
    assert rows(app, Assignment) == []


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{nodash}", "  {lower}  ", "{o_for_zero}"])
def test_codes_are_case_dash_and_lookalike_insensitive(app, doctors, typed):
    info = assign(doctors[0], ["demo"])
    code = info["code"]
    variants = {"code": code, "lower": code.lower(), "nodash": code.replace("-", ""),
                "o_for_zero": code.replace("0", "o").replace("1", "l")}
    resp = enter_code(app.test_client(), typed.format(**variants))
    assert resp.status_code == 303 and resp.location == f"/a/{info['token']}"


def test_patient_and_caregiver_each_get_their_own_attempts_bound_to_the_assignment(app, doctors):
    info = assign(doctors[0], ["demo"])
    mod = app.extensions["catalogue"].module("demo")
    patient, carer = app.test_client(), app.test_client()
    assert join(patient, info["token"], "patient").location == "/m/demo/read/one"  # straight into part 1
    enter_code(carer, info["code"])
    join(carer, info["token"], "caregiver")
    Patient(patient).finish(mod)
    Patient(carer).finish(mod)
    people = rows(app, Participant)
    (a,) = rows(app, Assignment)
    assert sorted(p.role for p in people) == ["caregiver", "patient"]
    assert all(p.assignment_id == a.id for p in people)
    assert "Your reading" in patient.get("/").text


def test_joining_needs_a_role(app, doctors):
    info = assign(doctors[0], ["demo"])
    c = app.test_client()
    page = c.get(f"/a/{info['token']}").text
    for role in (None, "doctor"):
        data = {"csrf_token": token(page)} | ({"role": role} if role else {})
        resp = c.post(f"/a/{info['token']}", data=data)
        assert resp.status_code == 400
    assert "Please say who is reading." in c.post(f"/a/{info['token']}", data={"csrf_token": token(page)}).text
    assert rows(app, Participant) == []


def _expire(app):
    with app.extensions["db"].sessions() as s:
        for a in s.query(Assignment):
            a.expires_at = clock.now() - dt.timedelta(minutes=1)
        s.commit()


def _revoke(app, client, public_id):
    page = client.get(f"/clinician/assignments/{public_id}").text
    assert client.post(f"/clinician/assignments/{public_id}/revoke",
                       data={"csrf_token": token(page)}).status_code == 303


@pytest.mark.parametrize("how, link_status", [("unknown", 404), ("expired", 410), ("revoked", 410)])
def test_unknown_expired_and_revoked_codes_get_the_same_answer_and_links_their_own_page(app, doctors, how, link_status):
    info = assign(doctors[0], ["demo"])
    if how == "expired":
        _expire(app)
    elif how == "revoked":
        _revoke(app, doctors[0], info["public_id"])
    code = "ZZZZ-ZZZZ" if how == "unknown" and info["code"] != "ZZZZ-ZZZZ" else info["code"]
    link = "not-a-real-token" if how == "unknown" else info["token"]
    by_code = enter_code(app.test_client(), code)
    assert by_code.status_code == 404 and NOT_FOUND in by_code.text  # a typed code: the same answer every time
    assert "<h1>That code did not work</h1>" in by_code.text
    by_link = app.test_client().get(f"/a/{link}")
    assert by_link.status_code == link_status
    heading = "This link no longer works" if link_status == 410 else "This link does not work"
    assert f"<h1>{heading}</h1>" in by_link.text and 'id="code"' in by_link.text
    assert rows(app, Participant) == []


def test_a_typed_code_that_cannot_be_a_code_gets_the_same_answer(app):
    for typed in ("hello", "UUUU-UUUU", "<script>", "K7QM-3XTP-9999"):
        resp = enter_code(app.test_client(), typed)
        assert resp.status_code == 404 and NOT_FOUND in resp.text


def test_an_empty_code_asks_for_the_code(app):
    resp = enter_code(app.test_client(), "")
    assert resp.status_code == 400 and "Please type the code" in resp.text


def test_code_guessing_is_rate_limited_per_address(app, doctors):
    info = assign(doctors[0], ["demo"])
    guesser = app.test_client()
    for n in range(app.config["CODE_LIMIT"]):
        assert enter_code(guesser, f"ZZZZ-ZZ{n:02d}").status_code == 404
    resp = enter_code(guesser, info["code"])
    assert resp.status_code == 429 and "Too many codes tried" in resp.text


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_closing_keeps_results_readable_but_stores_no_new_answers(app, doctors, how):
    info = assign(doctors[0], ["demo"])
    mod = app.extensions["catalogue"].module("demo")
    patient = app.test_client()
    join(patient, info["token"])
    first, second = mod.questions[:2]
    assert Patient(patient).answer(first.id, next(c.id for c in first.choices if not c.correct)).status_code == 303
    _revoke(app, doctors[0], info["public_id"]) if how == "revoked" else _expire(app)
    sheet = patient.get("/sheet").text
    assert mod.title in sheet and "You have not started" not in sheet
    home = patient.get("/").text
    assert "Your reading" in home and "closed this reading" in home
    assert patient.get(f"/m/demo/read/{mod.sections[0].id}").status_code == 200
    assert patient.get(f"/m/demo/q/{first.id}/feedback").status_code == 200
    for resp in (patient.get(f"/m/demo/q/{second.id}"),
                 patient.post(f"/m/demo/q/{second.id}", data={"csrf_token": token(home), "confidence": "sure", "choice": second.correct_choice.id})):
        assert resp.status_code == 403 and "This reading has closed" in resp.text
    assert len(rows(app)) == 1, "no answer stored after closing"
    assert join(app.test_client(), info["token"]).status_code == 410


def test_archive_moves_an_assignment_out_of_the_list_and_back(app, doctors):
    info = assign(doctors[0], ["demo"], "to archive")
    c = doctors[0]
    page = c.get(f"/clinician/assignments/{info['public_id']}").text
    c.post(f"/clinician/assignments/{info['public_id']}/archive", data={"csrf_token": token(page)})
    assert "to archive" not in c.get("/clinician/").text
    assert "to archive" in c.get("/clinician/?archived=1").text
    c.post(f"/clinician/assignments/{info['public_id']}/archive", data={"csrf_token": token(page), "undo": "1"})
    assert "to archive" in c.get("/clinician/").text
    changes = [e.action for e in rows(app, AuditEvent) if e.action in ("archive", "unarchive", "revoke")]
    assert changes == ["archive", "unarchive"]


def test_assignment_list_shows_each_person_status_and_score(app, doctors):
    info = assign(doctors[0], ["demo"], "list check")
    mod = app.extensions["catalogue"].module("demo")
    patient = app.test_client()
    join(patient, info["token"])
    Patient(patient).finish(mod)
    carer = app.test_client()
    join(carer, info["token"], "caregiver")
    page = doctors[0].get("/clinician/").text
    assert "Patient</strong>: done" in page and f"{len(mod.questions)}/{len(mod.questions)}" in page
    assert "</strong>: in progress" in page  # the caregiver: joining opens the first part


def _routes(public_id):
    return [("get", f"/clinician/assignments/{public_id}"), ("get", f"/clinician/assignments/{public_id}/handout"),
            ("get", f"/clinician/assignments/{public_id}/answers"),
            ("get", f"/clinician/assignments/{public_id}/answers.csv"),
            ("post", f"/clinician/assignments/{public_id}/revoke"),
            ("post", f"/clinician/assignments/{public_id}/archive")]


def test_route_and_role_matrix_two_clinicians_two_patients(app, doctors):
    mine, theirs = doctors
    info = assign(mine, ["demo"], "owned by A")
    patients = [app.test_client(), app.test_client()]
    for p in patients:
        join(p, info["token"])
        Patient(p).start()
    form_token = token(theirs.get("/clinician/").text)
    for method, url in _routes(info["public_id"]):
        data = {"csrf_token": form_token} if method == "post" else None
        other = getattr(theirs, method)(url, data=data)
        assert other.status_code == 404, url
        assert "owned by A" not in other.text
        for p in patients + [app.test_client()]:
            anon = getattr(p, method)(url, data={"csrf_token": token(p.get("/").text)} if method == "post" else None)
            assert anon.status_code == 302 and "/clinician/login" in anon.location, url
        if method == "get":
            assert mine.get(url).status_code == 200, url
    for url in ("/clinician/", "/clinician/stats", "/clinician/answers.csv"):
        assert "owned by A" not in theirs.get(url).text
    (a,) = rows(app, Assignment)
    assert a.revoked_at is None and not a.archived


def test_urls_carry_no_sequential_ids(app, doctors):
    info = assign(doctors[0], ["demo"])
    assert not info["public_id"].isdigit() and len(info["public_id"]) >= 22


def test_a_label_with_control_characters_is_refused_with_a_message(app, doctors):
    resp = new_assignment(doctors[0], ["demo"], "Tuesday\x00 consult")
    assert resp.status_code == 400 and "only letters, numbers, spaces and punctuation" in resp.text
    assert rows(app, Assignment) == []


def test_the_list_shows_fifty_assignments_a_page_newest_first(app, doctors):
    from quizapp import db
    from quizapp.store import clinicians
    with app.app_context():
        clinician_id = clinicians.clinician_by_email(db.session(), A).id
        for n in range(51):
            db.write(lambda s, n=n: clinicians.create_assignment(s, clinician_id, ["demo"], f"consult {n:02d}", 30,
                                                              assigning.new_token(), assigning.new_code()))
    first = doctors[0].get("/clinician/").text
    assert first.count('<tr>') - 1 == 50 and "Showing 1–50 of 51." in first and ">Older</a>" in first
    assert "consult 50" in first and "consult 00" not in first
    second = doctors[0].get("/clinician/?page=2").text
    assert "consult 00" in second and "Showing 51–51 of 51." in second and ">Newer</a>" in second
    for bad in ("0", "-1", "two", "1.5"):
        resp = doctors[0].get(f"/clinician/?page={bad}")
        assert resp.status_code == 400 and "That page number does not exist" in resp.text


def test_a_missing_role_is_named_at_the_top_of_the_welcome_page(app, doctors):
    info = assign(doctors[0], ["demo"])
    c = app.test_client()
    page = c.get(f"/a/{info['token']}").text
    resp = c.post(f"/a/{info['token']}", data={"csrf_token": token(page)})
    top = resp.text[resp.text.index("<h1>"):resp.text.index("What to read")]
    assert resp.status_code == 400 and 'href="#who">Please say who is reading.' in top
