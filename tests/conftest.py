"""Fixtures: an app factory on fresh databases (SQLite, and PostgreSQL when configured), an app, a client, a runner."""
from __future__ import annotations

import pytest

from quizapp import create_app
from tests import databases, leaks
from tests.config import SETTINGS

leaks.install()


def pytest_generate_tests(metafunc):
    """Run every database-backed test on each configured backend, unless marked sqlite_only."""
    if "backend" in metafunc.fixturenames:
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", ["sqlite"] if only_sqlite else databases.BACKENDS)


def pytest_sessionfinish(session, exitstatus):
    databases.drop_template()
    leaks.fail_run_on_leaks(session)


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    """Return a builder of test apps, each with its own instance folder; their databases go at teardown.

    make_app(backend="sqlite", **settings): settings override the test defaults. Without DATABASE_URL the
    app gets a fresh migrated database; with one (another app's, say) it uses that database as it is.
    """
    built: list = []
    created: list[str] = []

    def build(backend: str = "sqlite", **settings):
        home = tmp_path / f"app{len(built)}" if built else tmp_path
        home.mkdir(exist_ok=True)
        monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(home / "instance"))
        url = settings.pop("DATABASE_URL", None)
        if url is None:
            url = databases.fresh_url(backend, home)
            created.append(url)
        app = create_app({**SETTINGS, "DATABASE_URL": url, **settings})
        built.append(app)
        return app

    yield build
    for app in built:
        app.extensions["db"].engine.dispose()
    for url in created:
        databases.drop(url)


@pytest.fixture
def app(make_app, backend):
    return make_app(backend)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def doctor(app, request):
    """A test client signed in as a new clinician, whose email is the test module's EMAIL."""
    from tests.clinician_helpers import signed_in_doctor
    return signed_in_doctor(app, request.module.EMAIL)
