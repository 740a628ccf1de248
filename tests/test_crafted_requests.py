"""Crafted requests get a 4xx and change nothing, never a 500: files in text fields, huge numbers, NUL in ids."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from quizapp.models import Assignment, Base
from tests.clinician_helpers import assigning_doctor, join
from tests.helpers import token


def row_counts(app) -> dict[str, int]:
    with app.extensions["db"].engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for t in Base.metadata.sorted_tables}


def _post_file(client, page_url: str, url: str, field: str, extra: dict | None = None):
    data = {"csrf_token": token(client.get(page_url).text), **(extra or {}),
            field: (io.BytesIO(b"hello"), "f.txt")}
    return client.post(url, data=data, content_type="multipart/form-data")


@pytest.mark.parametrize("page, url, field, extra", [
    ("/", "/code", "code", {}),
    ("/clinician/login", "/clinician/login", "email", {"password": "x" * 12}),
    ("/clinician/login", "/clinician/login", "password", {"email": "a@clinic.example"}),
])
def test_a_file_sent_in_a_patient_or_sign_in_field_is_refused_with_400(app, page, url, field, extra):
    client = app.test_client()
    before = row_counts(app)
    resp = _post_file(client, page, url, field, extra)
    assert resp.status_code == 400 and "Something went wrong" not in resp.text
    assert row_counts(app) == before


def test_a_file_sent_as_the_reader_to_switch_to_is_refused_with_400(app):
    _doctor, info = assigning_doctor(app, "dr.f@clinic.example", ["demo"])
    reader = app.test_client()
    join(reader, info["token"])
    before = row_counts(app)
    assert _post_file(reader, "/", "/who", "person").status_code == 400
    assert row_counts(app) == before


def test_a_file_as_the_label_of_a_new_assignment_is_refused_with_400(app):
    doctor, _info = assigning_doctor(app, "dr.f@clinic.example", ["demo"])
    before = row_counts(app)
    resp = _post_file(doctor, "/clinician/assignments/new", "/clinician/assignments/new", "label",
                      {"modules": "demo", "days": "30"})
    assert resp.status_code == 400
    assert row_counts(app) == before


@pytest.mark.parametrize("days", ["9" * 309, "1" * 400, "1e999", "-" + "9" * 400])
def test_a_huge_number_of_days_is_refused_with_a_plain_message(app, days):
    doctor, _info = assigning_doctor(app, "dr.f@clinic.example", ["demo"])
    page = doctor.get("/clinician/assignments/new").text
    resp = doctor.post("/clinician/assignments/new", data={"csrf_token": token(page), "modules": "demo",
                                                           "days": days})
    assert resp.status_code == 400 and "whole number" in resp.text
    with app.extensions["db"].sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 1


@pytest.mark.parametrize("method, path", [
    ("GET", ""), ("GET", "/answers"), ("GET", "/handout"), ("GET", "/answers.csv"), ("GET", "/revoke"),
    ("POST", "/revoke"), ("POST", "/archive"), ("POST", "/people/x/remove"),
])
def test_a_nul_in_an_assignment_id_is_a_404_on_every_database(app, method, path):
    doctor, _info = assigning_doctor(app, "dr.f@clinic.example", ["demo"])
    csrf = token(doctor.get("/clinician/").text)
    url = f"/clinician/assignments/%00{path}"
    resp = doctor.get(url) if method == "GET" else doctor.post(url, data={"csrf_token": csrf})
    assert resp.status_code == 404


def test_no_page_reflects_text_from_the_address_next_to_its_secrets(app):
    doctor, info = assigning_doctor(app, "dr.f@clinic.example", ["demo"])
    probe = "REFLECTED_PROBE_12345"
    for url in ["/clinician/", f"/clinician/assignments/{info['public_id']}", "/clinician/stats",
                f"/clinician/assignments/{info['public_id']}/answers", "/"]:
        page = doctor.get(f"{url}?q={probe}&module=demo&{probe}=1").text
        assert probe not in page, url
    stats = doctor.get("/clinician/stats?module=demo&sort=hardest").text
    assert "next=/clinician/stats?module%3Ddemo%26sort%3Dhardest" in stats  # our own parameters are kept
