"""An optional second factor for clinicians (TOTP from an authenticator app, with one-time recovery codes),
required of everyone when REQUIRE_2FA is on."""
from __future__ import annotations

import datetime as dt
import re

import pyotp

from quizapp import clock
from quizapp.models import AuditEvent, Clinician
from quizapp.states import AuditAction
from tests.clinician_helpers import PASSWORD, sign_in
from tests.helpers import rows, token

EMAIL = "dr.totp@clinic.example"


def signed_in(client) -> bool:
    return client.get("/clinician/").status_code == 200


def turn_on(client) -> tuple[str, list[str]]:
    """Set up the app from the page: read the key, send its current code; return the key and recovery codes."""
    page = client.get("/clinician/account/2fa").text
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    assert "<svg" in page
    done = client.post("/clinician/account/2fa", data={"csrf_token": token(page), "code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and "Your recovery codes" in done.text
    return secret, re.findall(r"<code>([0-9A-Z]{5}-[0-9A-Z]{5})</code>", done.text)


def send_code(client, code: str):
    page = client.get("/clinician/login/code").text
    return client.post("/clinician/login/code", data={"csrf_token": token(page), "code": code})



def test_with_the_second_factor_on_a_password_alone_does_not_sign_in_and_the_code_does(app, doctor):
    secret, codes = turn_on(doctor)
    assert len(codes) == 10 and signed_in(doctor)
    assert rows(app, Clinician)[0].totp_secret == secret
    assert AuditAction.TWO_FACTOR_ON in [e.action for e in rows(app, AuditEvent)]
    client = app.test_client()
    resp = sign_in(client, EMAIL)
    assert resp.status_code == 303 and resp.location.endswith("/clinician/login/code")
    assert not signed_in(client)
    assert send_code(client, "000000").status_code == 401 and not signed_in(client)
    code = pyotp.TOTP(secret).now()
    assert send_code(client, code).status_code == 303 and signed_in(client)
    again = app.test_client()
    sign_in(again, EMAIL)
    assert send_code(again, code).status_code == 401  # the same code never works twice


def test_a_recovery_code_signs_in_once(app, doctor):
    _secret, codes = turn_on(doctor)
    first = app.test_client()
    sign_in(first, EMAIL)
    resp = send_code(first, codes[0].lower())
    assert resp.status_code == 303 and signed_in(first)
    second = app.test_client()
    sign_in(second, EMAIL)
    assert send_code(second, codes[0]).status_code == 401
    assert send_code(second, codes[1]).status_code == 303


def test_turning_it_on_ends_other_sessions_and_turning_it_off_asks_for_the_password(app, doctor):
    elsewhere = app.test_client()
    sign_in(elsewhere, EMAIL)
    turn_on(doctor)
    assert not signed_in(elsewhere)
    page = doctor.get("/clinician/account/2fa").text
    wrong = doctor.post("/clinician/account/2fa/off", data={"csrf_token": token(page), "current": "not it at all"})
    assert wrong.status_code == 400 and rows(app, Clinician)[0].totp_secret
    off = doctor.post("/clinician/account/2fa/off", data={"csrf_token": token(page), "current": PASSWORD})
    assert off.status_code == 303 and rows(app, Clinician)[0].totp_secret is None and signed_in(doctor)
    assert sign_in(app.test_client(), EMAIL).location == "/clinician/"


def test_a_wrong_setup_code_turns_nothing_on(app, doctor):
    page = doctor.get("/clinician/account/2fa").text
    resp = doctor.post("/clinician/account/2fa", data={"csrf_token": token(page), "code": "123456"})
    assert resp.status_code == 400 and "That code did not work" in resp.text
    assert rows(app, Clinician)[0].totp_secret is None


def test_the_code_step_expires_after_five_minutes(app, doctor, monkeypatch):
    secret, _codes = turn_on(doctor)
    client = app.test_client()
    sign_in(client, EMAIL)
    later = clock.now() + dt.timedelta(minutes=6)
    monkeypatch.setattr(clock, "now", lambda: later)
    resp = client.get("/clinician/login/code")
    assert resp.status_code == 303 and resp.location.endswith("/clinician/login")


def test_the_code_step_without_a_right_password_first_goes_back_to_sign_in(client):
    assert client.get("/clinician/login/code").status_code == 303


def test_guessing_codes_is_throttled_like_passwords(app, doctor):
    turn_on(doctor)
    client = app.test_client()
    sign_in(client, EMAIL)
    most = app.config["LOGIN_LIMIT"]
    statuses = [send_code(client, f"{n:06d}").status_code for n in range(most)]
    assert statuses == [401] * (most - 1) + [429]  # the sign-in's own try counts until its code is right


def test_with_require_2fa_a_clinician_must_set_it_up_before_anything_else(app, doctor):
    app.config["REQUIRE_2FA"] = True
    resp = doctor.get("/clinician/")
    assert resp.status_code == 303 and resp.location.endswith("/clinician/account/2fa")
    turn_on(doctor)
    assert signed_in(doctor)
    page = doctor.get("/clinician/account/2fa").text
    assert "Turn it off" not in page
    assert doctor.post("/clinician/account/2fa/off", data={"csrf_token": token(page),
                                                           "current": PASSWORD}).status_code == 403


def test_an_operator_resets_a_lost_second_factor(app, doctor):
    turn_on(doctor)
    result = app.test_cli_runner().invoke(args=["clinician", "reset-2fa", EMAIL])
    assert result.exit_code == 0, result.output
    assert rows(app, Clinician)[0].totp_secret is None and not signed_in(doctor)
    assert sign_in(app.test_client(), EMAIL).location == "/clinician/"
