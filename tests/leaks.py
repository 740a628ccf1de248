"""Collect every log line the app writes during the test run, and every secret the tests used."""
from __future__ import annotations

import logging

LINES: list[str] = []
SECRETS: set[str] = set()


class _Collector(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        LINES.append(self.format(record))


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
