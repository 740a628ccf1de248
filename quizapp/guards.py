"""Requests refused before any view runs: no route takes a file, so an upload is a crafted request (400)."""
from __future__ import annotations

import logging

from flask import Flask, request
from flask_babel import gettext

from .errors import refuse
from .logs import where

log = logging.getLogger("quizapp")


def init_app(app: Flask) -> None:
    """Check every request before its view."""
    app.before_request(refuse_uploads)


def refuse_uploads() -> None:
    """Refuse a multipart body that carries a file: every form here is text, and a file in a text field is
    nothing a person sends from our pages."""
    if request.files:
        log.warning("refused a file upload route=%s", where())
        refuse(400, gettext("Please go back, reload the page and try again."))
