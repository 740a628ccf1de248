"""Fixtures: an app on its own fresh database (SQLite, and PostgreSQL when configured), a client, a CLI runner."""
from __future__ import annotations

from pathlib import Path

import pytest

from quizapp import create_app
from tests import databases, leaks

leaks.install()

FIXTURES = Path(__file__).parent / "fixtures"
CONTENT = FIXTURES / "content"
TEST_SECRET = "test-secret-key-" + "x" * 32


def make_app(tmp_path: Path, backend: str = "sqlite", **overrides):
    """Build an app on a fresh migrated database."""
    url = overrides.pop("DATABASE_URL", None) or databases.fresh_url(backend, tmp_path)
    config = {"TESTING": True, "SECRET_KEY": TEST_SECRET, "DATABASE_URL": url, "QUESTIONS_DIR": str(CONTENT),
              "PASSWORD_TIME_COST": 1, "PASSWORD_MEMORY_KIB": 8192}  # argon2id, cheap for tests
    config.update(overrides)
    return create_app(config)


def pytest_generate_tests(metafunc):
    """Run every database-backed test on each configured backend, unless marked sqlite_only."""
    if "backend" in metafunc.fixturenames:
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", ["sqlite"] if only_sqlite else databases.BACKENDS)


def pytest_sessionfinish(session, exitstatus):
    databases.drop_template()


@pytest.fixture
def app(tmp_path, monkeypatch, backend):
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    app = make_app(tmp_path, backend)
    yield app
    app.extensions["db"].engine.dispose()
    databases.drop(app.config["DATABASE_URL"])


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
