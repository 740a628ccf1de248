"""Fixtures: an app on its own temporary database with a small fixture catalogue, a client, a CLI runner."""
from __future__ import annotations

from pathlib import Path

import pytest

from quizapp import create_app, migrations

FIXTURES = Path(__file__).parent / "fixtures"
CONTENT = FIXTURES / "content"
TEST_SECRET = "test-secret-key-" + "x" * 32


def make_app(tmp_path: Path, **overrides):
    """Build an app with a fresh migrated SQLite database in tmp_path."""
    url = overrides.pop("DATABASE_URL", f"sqlite:///{tmp_path / 'test.sqlite'}")
    migrations.upgrade(url)
    config = {"TESTING": True, "SECRET_KEY": TEST_SECRET, "DATABASE_URL": url,
              "QUESTIONS_DIR": str(CONTENT)}
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    app = make_app(tmp_path)
    yield app
    app.extensions["db"].engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()

