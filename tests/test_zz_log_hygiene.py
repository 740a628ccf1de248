"""Runs last: the app's logs from the whole suite hold no passwords, cookies, tokens, codes or answers."""
from __future__ import annotations

import re

from tests import leaks


def test_logs_from_the_whole_suite_hold_no_secrets_or_answers():
    text = "\n".join(leaks.LINES)
    found = sorted(s[:12] + "…" for s in leaks.SECRETS if s in text)
    assert not found, f"secrets found in logs: {found}"
    assert not re.search(r"\bchoice=", text), "an answer value was logged"
    assert not re.search(r"password", text, re.I) or "password=" not in text.lower()


def test_csrf_failures_and_server_errors_are_logged_in_utc(client):
    before = len(leaks.LINES)
    client.post("/m/demo/start", data={})
    new = "\n".join(leaks.LINES[before:])
    assert "csrf failure route=/m/<module_id>/start" in new
    import logging
    import time
    from quizapp.logs import UTCFormatter
    assert UTCFormatter.converter is time.gmtime
    handler = next(h for h in logging.getLogger("quizapp").handlers if getattr(h, "_quizapp", False))
    line = handler.format(logging.LogRecord("quizapp", logging.INFO, "", 0, "hello", None, None))
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ level=INFO logger=quizapp hello", line)
