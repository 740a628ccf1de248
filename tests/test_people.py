"""The people of an assignment: a cap per assignment, joins throttled per address, and removal by the clinician."""
from __future__ import annotations

import csv
import io
import re

import sqlalchemy as sa

from quizapp.models import AuditEvent, ItemTally, Participant
from tests.clinician_helpers import assign, create_clinician, join, sign_in
from tests.helpers import Patient, rows, token

EMAIL, OTHER = "dr.ng@clinic.example", "dr.ox@clinic.example"


def client_at(app, address: str):
    """A test client whose requests come from this address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client



def tallied(app) -> int:
    """Return how many first-try answers the question statistics count."""
    with app.extensions["db"].sessions() as s:
        return s.scalar(sa.select(sa.func.coalesce(sa.func.sum(ItemTally.n), 0)))


def test_an_assignment_takes_at_most_the_configured_number_of_people(app, doctor):
    app.config["MAX_PEOPLE_PER_ASSIGNMENT"] = 2
    info = assign(doctor, ["demo"])
    assert join(client_at(app, "192.0.2.1"), info["token"]).status_code == 303
    assert join(client_at(app, "192.0.2.2"), info["token"], "caregiver").status_code == 303
    refused = join(client_at(app, "192.0.2.3"), info["token"], "caregiver")
    assert refused.status_code == 403
    assert "the most it can take" in refused.text and "ask your care team" in refused.text
    assert len(rows(app, Participant)) == 2


def test_joins_are_throttled_per_address(app, doctor):
    app.config["JOIN_LIMIT"] = 2
    info = assign(doctor, ["demo"])
    for _ in range(2):
        assert join(client_at(app, "198.51.100.7"), info["token"]).status_code == 303
    again = join(client_at(app, "198.51.100.7"), info["token"])
    assert again.status_code == 429 and "Please wait a few minutes" in again.text
    assert join(client_at(app, "203.0.113.9"), info["token"]).status_code == 303
    assert len(rows(app, Participant)) == 3


def _finish(app, info, role: str):
    """Join and answer the whole demo topic (first try), returning the person's client."""
    c = app.test_client()
    join(c, info["token"], role)
    Patient(c).finish(app.extensions["catalogue"].module("demo"), right=set())
    return c


def _remove_links(report: str) -> list[str]:
    """Return the address of every 'remove this person' link on a report page."""
    return re.findall(r'<a class="button secondary" href="([^"]*/remove)"', report)


def _remove_forms(report: str, doctor=None) -> list[tuple[str, str]]:
    """Return (action, form token) of the confirming form behind every 'remove this person' link on a report."""
    forms = []
    for link in _remove_links(report):
        page = doctor.get(link)
        assert page.status_code == 200
        forms += [(m.group(1), token(m.group(0))) for m in
                  re.finditer(r'<form[^>]*action="([^"]*/remove)"[^>]*>.*?</form>', page.text, re.S)]
    return forms


def test_a_clinician_removes_a_person_from_the_report_the_csv_and_the_statistics(app, doctor):
    info = assign(doctor, ["demo"])
    _finish(app, info, "patient")
    _finish(app, info, "caregiver")
    questions = len(app.extensions["catalogue"].module("demo").questions)
    assert tallied(app) == 2 * questions
    report = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    forms = _remove_forms(report, doctor)
    assert len(forms) == 2
    action, csrf = forms[0]  # the patient, who joined first
    resp = doctor.post(action, data={"csrf_token": csrf})
    assert resp.status_code == 303
    report = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    assert ">Patient</h2>" not in report and report.count('<section class="person"') == 1
    table = list(csv.reader(io.StringIO(doctor.get(f"/clinician/assignments/{info['public_id']}/answers.csv").text)))
    assert len({r[2] for r in table[1:]}) == 1 and {r[3] for r in table[1:]} == {"caregiver"}
    assert tallied(app) == questions
    with app.extensions["db"].sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ItemTally).where(ItemTally.n <= 0)) == 0
    assert "remove-person" in {e.action for e in rows(app, AuditEvent)}
    assert doctor.post(action, data={"csrf_token": csrf}).status_code == 404  # gone already


def test_removing_needs_the_form_token_and_the_owner(app, doctor):
    info = assign(doctor, ["demo"])
    join(app.test_client(), info["token"])
    action, csrf = _remove_forms(doctor.get(f"/clinician/assignments/{info['public_id']}").text, doctor)[0]
    assert doctor.post(action, data={}).status_code == 400
    create_clinician(app, OTHER)
    other = app.test_client()
    sign_in(other, OTHER)
    page = other.get("/clinician/").text
    assert other.post(action, data={"csrf_token": token(page)}).status_code == 404
    assert all(p.removed_at is None for p in rows(app, Participant))


def test_a_removed_person_frees_a_place_and_cannot_keep_reading(app, doctor):
    app.config["MAX_PEOPLE_PER_ASSIGNMENT"] = 1
    info = assign(doctor, ["demo"])
    fake = app.test_client()
    assert join(fake, info["token"]).status_code == 303
    action, csrf = _remove_forms(doctor.get(f"/clinician/assignments/{info['public_id']}").text, doctor)[0]
    assert doctor.post(action, data={"csrf_token": csrf}).status_code == 303
    assert "Start reading" in fake.get("/m/demo").text  # no longer anyone's progress
    assert join(app.test_client(), info["token"]).status_code == 303


def test_the_remove_form_names_no_cookie_id(app, doctor):
    info = assign(doctor, ["demo"])
    c = app.test_client()
    join(c, info["token"])
    (person,) = rows(app, Participant)
    report = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    assert person.public_id not in report


def test_removing_asks_first_and_opening_the_question_removes_nobody(app, doctor):
    info = assign(doctor, ["demo"])
    _finish(app, info, "caregiver")
    (link,) = _remove_links(doctor.get(f"/clinician/assignments/{info['public_id']}").text)
    page = doctor.get(link)
    assert page.status_code == 200
    assert "Remove Caregiver 1 from this report?" in page.text and "4 answers" in page.text
    assert "Everyone else keeps their name and number." in page.text and "No, keep them" in page.text
    assert all(p.removed_at is None for p in rows(app, Participant))


def test_removing_one_person_never_renumbers_the_others(app, doctor):
    info = assign(doctor, ["demo"])
    for _ in range(3):
        _finish(app, info, "caregiver")
    report = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    assert all(f"Caregiver {n}" in report for n in (1, 2, 3))
    action, csrf = _remove_forms(report, doctor)[0]  # Caregiver 1
    assert doctor.post(action, data={"csrf_token": csrf}).status_code == 303
    report = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    assert "Caregiver 1" not in report and "Caregiver 2" in report and "Caregiver 3" in report
    assert "The others keep their names." in report


def test_the_confirm_page_refuses_an_unknown_person_and_another_clinicians_assignment(app, doctor):
    info = assign(doctor, ["demo"])
    join(app.test_client(), info["token"])
    (link,) = _remove_links(doctor.get(f"/clinician/assignments/{info['public_id']}").text)
    assert doctor.get(link.rsplit("/", 2)[0] + "/not-a-person/remove").status_code == 404
    create_clinician(app, OTHER)
    other = app.test_client()
    sign_in(other, OTHER)
    assert other.get(link).status_code == 404
    assert all(p.removed_at is None for p in rows(app, Participant))


def test_the_join_limit_page_gives_the_clinics_phone_and_a_way_forward(app, doctor):
    app.config.update(JOIN_LIMIT=1, CLINIC_NAME="Gene Clinic", CLINIC_PHONE="020 7946 0000")
    info = assign(doctor, ["demo"])
    assert join(client_at(app, "198.51.100.8"), info["token"]).status_code == 303
    page = join(client_at(app, "198.51.100.8"), info["token"], "caregiver")
    assert page.status_code == 429
    assert "switch this phone to mobile data" in page.text and 'href="tel:02079460000"' in page.text
    assert f'href="/a/{info["token"]}">Try again</a>' in page.text and "read about gene therapy on your own" in page.text
    assert len(rows(app, Participant)) == 1


def test_without_a_clinic_phone_the_join_limit_page_says_where_to_find_the_number(app, doctor):
    app.config.update(JOIN_LIMIT=1, CLINIC_PHONE="")
    info = assign(doctor, ["demo"])
    join(client_at(app, "198.51.100.9"), info["token"])
    page = join(client_at(app, "198.51.100.9"), info["token"], "caregiver")
    assert page.status_code == 429 and "their number is on the paper or message" in page.text
