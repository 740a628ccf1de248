"""Property tests for the clinician's and the joining forms: never a 5xx, and a change only when valid."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp import assigning
from quizapp.models import Assignment, Participant
from tests.clinician_helpers import PASSWORD, create_clinician, sign_in
from tests.helpers import token

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
EMAIL = "fuzz@clinic.example"


def count(app, model) -> int:
    with app.extensions["db"].sessions() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))



@pytest.fixture
def assigned(app, doctor):
    page = doctor.get("/clinician/assignments/new").text
    doctor.post("/clinician/assignments/new", data={"csrf_token": token(page), "modules": "demo", "days": "30"})
    return doctor


def _valid_assignment(form: dict) -> bool:
    modules = form.get("modules")
    modules = [modules] if isinstance(modules, str) else modules or []
    try:
        days = int(form.get("days", ""))
    except ValueError:
        return False
    label = form.get("label", "")
    return (bool(modules) and set(modules) <= {"demo"} and 1 <= days <= 365 and len(label) <= 80
            and assigning.identifier_in(label) is None and label.isprintable())


@SETTINGS
@given(form=st.fixed_dictionaries({}, optional={
    "modules": st.sampled_from(["demo", "", "nope"]) | st.lists(st.sampled_from(["demo", "x"]), max_size=3) | TEXT,
    "label": st.sampled_from(["", "Tuesday", "a@b.c", "01/02/2003"]) | TEXT,
    "days": st.sampled_from(["30", "0", "365", "366", "-1", "1e3", ""]) | TEXT}))
def test_arbitrary_assignment_forms_never_fail_and_store_only_valid_ones(app, doctor, form):
    page = doctor.get("/clinician/assignments/new").text
    before = count(app, Assignment)
    resp = doctor.post("/clinician/assignments/new", data={**form, "csrf_token": token(page)})
    assert resp.status_code < 500
    made = count(app, Assignment) - before
    assert made == (1 if _valid_assignment(form) else 0)
    assert resp.status_code == (303 if made else 400)


@SETTINGS
@given(email=st.sampled_from([EMAIL, EMAIL.upper(), ""]) | TEXT, password=st.sampled_from([PASSWORD, ""]) | TEXT)
def test_arbitrary_sign_ins_never_fail_and_only_the_right_password_signs_in(app, email, password):
    if not _has_doctor(app):
        create_clinician(app, EMAIL)
    app.config["LOGIN_LIMIT"] = app.config["LOGIN_LIMIT_PER_ADDRESS"] = 10_000
    c = app.test_client()
    page = c.get("/clinician/login").text
    resp = c.post("/clinician/login", data={"csrf_token": token(page), "email": email, "password": password})
    assert resp.status_code < 500
    signed_in = c.get("/clinician/").status_code == 200
    assert signed_in == (email.strip().lower() == EMAIL and password == PASSWORD)


def _has_doctor(app) -> bool:
    from quizapp.models import Clinician
    return count(app, Clinician) > 0


@SETTINGS
@given(code=TEXT, role=st.sampled_from(["patient", "caregiver", "", "admin"]) | TEXT)
def test_arbitrary_codes_and_roles_never_fail_and_join_only_with_a_valid_role(app, assigned, code, role):
    app.config.update(CODE_LIMIT=10_000, CODE_LIMIT_SITE=10_000, JOIN_LIMIT=10_000, JOIN_LIMIT_PER_ASSIGNMENT=10_000,
                      MAX_PEOPLE_PER_ASSIGNMENT=10_000)
    c = app.test_client()
    resp = c.post("/code", data={"csrf_token": token(c.get("/").text), "code": code})
    assert resp.status_code < 500
    with app.extensions["db"].sessions() as s:
        a = s.scalar(sa.select(Assignment))
    before = count(app, Participant)
    resp = c.post(f"/a/{a.token}", data={"csrf_token": token(c.get(f'/a/{a.token}').text), "role": role})
    assert resp.status_code < 500
    assert count(app, Participant) - before == (1 if role in ("patient", "caregiver") else 0)


@pytest.mark.parametrize("page", ["²", "٣", "99999999999999999999", "0", "-1", "1e3", " 1", "1\n"])
def test_odd_page_numbers_are_a_friendly_400(doctor, page):
    resp = doctor.get("/clinician/", query_string={"page": page})
    assert resp.status_code == 400 and "That page number does not exist" in resp.text


@pytest.mark.parametrize("target", ["/\r\nX-Injected: 1", "/clinician/\nx", "/clinician/\rx", "/\x00", "/\x7f",
                                    "/clinician/\tstats"])
def test_a_next_address_with_control_characters_is_ignored_after_sign_in(app, target):
    create_clinician(app, EMAIL)
    c = app.test_client()
    resp = sign_in(c, EMAIL, next=target)
    assert resp.status_code == 303 and resp.location == "/clinician/"
    assert "X-Injected" not in resp.headers


@pytest.mark.parametrize("path", ["/a/%00", "/a/%00abc", "/a/" + "x" * 300, "/a/%C3%A9t%C3%A9", "/a/x%0Ay"])
def test_odd_link_tokens_are_a_friendly_404_on_every_database(app, path):
    for method in ("get", "post"):
        resp = getattr(app.test_client(), method)(path)
        assert resp.status_code in (400, 404) and "Traceback" not in resp.text, (method, path)
    assert app.test_client().get(path).status_code == 404
