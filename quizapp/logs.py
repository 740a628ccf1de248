"""Logs: one line per event in UTC, key=value pairs; control characters escaped and link tokens redacted."""
from __future__ import annotations

import logging
import re
import time

from flask import Flask, has_request_context, request

log = logging.getLogger("quizapp")
_LINK = re.compile(r"(/a/)[^/?#\s]+")  # an assignment link's token is a bearer secret


def clean(text: str) -> str:
    """Redact link tokens and escape control characters, so a logged value can neither leak nor forge a line."""
    text = _LINK.sub(r"\1<token>", text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def where() -> str:
    """Name the route a request matched: its pattern (/a/<token>), never the raw path with its secrets."""
    if not has_request_context():
        return "-"
    rule = request.url_rule
    return rule.rule if rule is not None else clean(request.path)


class Clean(logging.Filter):
    """Apply clean() to every message before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the message with its cleaned text (arguments merged in first)."""
        record.msg, record.args = clean(record.getMessage()), None
        return True


class UTCFormatter(logging.Formatter):
    """Timestamps in UTC; a traceback's lines indented and escaped so none can pass for a record."""
    converter = staticmethod(time.gmtime)

    def formatException(self, ei) -> str:
        """Indent every traceback line and escape what is left of control characters in it."""
        return "\n".join("    " + clean(line) for line in super().formatException(ei).splitlines())


def init_app(app: Flask) -> None:
    """Log to standard error in UTC, cleaning the app's records and the development server's request lines."""
    if not any(getattr(h, "_quizapp", False) for h in log.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(UTCFormatter("%(asctime)sZ level=%(levelname)s logger=%(name)s %(message)s",
                                          "%Y-%m-%dT%H:%M:%S"))
        handler._quizapp = True  # type: ignore[attr-defined]
        log.addHandler(handler)
    for name in ("quizapp", "werkzeug"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, Clean) for f in logger.filters):
            logger.addFilter(Clean())
    log.setLevel(app.config.get("LOG_LEVEL", "INFO"))
