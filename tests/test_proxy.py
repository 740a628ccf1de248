"""Behind a reverse proxy: throttles count per client, and links for patients never come from the Host header."""
from __future__ import annotations

import re

import pytest

from tests.clinician_helpers import assign, create_clinician, sign_in
from tests.helpers import token

EMAIL = "dr.proxy@clinic.example"
BASE_URL = "https://learn.example.org"


@pytest.fixture
def proxied(make_app, backend):
    return make_app(backend, PROXY_HOPS=1, PUBLIC_BASE_URL=BASE_URL)


def via(address: str) -> dict:
    """Headers a proxy adds for a client at this address, on HTTPS."""
    return {"X-Forwarded-For": address, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "learn.example.org"}


def test_behind_a_proxy_two_clients_keep_separate_code_budgets(proxied):
    create_clinician(proxied, EMAIL)
    doctor = proxied.test_client()
    sign_in(doctor, EMAIL)
    code = assign(doctor, ["demo"])["code"]
    attacker, patient = proxied.test_client(), proxied.test_client()
    for n in range(proxied.config["CODE_LIMIT"]):
        page = attacker.get("/", headers=via("198.51.100.7")).text
        attacker.post("/code", data={"csrf_token": token(page), "code": f"AAAA-AAA{n}"}, headers=via("198.51.100.7"))
    page = attacker.get("/", headers=via("198.51.100.7")).text
    blocked = attacker.post("/code", data={"csrf_token": token(page), "code": code}, headers=via("198.51.100.7"))
    assert blocked.status_code == 429
    page = patient.get("/", headers=via("203.0.113.9")).text
    resp = patient.post("/code", data={"csrf_token": token(page), "code": code}, headers=via("203.0.113.9"))
    assert resp.status_code == 303 and "/a/" in resp.location


def test_behind_a_proxy_failed_sign_ins_from_one_client_do_not_block_another(proxied):
    create_clinician(proxied, EMAIL)
    proxied.config["LOGIN_LIMIT_PER_ADDRESS"] = 3
    stranger, doctor = proxied.test_client(), proxied.test_client()
    for n in range(3):
        page = stranger.get("/clinician/login", headers=via("198.51.100.7")).text
        stranger.post("/clinician/login", headers=via("198.51.100.7"),
                      data={"csrf_token": token(page), "email": f"guess{n}@clinic.example", "password": "whatever"})
    page = doctor.get("/clinician/login", headers=via("203.0.113.9")).text
    resp = doctor.post("/clinician/login", headers=via("203.0.113.9"),
                       data={"csrf_token": token(page), "email": EMAIL, "password": "correct horse battery staple 42"})
    assert resp.status_code == 303


def test_share_link_qr_and_handout_use_the_public_base_url_whatever_the_host_header(proxied):
    create_clinician(proxied, EMAIL)
    doctor = proxied.test_client()
    sign_in(doctor, EMAIL)
    made = assign(doctor, ["demo"])
    evil = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
    report = doctor.get(f"/clinician/assignments/{made['public_id']}", headers=evil).text
    links = re.findall(r'href="(https?://[^"]+/a/[^"]+)"', report)
    assert links and all(link.startswith(f"{BASE_URL}/a/") for link in links)
    assert "evil.example" not in report
    handout = doctor.get(f"/clinician/assignments/{made['public_id']}/handout", headers=evil).text
    assert f"{BASE_URL}/" in handout and "evil.example" not in handout
