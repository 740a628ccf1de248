"""Clinician accounts can be managed: a password changed by its owner or reset by an operator, an account
disabled (its sessions end at once) and enabled again, and every session of an account ended."""
from __future__ import annotations

import pytest

from quizapp.models import AuditEvent, Clinician
from quizapp.states import AuditAction
from tests import leaks
from tests.clinician_helpers import PASSWORD, sign_in
from tests.helpers import rows, token

EMAIL = "dr.lee@clinic.example"
NEW = "a brand new passphrase 2026"
leaks.remember(NEW)



def change(client, current: str, new: str = NEW, repeat: str | None = None):
    page = client.get("/clinician/account/password").text
    return client.post("/clinician/account/password", data={"csrf_token": token(page), "current": current,
                                                             "new": new, "repeat": new if repeat is None else repeat})


def signed_in(client) -> bool:
    return client.get("/clinician/").status_code == 200


def audited(app) -> list[str]:
    return [e.action for e in rows(app, AuditEvent)]


def cli(app, *args: str, stdin: str | None = None):
    return app.test_cli_runner().invoke(args=["clinician", *args], input=stdin)


def test_a_clinician_changes_their_password_and_every_other_session_ends(app, doctor):
    elsewhere = app.test_client()
    sign_in(elsewhere, EMAIL)
    assert change(doctor, PASSWORD).status_code == 303
    assert signed_in(doctor) and not signed_in(elsewhere)
    assert sign_in(app.test_client(), EMAIL).status_code == 401
    assert sign_in(app.test_client(), EMAIL, NEW).status_code == 303
    assert AuditAction.CHANGE_PASSWORD in audited(app)


@pytest.mark.parametrize("current, new, repeat, message", [
    ("not my password at all", NEW, NEW, "That is not your current password."),
    (PASSWORD, "short", "short", "Please use 12 to 1024 characters."),
    (PASSWORD, NEW, NEW + "x", "The two new passwords are not the same."),
    ("", NEW, NEW, "Please enter your current password."),
])
def test_a_password_change_without_the_right_current_password_or_a_good_new_one_changes_nothing(
        app, doctor, current, new, repeat, message):
    (before,) = rows(app, Clinician)
    resp = change(doctor, current, new, repeat)
    assert resp.status_code == 400 and message in resp.text
    (after,) = rows(app, Clinician)
    assert after.password_hash == before.password_hash and after.session_version == before.session_version
    assert signed_in(doctor)


def test_guessing_the_current_password_on_the_change_form_is_throttled_like_a_sign_in(app, doctor):
    (before,) = rows(app, Clinician)
    for _ in range(app.config["LOGIN_LIMIT"]):
        assert change(doctor, "a wrong guess at it").status_code == 400
    assert change(doctor, PASSWORD).status_code == 429
    assert rows(app, Clinician)[0].password_hash == before.password_hash


def test_the_password_page_needs_a_signed_in_clinician(client):
    assert client.get("/clinician/account/password").status_code == 302


def test_an_operator_resets_a_password_from_the_command_line_and_the_old_sessions_end(app, doctor):
    result = cli(app, "set-password", EMAIL.upper(), "--password-stdin", stdin=NEW + "\n")
    assert result.exit_code == 0, result.output
    assert not signed_in(doctor)
    assert sign_in(app.test_client(), EMAIL).status_code == 401
    assert sign_in(app.test_client(), EMAIL, NEW).status_code == 303
    assert AuditAction.SET_PASSWORD in audited(app)


def test_set_password_refuses_a_short_password_or_an_unknown_account_and_changes_nothing(app, doctor):
    (before,) = rows(app, Clinician)
    short = cli(app, "set-password", EMAIL, "--password-stdin", stdin="short\n")
    unknown = cli(app, "set-password", "nobody@clinic.example", "--password-stdin", stdin=NEW + "\n")
    assert short.exit_code != 0 and "at least 12" in short.output
    assert unknown.exit_code != 0 and "no account for nobody@clinic.example" in unknown.output
    (after,) = rows(app, Clinician)
    assert (after.password_hash, after.session_version) == (before.password_hash, before.session_version)
    assert signed_in(doctor)


def test_a_disabled_account_is_signed_out_at_once_and_cannot_sign_in_until_enabled(app, doctor):
    result = cli(app, "disable", EMAIL)
    assert result.exit_code == 0, result.output
    assert not signed_in(doctor)
    assert sign_in(app.test_client(), EMAIL).status_code == 401
    assert cli(app, "enable", EMAIL).exit_code == 0
    assert sign_in(app.test_client(), EMAIL).status_code == 303
    assert [a for a in audited(app) if a in (AuditAction.DISABLE, AuditAction.ENABLE)] == [
        AuditAction.DISABLE, AuditAction.ENABLE]


def test_sign_out_everywhere_ends_every_session_and_keeps_the_password(app, doctor):
    other = app.test_client()
    sign_in(other, EMAIL)
    assert cli(app, "sign-out-everywhere", EMAIL).exit_code == 0
    assert not signed_in(doctor) and not signed_in(other)
    assert sign_in(app.test_client(), EMAIL).status_code == 303
    assert AuditAction.END_SESSIONS in audited(app)


@pytest.mark.parametrize("command", ["disable", "enable", "sign-out-everywhere"])
def test_account_commands_name_an_unknown_email_plainly(app, command):
    result = cli(app, command, "nobody@clinic.example")
    assert result.exit_code != 0 and "There is no account for nobody@clinic.example." in result.output
