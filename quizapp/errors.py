"""Friendly error pages with an error id; the fault itself goes only to the log."""
from __future__ import annotations

import logging
import secrets
from typing import NoReturn

from flask import Flask, render_template
from flask_babel import lazy_gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, default_exceptions

from .db import DatabaseBusy, is_unavailable
from .logs import where

log = logging.getLogger("quizapp")

MESSAGES = {
    400: (_("We could not use what was sent"), _("Please go back, reload the page and try again.")),
    403: (_("You cannot open this page"), _("This page belongs to someone else, or you need to sign in.")),
    404: (_("We could not find that page"), _("The link may be old or mistyped.")),
    405: (_("That page cannot be opened this way"), _("Please use the buttons on the page.")),
    413: (_("That was too much to send"), _("Please go back and send less.")),
    429: (_("Too many tries"), _("Please wait a few minutes, then try again.")),
    500: (_("Something went wrong on our side"), _("Your answers so far are saved. Please try again in a moment.")),
    503: (_("We are busy right now"), _("Nothing you entered was lost. Please try again in a moment.")),
}
STALE_FORM = _("This form was open too long or came from somewhere else. "
               "Please go back, reload the page and send it again.")


def init_app(app: Flask) -> None:
    """Show every error in the site's layout."""
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(DatabaseBusy, busy_error)
    app.register_error_handler(OperationalError, database_error)
    app.register_error_handler(Exception, server_error)


def refuse(code: int, message: str) -> NoReturn:
    """Stop the request with a status code and a message meant for the person reading it."""
    exc = default_exceptions[code](message)
    exc.friendly = True  # type: ignore[attr-defined]
    raise exc


def error_page(code: int, error_id: str | None = None, detail: str | None = None):
    """Render the site's error page for a status code."""
    title, hint = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    return render_template("errors/error.html", code=code, title=title, hint=detail or hint,
                           error_id=error_id or secrets.token_hex(4)), code


def http_error(exc: HTTPException):
    """Show 4xx/5xx from werkzeug in our layout."""
    code = exc.code or 500
    if code == 429:
        log.warning("rate limited route=%s", where())
    elif code in (401, 403):
        log.warning("denied status=%s route=%s", code, where())
    detail = exc.description if getattr(exc, "friendly", False) else None
    return error_page(code, detail=detail)


def csrf_error(exc: CSRFError):
    """A missing or stale form token: explain without blaming."""
    log.warning("csrf failure route=%s reason=%s", where(), exc.description)
    return error_page(400, detail=STALE_FORM)


def busy_error(exc: DatabaseBusy):
    """The database stayed locked: ask for a retry, with nothing lost."""
    log.error("database busy route=%s", where())
    return error_page(503)


def database_error(exc: OperationalError):
    """A locked, full or unwritable database outside a write: busy, not broken."""
    if is_unavailable(exc):
        return busy_error(DatabaseBusy(str(exc.orig)))
    return server_error(exc)


def server_error(exc: Exception):
    """Log the fault with an id, show only the id."""
    error_id = secrets.token_hex(4)
    log.exception("unhandled error id=%s route=%s", error_id, where())
    return error_page(500, error_id)
