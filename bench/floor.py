"""The floor of our own stack: the least a page and a write can cost on Flask, Flask-WTF, SQLAlchemy and SQLite.

Run by bench/run.py under the same gunicorn settings as quizapp, in the same run:

- GET /   reads the signed session cookie, renders a Flask-WTF CSRF token, runs one SQLAlchemy select on
          SQLite and renders a compiled Jinja template of about 3 KB;
- POST /  validates the CSRF token, inserts one row and commits (BEGIN IMMEDIATE, as the app writes),
          then redirects (303) as the app's answer POST does.

The engine is the app's own (`quizapp.db.make_engine`): WAL, synchronous=NORMAL, the same busy timeout.
Settings come from FLOOR_DATABASE_URL and FLOOR_SECRET_KEY; `init_db` makes the tables before the start.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, g, redirect, render_template, request, session
from flask_wtf import CSRFProtect
from sqlalchemy import orm

from quizapp.db import make_engine

metadata = sa.MetaData()
person = sa.Table("person", metadata,
                  sa.Column("id", sa.Integer, primary_key=True),
                  sa.Column("public_id", sa.String(32), unique=True),
                  sa.Column("label", sa.String(80)))
note = sa.Table("note", metadata,
                sa.Column("id", sa.Integer, primary_key=True),
                sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id")),
                sa.Column("body", sa.String(200)),
                sa.Column("created_at", sa.DateTime))
COOKIE = "__Host-floor"


def init_db(url: str, public_id: str) -> None:
    """Create the tables and the one person the GET reads (before any worker starts)."""
    engine = make_engine(url)
    metadata.create_all(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("BEGIN")
        conn.execute(person.insert().values(public_id=public_id, label="the person this cookie names"))
        conn.exec_driver_sql("COMMIT")
    engine.dispose()


def create_app() -> Flask:
    """Build the floor app with quizapp's cookie and CSRF settings."""
    app = Flask(__name__, template_folder=str(Path(__file__).resolve().parent / "templates"))
    app.config.update(SECRET_KEY=os.environ["FLOOR_SECRET_KEY"], SESSION_COOKIE_NAME=COOKIE,
                      SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      PERMANENT_SESSION_LIFETIME=dt.timedelta(days=30), SESSION_REFRESH_EACH_REQUEST=False,
                      WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_SSL_STRICT=False)
    CSRFProtect(app)
    sessions = orm.sessionmaker(make_engine(os.environ["FLOOR_DATABASE_URL"]), expire_on_commit=False)

    def db() -> orm.Session:
        """Open this request's session on first use, as quizapp does."""
        if "db" not in g:
            g.db = sessions()
        return g.db

    @app.teardown_appcontext
    def close(_exc=None) -> None:
        """Close the request's session."""
        s = g.pop("db", None)
        if s is not None:
            s.close()

    @app.get("/")
    def page():
        """One select for the cookie's person, one template with a form token."""
        row = db().execute(sa.select(person.c.id, person.c.label)
                           .where(person.c.public_id == session.get("p"))).first()
        return render_template("floor.html", row=row)

    @app.post("/")
    def write():
        """The token was checked by CSRFProtect before this runs: insert one row, commit, redirect."""
        s = db()
        s.connection(execution_options={"sqlite_immediate": True})
        s.execute(note.insert().values(person_id=1, body=request.form.get("choice", "")[:200],
                                       created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)))
        s.commit()
        return redirect("/done", 303)

    return app
