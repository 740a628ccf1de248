"""The W3C HTML checker finds no error on the account pages: changing the password, setting up the second
factor (with its QR code), the recovery codes shown once, and the code step of signing in."""
from __future__ import annotations

import re

import pyotp
import pytest

from tests.clinician_helpers import sign_in, signed_in_doctor
from tests.helpers import token

from .test_valid_html import errors, vnu  # noqa: F401 (vnu: the checker's command, a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]
EMAIL = "dr.html@clinic.example"


def test_the_account_pages_are_valid_html(app, vnu, tmp_path):  # noqa: F811
    doctor = signed_in_doctor(app, EMAIL)
    pages = {"password": doctor.get("/clinician/account/password").text}
    setup = doctor.get("/clinician/account/2fa").text
    pages["two-factor-setup"] = setup
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", setup).group(1).replace(" ", "")
    pages["recovery-codes"] = doctor.post("/clinician/account/2fa", data={
        "csrf_token": token(setup), "code": pyotp.TOTP(secret).now()}).text
    pages["two-factor-on"] = doctor.get("/clinician/account/2fa").text
    other = app.test_client()
    sign_in(other, EMAIL)
    pages["code-step"] = other.get("/clinician/login/code").text
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    found = errors(vnu, tmp_path)
    assert not found, "the HTML checker found errors:\n" + "\n".join(found)
