"""Operator and author commands, run through the Flask CLI runner."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from quizapp import clock, migrations
from tests.helpers import Patient, attempts, rows


def test_init_db_creates_then_upgrades_without_losing_data(tmp_path, make_app):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    app = make_app(DATABASE_URL=url)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0 and "Database ready at revision" in result.output
    client = app.test_client()
    Patient(client).start()
    again = app.test_cli_runner().invoke(args=["init-db"])
    assert again.exit_code == 0
    assert len(attempts(app)) == 1
    assert migrations.current(url) is not None


def test_check_content_prints_a_line_per_module_and_exits_zero(runner):
    good = Path(__file__).parent / "fixtures" / "gate" / "good"
    result = runner.invoke(args=["check-content", "--path", str(good)])
    assert result.exit_code == 0, result.output
    assert "OK: no errors." in result.output


def test_check_content_fails_the_demo_fixture_that_is_too_short_for_the_gate(runner):
    result = runner.invoke(args=["check-content"])
    assert result.exit_code == 1
    assert "demo" in result.output


def test_check_content_exits_non_zero_naming_the_problem(runner, tmp_path):
    (tmp_path / "_common.yaml").write_text("disclaimer: x\n")
    (tmp_path / "01-x.yaml").write_text("id: x\n")
    result = runner.invoke(args=["check-content", "--path", str(tmp_path)])
    assert result.exit_code == 1
    assert "01-x.yaml" in result.output and "field 'title'" in result.output


def test_purge_dry_run_counts_and_purge_deletes_only_old_attempts(app, client, runner, monkeypatch):
    mod = app.extensions["catalogue"].module("demo")
    real_now = clock.now
    monkeypatch.setattr(clock, "now", lambda: real_now() - dt.timedelta(days=100))
    Patient(client).finish(mod)
    monkeypatch.setattr(clock, "now", real_now)
    Patient(app.test_client()).start()
    dry = runner.invoke(args=["purge", "--older-than", "90", "--dry-run"])
    assert "Would delete 1 attempts" in dry.output and len(attempts(app)) == 2
    done = runner.invoke(args=["purge", "--older-than", "90"])
    assert done.exit_code == 0 and "Deleted 1 attempts" in done.output
    assert len(attempts(app)) == 1 and rows(app) == []


def test_purge_refuses_a_nonsense_age(runner):
    result = runner.invoke(args=["purge", "--older-than", "0"])
    assert result.exit_code != 0 and "0" in result.output


@pytest.mark.sqlite_only
def test_backup_copies_the_database_with_integrity_ok(app, client, runner, tmp_path):
    Patient(client).start()
    target = tmp_path / "backup.sqlite"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0 and "integrity check: ok" in result.output
    with sqlite3.connect(target) as conn:
        assert conn.execute("select count(*) from attempt").fetchone()[0] == 1


def test_secret_key_is_generated_once_into_instance_folder(tmp_path, monkeypatch):
    from quizapp import create_app
    from tests.config import CONTENT
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "inst"))
    cfg = {"TESTING": True, "QUESTIONS_DIR": str(CONTENT), "DATABASE_URL": "sqlite://"}
    first = create_app(dict(cfg)).config["SECRET_KEY"]
    second = create_app(dict(cfg)).config["SECRET_KEY"]
    assert first == second and len(first) >= 64
    assert (tmp_path / "inst" / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    from quizapp import create_app
    from tests.config import CONTENT
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "inst"))
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "QUESTIONS_DIR": str(CONTENT), "DATABASE_URL": "sqlite://"})


@pytest.mark.sqlite_only
def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(app):
    with app.extensions["db"].engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_purge_also_forgets_throttle_counts_older_than_the_window(app, runner):
    from quizapp.models import RateCounter
    from quizapp.store import throttle
    with app.app_context():
        from quizapp import db
        db.write(lambda s: throttle.bump(s, "code", "old", clock.now() - dt.timedelta(hours=2)))
        db.write(lambda s: throttle.bump(s, "code", "new", clock.now()))
    result = runner.invoke(args=["purge", "--older-than", "90"])
    assert result.exit_code == 0 and "Forgot 1 counted" in result.output
    assert [e.key for e in rows(app, RateCounter)] == ["new"]
