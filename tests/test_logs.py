"""Log lines: one per event, control characters escaped, no link token, checked for leaks at the end of every run."""
from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.logs import UTCFormatter, clean
from tests import leaks
from tests.clinician_helpers import assign, create_clinician, sign_in

CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def test_an_encoded_newline_in_a_path_cannot_start_a_fake_log_line(client):
    before = len(leaks.LINES)
    forged = "/a/x%0D%0A2026-11-30T09:00:00Z level=INFO logger=quizapp login ok clinician=2%00%1b[2J"
    assert client.post(forged, data={}).status_code == 400
    client.get("/m/x%0Ainjected")
    new = leaks.LINES[before:]
    assert new and not any(CONTROL.search(line) for line in new), new
    assert not any(CONTROL.search(m) for m in leaks.MESSAGES)


def test_every_logged_value_has_its_control_characters_escaped():
    assert clean("a\r\nb\x00c\td\u2028e") == "a\\r\\nb\\x00c\\td\\u2028e"
    assert clean("plain text, with /slashes/ and ünïcode") == "plain text, with /slashes/ and ünïcode"


def test_a_traceback_is_indented_so_no_line_of_it_passes_for_a_record():
    try:
        raise ValueError("bad input\n2026-11-30T09:00:00Z level=INFO logger=quizapp login ok")
    except ValueError:
        record = logging.LogRecord("quizapp", logging.ERROR, "", 0, "unhandled error id=1", None, sys.exc_info())
    text = UTCFormatter("%(asctime)sZ level=%(levelname)s %(message)s").format(record)
    first, *rest = text.split("\n")
    assert first.endswith("unhandled error id=1") and rest and all(line.startswith("    ") for line in rest)


def test_log_lines_are_stamped_in_utc():
    record = logging.LogRecord("quizapp", logging.INFO, "", 0, "hello", None, None)
    record.created = 0.0  # 1970-01-01T00:00:00 UTC, whatever the machine's time zone
    line = UTCFormatter("%(asctime)sZ level=%(levelname)s logger=%(name)s %(message)s",
                        "%Y-%m-%dT%H:%M:%S").format(record)
    assert line == "1970-01-01T00:00:00Z level=INFO logger=quizapp hello"


def test_a_join_without_a_form_token_logs_the_route_never_the_link_token(app):
    create_clinician(app, "dr.log@clinic.example")
    doctor = app.test_client()
    sign_in(doctor, "dr.log@clinic.example")
    info = assign(doctor, ["demo"])
    before = len(leaks.LINES)
    assert app.test_client().post(f"/a/{info['token']}", data={"role": "patient"}).status_code == 400
    new = "\n".join(leaks.LINES[before:])
    assert "csrf failure route=/a/<token>" in new and info["token"] not in new


def test_the_development_servers_request_lines_hide_link_tokens(app, monkeypatch):
    server = logging.getLogger("werkzeug")
    monkeypatch.setattr(server, "level", logging.INFO)  # as the development server sets it
    before = len(leaks.LINES)
    server.info('127.0.0.1 - - "GET /a/%s HTTP/1.1" 200 -', "AbCdEfGhIjKlMnOpQrStUv")
    assert "/a/<token> HTTP/1.1" in leaks.LINES[before]


def test_the_leak_check_names_a_secret_an_answer_or_a_raw_control_character():
    assert leaks.problems(["ok line"], {"s3cr3t-value"}) == []
    assert leaks.problems(["token s3cr3t-value here"], {"s3cr3t-value"})
    assert leaks.problems(["saved choice=recipe"], set())
    assert leaks.problems(["password=hunter2"], set())
    assert leaks.problems(["two\nlines"], set())


@pytest.mark.skipif(not os.environ.get("QUIZAPP_TEST_LEAK_ON_PURPOSE"), reason="only inside the run below")
def test_leaks_on_purpose():
    leaks.remember("a-secret-that-must-not-leak")
    logging.getLogger("quizapp").warning("oops a-secret-that-must-not-leak")


def test_a_leak_anywhere_in_a_run_fails_the_run_whatever_the_order():
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                          f"{Path(__file__).name}::test_leaks_on_purpose"], cwd=root / "tests",
                         env={**os.environ, "QUIZAPP_TEST_LEAK_ON_PURPOSE": "1"}, capture_output=True, text=True,
                         timeout=120)
    assert "1 passed" in run.stdout, run.stdout
    assert run.returncode != 0 and "secret" in run.stdout, run.stdout


def test_a_database_error_never_carries_the_values_it_was_given(app):
    import sqlalchemy as sa
    secret = "AbCdEfGhIjKlMnOpQrStUv"
    engine = app.extensions["db"].engine
    with pytest.raises(sa.exc.DBAPIError) as info, engine.connect() as conn:
        conn.execute(sa.text("SELECT id FROM no_such_table WHERE token = :t"), {"t": secret})
    assert secret not in str(info.value)
