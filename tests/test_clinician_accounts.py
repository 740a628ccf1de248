"""Clinician accounts: the create command, sign-in, throttling shared through the database, logout, timeouts."""
from __future__ import annotations

import datetime as dt

import pytest

from quizapp import clock
from quizapp.clinician.auth import WRONG
from quizapp.models import Clinician, RateCounter
from tests.clinician_helpers import PASSWORD, create_clinician, sign_in
from tests.helpers import Patient, rows, token

EMAIL = "dr.lee@clinic.example"


@pytest.fixture
def doctor(app):
    create_clinician(app, EMAIL)
    return EMAIL


def test_create_clinician_asks_twice_and_stores_only_an_argon2id_hash(app):
    create_clinician(app, "New@Clinic.example")
    (c,) = rows(app, Clinician)
    assert c.email == "new@clinic.example"
    assert c.password_hash.startswith("$argon2id$") and PASSWORD not in c.password_hash


@pytest.mark.parametrize("given, message", [
    (f"{PASSWORD}\nsomething else entirely\n" * 3, "do not match"),
    ("short\nshort\n", "at least 12"),
])
def test_create_clinician_refuses_mismatched_or_short_passwords(app, given, message):
    result = app.test_cli_runner().invoke(args=["create-clinician", EMAIL], input=given)
    assert result.exit_code != 0
    assert message in result.output
    assert rows(app, Clinician) == []


def test_create_clinician_refuses_a_second_account_with_the_same_email(app, doctor):
    result = app.test_cli_runner().invoke(args=["create-clinician", EMAIL.upper()],
                                          input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code != 0 and "exists already" in result.output
    assert len(rows(app, Clinician)) == 1


def test_sign_in_lands_on_the_assignment_list(client, doctor):
    resp = sign_in(client, EMAIL)
    assert resp.status_code == 303 and resp.location == "/clinician/"
    assert "Your assignments" in client.get("/clinician/").text


def test_unknown_email_and_wrong_password_get_the_same_answer(client, doctor):
    unknown = sign_in(client, "nobody@clinic.example")
    wrong = sign_in(client, EMAIL, "not the password at all")
    assert unknown.status_code == wrong.status_code == 401
    assert WRONG in unknown.text and WRONG in wrong.text
    assert client.get("/clinician/").status_code == 302


def test_sign_in_with_missing_fields_says_what_is_missing(client, doctor):
    page = client.get("/clinician/login").text
    resp = client.post("/clinician/login", data={"csrf_token": token(page), "email": "", "password": ""})
    assert resp.status_code == 400
    assert "Please enter your email." in resp.text and "Please enter your password." in resp.text


def test_sign_in_starts_a_fresh_session(app, client, doctor):
    Patient(client).start()
    with client.session_transaction() as s:
        assert "p" in s
    sign_in(client, EMAIL)
    with client.session_transaction() as s:
        assert "p" not in s and "_user_id" in s


@pytest.mark.parametrize("target, lands", [
    ("/clinician/stats", "/clinician/stats"),
    ("https://evil.example/x", "/clinician/"),
    ("//evil.example/x", "/clinician/"),
    ("/\\evil.example", "/clinician/"),
])
def test_after_sign_in_next_goes_only_to_a_path_on_this_site(client, doctor, target, lands):
    assert sign_in(client, EMAIL, next=target).location == lands


def test_anonymous_visitors_are_sent_to_sign_in_with_the_page_remembered(client):
    resp = client.get("/clinician/stats")
    assert resp.status_code == 302 and resp.location.startswith("/clinician/login?next=")


def test_a_session_cookie_replayed_after_logout_is_refused(app, client, doctor):
    sign_in(client, EMAIL)
    stolen = client.get_cookie("quizapp").value
    page = client.get("/clinician/").text
    assert client.post("/clinician/logout", data={"csrf_token": token(page)}).status_code == 303
    replay = app.test_client()
    replay.set_cookie("quizapp", stolen)
    resp = replay.get("/clinician/")
    assert resp.status_code == 302 and "/clinician/login" in resp.location


@pytest.mark.parametrize("away", [dt.timedelta(minutes=31), dt.timedelta(hours=13)])
def test_sessions_end_after_idle_or_absolute_timeout(client, doctor, monkeypatch, away):
    sign_in(client, EMAIL)
    start = clock.now()
    if away > dt.timedelta(hours=1):  # stay active every 20 minutes up to the absolute limit
        for step in range(1, int(dt.timedelta(hours=12) / dt.timedelta(minutes=20))):
            monkeypatch.setattr(clock, "now", lambda t=start + step * dt.timedelta(minutes=20): t)
            assert client.get("/clinician/").status_code == 200
    monkeypatch.setattr(clock, "now", lambda: start + away)
    resp = client.get("/clinician/")
    assert resp.status_code == 302 and "/clinician/login" in resp.location


def test_bad_sign_ins_are_throttled_per_account_even_with_the_right_password(app, client, doctor):
    for _ in range(app.config["LOGIN_LIMIT"]):
        assert sign_in(client, EMAIL, "wrong password, try again").status_code == 401
    resp = sign_in(client, EMAIL)
    assert resp.status_code == 429
    assert "Too many sign-in attempts" in resp.text
    assert client.get("/clinician/").status_code == 302


def test_bad_sign_ins_are_throttled_per_address_across_accounts(app, client, doctor):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = 3
    for n in range(3):
        sign_in(client, f"guess{n}@clinic.example", "whatever it may be")
    assert sign_in(client, EMAIL).status_code == 429


def test_throttle_is_shared_by_app_instances_on_one_database(app, make_app, doctor):
    other = make_app(DATABASE_URL=app.config["DATABASE_URL"])
    a, b = app.test_client(), other.test_client()
    for n in range(app.config["LOGIN_LIMIT"]):
        sign_in(a if n % 2 else b, EMAIL, "wrong password, try again")
    assert sign_in(a, EMAIL).status_code == 429
    assert sign_in(b, EMAIL).status_code == 429
    other.extensions["db"].engine.dispose()


def test_throttle_lifts_after_the_window_and_stores_no_email(app, client, doctor, monkeypatch):
    for _ in range(app.config["LOGIN_LIMIT"]):
        sign_in(client, EMAIL, "wrong password, try again")
    later = clock.now() + dt.timedelta(minutes=app.config["LOGIN_WINDOW_MINUTES"] + 1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert sign_in(client, EMAIL).status_code == 303
    assert rows(app, RateCounter) and all(EMAIL not in e.key for e in rows(app, RateCounter))


def test_sign_in_and_failures_are_logged_without_the_password(client, doctor, caplog):
    sign_in(client, EMAIL, "wrong password, try again")
    sign_in(client, EMAIL)
    text = caplog.text
    assert "login failed" in text and "login ok" in text
    assert PASSWORD not in text and "wrong password" not in text


def test_default_password_hash_cost_is_an_owasp_argon2id_setting(tmp_path):
    from quizapp import config
    d = config.defaults(tmp_path, tmp_path)
    assert (d["PASSWORD_TIME_COST"], d["PASSWORD_MEMORY_KIB"]) == (5, 7168)  # 7 MiB, t=5, p=1


def test_a_hash_made_with_an_older_cost_is_upgraded_at_sign_in(app, client, doctor):
    app.config["PASSWORD_TIME_COST"] = 2
    assert sign_in(client, EMAIL).status_code == 303
    (c,) = rows(app, Clinician)
    assert ",t=2," in c.password_hash


def test_an_unknown_email_still_runs_the_password_hash_check(app, client, monkeypatch):
    from argon2 import PasswordHasher
    calls = []
    real = PasswordHasher.verify
    monkeypatch.setattr(PasswordHasher, "verify", lambda self, h, p: calls.append(h) or real(self, h, p))
    assert sign_in(client, "nobody@clinic.example").status_code == 401
    assert len(calls) == 1 and calls[0].startswith("$argon2id$")


def test_a_deactivated_account_runs_the_hash_check_and_is_refused(app, client, doctor, monkeypatch):
    import sqlalchemy as sa
    from argon2 import PasswordHasher
    with app.extensions["db"].sessions() as s, s.begin():
        s.execute(sa.update(Clinician).values(active=False))
    calls = []
    real = PasswordHasher.verify
    monkeypatch.setattr(PasswordHasher, "verify", lambda self, h, p: calls.append(h) or real(self, h, p))
    assert sign_in(client, EMAIL).status_code == 401
    assert len(calls) == 1


def test_the_clinician_cookie_stays_a_browser_session_cookie_after_switching_language(app, client, doctor):
    sign_in(client, EMAIL)
    resp = client.get("/language/es?next=/clinician/")
    assert resp.status_code == 303
    cookies = resp.headers.getlist("Set-Cookie")
    assert cookies and not any("Expires=" in c or "Max-Age" in c for c in cookies)
    assert client.get("/clinician/").status_code == 200
