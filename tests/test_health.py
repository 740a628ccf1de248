"""Liveness and readiness: /healthz answers while the process runs; /readyz only while the database answers
and holds the newest schema. Neither sets a cookie or writes a row."""
from __future__ import annotations

from alembic import command
from sqlalchemy.exc import OperationalError

from quizapp import migrations
from quizapp.store import health


def test_healthz_and_readyz_say_ok_and_set_no_cookie(client):
    for url in ("/healthz", "/readyz"):
        resp = client.get(url)
        assert resp.status_code == 200 and resp.text == "ok\n", url
        assert "Set-Cookie" not in resp.headers and resp.headers["Cache-Control"] == "no-store"


def test_readyz_fails_while_the_database_is_behind_the_newest_migration(app, client):
    url = app.config["DATABASE_URL"]
    before = migrations.current(url)
    command.downgrade(migrations.alembic_config(url), "-1")
    resp = client.get("/readyz")
    assert resp.status_code == 503 and "run init-db" in resp.text
    assert client.get("/healthz").status_code == 200
    migrations.upgrade(url)
    assert migrations.current(url) == before and client.get("/readyz").status_code == 200


def test_readyz_fails_when_the_database_cannot_be_reached(client, monkeypatch):
    def unreachable(_s):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))
    monkeypatch.setattr(health, "ping", unreachable)
    resp = client.get("/readyz")
    assert resp.status_code == 503 and resp.text == "database unreachable\n"
