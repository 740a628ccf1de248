"""Files at rest: the SQLite database, its WAL, backups and the instance folder are readable by their owner only."""
from __future__ import annotations

import os
import stat

import pytest

from tests.helpers import Patient


def mode(path) -> int:
    """Return a file's permission bits."""
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def usual_umask():
    old = os.umask(0o022)  # the usual default, under which new files are world-readable
    yield
    os.umask(old)


@pytest.mark.sqlite_only
def test_the_database_and_its_wal_are_created_owner_only(tmp_path, make_app, usual_umask):
    path = tmp_path / "data" / "quizapp.sqlite"
    app = make_app(DATABASE_URL=f"sqlite:///{path}")
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    Patient(app.test_client()).start()
    assert mode(path) == 0o600
    for extra in ("-wal", "-shm"):
        if path.with_name(path.name + extra).exists():
            assert mode(path.with_name(path.name + extra)) == 0o600, extra


@pytest.mark.sqlite_only
def test_an_existing_world_readable_database_is_tightened_at_the_next_start(tmp_path, make_app, usual_umask):
    path = tmp_path / "quizapp.sqlite"
    app = make_app(DATABASE_URL=f"sqlite:///{path}")
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    os.chmod(path, 0o644)
    restarted = make_app(DATABASE_URL=f"sqlite:///{path}")
    Patient(restarted.test_client()).start()
    assert mode(path) == 0o600


@pytest.mark.sqlite_only
def test_a_backup_is_written_owner_only(app, runner, tmp_path, usual_umask):
    target = tmp_path / "backups" / "copy.sqlite"
    target.parent.mkdir()
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0 and "integrity check: ok" in result.output
    assert mode(target) == 0o600
    target.chmod(0o644)
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    assert mode(target) == 0o600


def test_the_instance_folder_is_created_owner_only(tmp_path, monkeypatch, usual_umask):
    from quizapp import create_app
    from tests.config import SETTINGS
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "fresh-instance"))
    settings = {k: v for k, v in SETTINGS.items() if k != "SECRET_KEY"}
    create_app({**settings, "DATABASE_URL": "sqlite://"})
    assert mode(tmp_path / "fresh-instance") == 0o700
    assert mode(tmp_path / "fresh-instance" / "secret_key") == 0o600


def test_an_instance_folder_that_exists_already_is_tightened_to_owner_only(tmp_path, monkeypatch, usual_umask):
    from quizapp import create_app
    from tests.config import SETTINGS
    existing = tmp_path / "cloned-instance"
    existing.mkdir(mode=0o755)
    existing.chmod(0o755)  # as a fresh clone has it: instance/ holds config.example.py
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(existing))
    create_app({**SETTINGS, "DATABASE_URL": "sqlite://"})
    assert mode(existing) == 0o700
