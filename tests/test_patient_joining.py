"""Joining, shared devices, broken links and the consult sheet, as a patient or a family meets them."""
from __future__ import annotations

import re

import pytest

from quizapp.models import Participant
from tests.clinician_helpers import assign, create_clinician, join, sign_in
from tests.helpers import Patient, rows, token

EMAIL = "join@clinic.example"


@pytest.fixture
def share(app):
    """A clinician's assignment of the demo topic: its link token and code."""
    create_clinician(app, EMAIL)
    doctor = app.test_client()
    sign_in(doctor, EMAIL)
    return assign(doctor, ["demo"], "joining")


def test_reopening_a_form_address_goes_somewhere_useful_not_to_a_dead_end(client):
    assert client.get("/code").status_code == 303 and client.get("/code").location == "/"
    for path in ("/m/demo/start", "/m/demo/retry"):
        resp = client.get(path)
        assert resp.status_code == 303 and resp.location == "/m/demo", path


def test_the_400_page_never_says_request(client):
    page = client.get("/").text
    resp = client.post("/m/demo/start", data={"csrf_token": "not-the-token"})
    assert resp.status_code == 400 and "request" not in resp.text.lower()
    assert token(page)


def test_welcome_names_the_clinic_and_a_broken_link_gives_its_phone(app, share):
    app.config.update(CLINIC_NAME="Gene Therapy Clinic, St Example", CLINIC_PHONE="+1 (555) 010-0199")
    c = app.test_client()
    welcome = c.get(f"/a/{share['token']}").text
    assert "Sent by <strong>Gene Therapy Clinic, St Example</strong>" in welcome
    assert welcome.index('id="who"') < welcome.index("What to read"), "who is reading comes first"
    broken = c.get("/a/" + "x" * 22)
    assert broken.status_code == 404 and "<h1>This link does not work</h1>" in broken.text
    assert 'href="tel:+15550100199"' in broken.text and 'id="code"' in broken.text


def test_without_clinic_settings_nothing_about_a_clinic_is_shown(app, share):
    welcome = app.test_client().get(f"/a/{share['token']}").text
    assert "Sent by" not in welcome
    assert "tel:" not in app.test_client().get("/a/" + "x" * 22).text


def test_a_parent_joins_and_is_spoken_to_about_their_child(app, share):
    parent = app.test_client()
    resp = join(parent, share["token"], "parent")
    assert resp.status_code == 303 and resp.location == "/m/demo/read/one"
    (person,) = rows(app, Participant)
    assert person.role == "parent"
    again = parent.get(f"/a/{share['token']}").text
    assert "already reading as <strong>a parent or guardian</strong>, to help with your child" in again
    mod = app.extensions["catalogue"].module("demo")
    for q in mod.questions:
        assert Patient(parent).answer(q.id, q.correct_choice.id).status_code == 303
    assert "your child's care team" in parent.get("/m/demo/results").text


def test_already_reading_names_the_role_in_a_sentence_not_the_option_label(app, share):
    carer = app.test_client()
    join(carer, share["token"], "caregiver")
    page = carer.get(f"/a/{share['token']}").text
    assert "already reading as <strong>a family member or caregiver</strong>" in page
    assert "reading as <strong>I am" not in page


def test_a_shared_phone_keeps_every_reader_and_switches_between_them(app, share):
    phone = app.test_client()
    join(phone, share["token"], "caregiver")
    first = app.extensions["catalogue"].module("demo").questions[0]
    assert Patient(phone).answer(first.id, first.correct_choice.id).status_code == 303
    assert "Who is reading now?" not in phone.get("/").text, "one reader: no switch offered"
    join(phone, share["token"], "patient")  # the patient joins on the same phone
    assert len(rows(app, Participant)) == 2
    home = phone.get("/").text
    assert "Who is reading now?" in home and "0 of 4 answered" in home.replace("Started: ", "")
    who = phone.get("/who").text
    assert "Reading now" in who and "Read as a family member or caregiver" in who
    carer_id = re.search(r'name="person" value="([^"]+)"', who).group(1)
    resp = phone.post("/who", data={"csrf_token": token(who), "person": carer_id})
    assert resp.status_code == 303 and resp.location == "/"
    assert "1 of 4 questions answered" in phone.get("/").text, "the caregiver's answer is still there"
    assert "Read as the patient" in phone.get("/who").text


def test_switching_to_someone_not_on_this_device_is_refused(app, share):
    phone, other = app.test_client(), app.test_client()
    join(phone, share["token"], "patient")
    join(other, share["token"], "caregiver")
    home = phone.get("/").text
    theirs = [p.public_id for p in rows(app, Participant) if p.role == "caregiver"][0]
    assert phone.post("/who", data={"csrf_token": token(home), "person": theirs}).status_code == 400


def test_the_sheet_asks_wrong_and_sure_first_marks_second_try_wins_and_lists_only_words_read(app, client):
    mod = app.extensions["catalogue"].module("demo")
    q1, q2, q3, q4 = mod.questions
    p = Patient(client)
    p.start()
    p.answer(q1.id, next(c.id for c in q1.choices if c.misconception == "cure"), "unsure")
    sheet = client.get("/sheet").text
    assert "One treatment cures everyone." in sheet
    one = {t for t in mod.sections[0].terms}
    later = {t for s in mod.sections[1:] for t in s.terms} - one
    glossary = app.extensions["catalogue"].glossary
    assert all(glossary[t].definition not in sheet for t in later), "words of parts not read are left out"
    p.answer(q2.id, q2.correct_choice.id)
    p.answer(q3.id, q3.correct_choice.id)
    p.answer(q4.id, next(c.id for c in q4.choices if c.misconception == "precise"), "sure")
    p.retry()
    p.answer(q1.retry_question.id, q1.retry_question.correct_choice.id, rnd=2)
    sheet = client.get("/sheet").text
    sure, unsure = sheet.index("Editing is perfectly precise."), sheet.index("One treatment cures everyone.")
    assert sure < unsure, "wrong and sure comes first"
    assert "Right on my second try" in sheet[unsure:]
    assert "<script src=\"/static/print.js" in sheet and "choose <strong>Print</strong>" in sheet


def test_an_empty_sheet_says_so_without_an_empty_list_of_things_to_ask(client):
    sheet = client.get("/sheet").text
    assert "You have not started a topic yet." in sheet and "Things I'd like to ask" not in sheet


def test_a_spanish_browser_opening_an_english_assignment_is_offered_spanish_on_the_welcome_page(app):
    from tests.clinician_helpers import assign, create_clinician, sign_in
    create_clinician(app, "dr.es@clinic.example")
    doctor = app.test_client()
    sign_in(doctor, "dr.es@clinic.example")
    info = assign(doctor, ["demo"])
    phone = app.test_client()
    page = phone.get(f"/a/{info['token']}", headers={"Accept-Language": "es-ES,es;q=0.9"}).text
    assert '<p class="notice offer" lang="es">¿Prefiere leer en español?' in page
    assert "Reading from your care team" in page  # the page itself keeps the assignment's language
    switched = phone.get(f"/language/es?next=/a/{info['token']}")
    assert switched.status_code in (302, 303)
    page = phone.get(f"/a/{info['token']}", headers={"Accept-Language": "es-ES,es;q=0.9"}).text
    assert "offer" not in page and "Lectura de parte de su equipo" in page
    english = app.test_client().get(f"/a/{info['token']}", headers={"Accept-Language": "en-US"}).text
    assert 'class="notice offer"' not in english
