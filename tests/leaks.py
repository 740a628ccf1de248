"""Collect every log line the app writes during the test run, and every secret the tests used; check them at the end."""
from __future__ import annotations

import logging
import re

LINES: list[str] = []
MESSAGES: list[str] = []  # the app's own messages, without tracebacks: each must stay on one line
SECRETS: set[str] = set()
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_OURS = ("quizapp", "werkzeug")


class _Collector(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        LINES.append(self.format(record))
        if record.name.split(".")[0] in _OURS:
            MESSAGES.append(record.getMessage())


def install() -> None:
    """Capture records from the app's logger and the root logger for the whole run."""
    handler = _Collector(level=logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    for name in ("quizapp", ""):
        logging.getLogger(name).addHandler(handler)


def remember(value: str | None) -> None:
    """Note a secret (password, cookie, token, code) that must never appear in a log line."""
    if value and len(value) >= 6:
        SECRETS.add(value)


def problems(lines: list[str] | None = None, secrets: set[str] | None = None,
             messages: list[str] | None = None) -> list[str]:
    """Say what the log lines leak (a secret the tests used, an answer, a password field) and which of the app's
    messages holds a raw control character."""
    lines, secrets = LINES if lines is None else lines, SECRETS if secrets is None else secrets
    messages = (MESSAGES if lines is LINES else lines) if messages is None else messages
    text = "\n".join(lines)
    found = [f"a secret ({s[:6]}…) is in the logs" for s in sorted(secrets) if s in text]
    if re.search(r"\bchoice=", text):
        found.append("an answer value (choice=) is in the logs")
    if re.search(r"\bpassword=", text, re.I):
        found.append("a password field is in the logs")
    found += [f"a raw control character in a log message: {m[:60]!r}" for m in messages if _CONTROL.search(m)]
    return found


def fail_run_on_leaks(session) -> None:
    """At the end of the run (whatever ran, in whatever order), fail it if any log line leaked."""
    found = problems()
    if not found:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for problem in found:
        if reporter is not None:
            reporter.write_line(f"LOG HYGIENE: {problem}", red=True)
    session.exitstatus = 1
