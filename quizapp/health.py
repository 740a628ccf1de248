"""Liveness and readiness for a load balancer or systemd: /healthz (the process answers) and /readyz (the
database answers and holds the newest schema). Neither writes, logs a request or says more than ok or why not."""
from __future__ import annotations

import logging

from flask import Blueprint, Flask
from sqlalchemy.exc import SQLAlchemyError

from . import db, migrations
from .store import health

bp = Blueprint("health", __name__)
log = logging.getLogger("quizapp")
_HEADS: set[str] = set()


def init_app(app: Flask) -> None:
    """Mount the two checks at the site's root."""
    app.register_blueprint(bp)


def _plain(text: str, status: int):
    return text + "\n", status, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/healthz")
def healthz():
    """The process is up and answering."""
    return _plain("ok", 200)


@bp.get("/readyz")
def readyz():
    """The database can be reached and is at the newest migration: safe to send patients here."""
    if not _HEADS:
        _HEADS.update(migrations.heads())
    try:
        s = db.session()
        health.ping(s)
        at = health.schema_revisions(s)
    except SQLAlchemyError as exc:
        log.error("not ready: database unreachable (%s)", type(exc).__name__)
        return _plain("database unreachable", 503)
    if at != _HEADS:
        log.error("not ready: database schema is not the newest (run init-db)")
        return _plain("database schema is not the newest: run init-db", 503)
    return _plain("ok", 200)
