"""Real-browser fixtures: Debian's chromium through Playwright, and the app under gunicorn on loopback.

One browser per test session, one server (with its own temporary database and the real `questions/`)
per test module, one fresh browser context (cookies) per person in a test. Chromium writes only into
a temporary folder: HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and TMPDIR point there for it.
"""
from __future__ import annotations

import importlib.util
import itertools
import os
import re
from pathlib import Path

import pytest

from quizapp.content import load_catalogue
from tests.live import Gunicorn

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "questions"
SCREENSHOTS = ROOT / "screenshots"
# Debian's chromium; QUIZAPP_TEST_CHROMIUM may name another build of it.
CHROMIUM = Path(os.environ.get("QUIZAPP_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
HOW_TO_INSTALL = ("Install it with `apt-get install chromium` (Debian's package; never `playwright install`), "
                  "and Playwright with `pip install -e '.[test]'`.")

CATALOGUE = load_catalogue(QUESTIONS)
# The shortest module keeps every walk quick; it is real content all the same.
MODULE = min(CATALOGUE.modules.values(), key=lambda m: (len(m.questions), m.order))


def _missing_browser() -> str | None:
    """Return why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"chromium is not installed at {CHROMIUM}"
    return None


if importlib.util.find_spec("playwright") is None and os.environ.get("CI") != "true":
    # The test files import Playwright: without it, leave them out and say why, once (CI gets the errors).
    collect_ignore_glob = ["test_*.py"]

    def pytest_terminal_summary(terminalreporter):
        terminalreporter.write_line(f"tests/browser left out: Playwright for Python is not installed. "
                                    f"{HOW_TO_INSTALL}", yellow=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Report every skip for a missing browser at one place, so `-ra` folds them into one line."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple) and HOW_TO_INSTALL in str(report.longrepr[2]):
        report.longrepr = (__file__, _missing_browser.__code__.co_firstlineno - 1, report.longrepr[2])


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Launch Debian's chromium once for the whole session (skip, or fail under CI, when it is missing)."""
    why = _missing_browser()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why}, and under CI=true the browser tests must run. {HOW_TO_INSTALL}", pytrace=False)
        pytest.skip(f"{why}, so the browser tests are skipped. {HOW_TO_INSTALL} (Under CI=true they fail instead.)")
    from playwright.sync_api import sync_playwright

    home = tmp_path_factory.mktemp("browser-home")
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
           "TMPDIR": str(home / "tmp")}
    for folder in env.values():
        Path(folder).mkdir(parents=True, exist_ok=True)
    # The Playwright driver is a child process too and makes chromium's profile folder under its TMPDIR:
    # start it with the temporary environment, then put the test process's own environment back.
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
                                      env={**os.environ, **env})
        yield chromium
        chromium.close()
    finally:
        pw.stop()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The app under gunicorn on a free loopback port, with a fresh database and the real content."""
    with Gunicorn(tmp_path_factory.mktemp("live"), QUESTIONS, workers=2) as server:
        yield server


@pytest.fixture(scope="module")
def server(live):
    """The base URL of the live app."""
    return f"http://127.0.0.1:{live.port}"


CLINICIAN_PASSWORD = "a long test passphrase 7"
_accounts = itertools.count(1)


@pytest.fixture(scope="module")
def live_app(live):
    """An in-process app on the live server's database, for running its commands."""
    from quizapp import create_app
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QUIZAPP_INSTANCE_PATH", live.env["QUIZAPP_INSTANCE_PATH"])
        app = create_app({"DATABASE_URL": live.url, "SECRET_KEY": live.env["QUIZAPP_SECRET_KEY"],
                          "QUESTIONS_DIR": str(QUESTIONS)})
    yield app
    app.extensions["db"].engine.dispose()


@pytest.fixture
def clinician(live_app):
    """A new clinician account, made by the real `create-clinician` command (it asks for the password twice)."""
    from tests import leaks
    leaks.remember(CLINICIAN_PASSWORD)
    email = f"dr.browser{next(_accounts)}@clinic.example"
    result = live_app.test_cli_runner().invoke(args=["create-clinician", email],
                                                input=f"{CLINICIAN_PASSWORD}\n{CLINICIAN_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    return {"email": email, "password": CLINICIAN_PASSWORD}


_STATUS_LINE = re.compile(r"Failed to load resource: the server responded with a status of [45]\d\d")


class People:
    """Open a browser context per person; record console errors (CSP refusals, script errors) on every page."""

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.contexts = []
        self.problems: list[str] = []

    def new_page(self, **options):
        """Open a fresh context (its own cookies) with the options given, and return its page."""
        context = self.browser.new_context(base_url=self.base_url, **options)
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda exc: self.problems.append(f"{page.url}: script error {exc}"))
        return page

    def _console(self, page, msg) -> None:
        """Keep errors and warnings, except chromium's note that the page itself came with an error status
        (a 404 page, a form sent back with a 400): that status is the point of those pages."""
        if msg.type not in ("error", "warning"):
            return
        if _STATUS_LINE.search(msg.text) and (msg.location or {}).get("url") == page.url:
            return
        self.problems.append(f"{page.url}: console {msg.type}: {msg.text}")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def people(browser, server):
    """Make pages for one or more people; the test fails if any page logged an error (a CSP refusal, say)."""
    crowd = People(browser, server)
    yield crowd
    crowd.close()
    assert not crowd.problems, "the browser reported problems:\n" + "\n".join(crowd.problems)
