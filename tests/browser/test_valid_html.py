"""The W3C HTML checker (vnu.jar, from npm's vnu-jar) finds no error on any page the journeys visit; axe finds no
WCAG 2.1 A or AA violation on the joining, switching, broken-link and closed pages."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .axe import describe, violations
from .clinician import ClinicianWalk
from .conftest import ROOT
from .family import FAMILY_KINDS, FamilyWalk, live  # noqa: F401 (live: the app with the clinic's name and phone)
from .patient import Walk, once_per_kind

pytestmark = pytest.mark.browser
VNU = ROOT / "tests" / "browser" / ".node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HOW_TO_INSTALL = ("Install Java (`apt-get install default-jre-headless`) and the checker "
                  "(`npm install --prefix tests/browser/.node vnu-jar@26.9.27`); .ci/run does both.")


@pytest.fixture(scope="module")
def vnu():
    """Return the command that runs the HTML checker (skip, or fail under CI, when it is missing)."""
    java = shutil.which("java")
    why = None if java and VNU.is_file() else f"the HTML checker needs java and {VNU.relative_to(ROOT)}"
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why}. {HOW_TO_INSTALL}", pytrace=False)
        pytest.skip(f"{why}. {HOW_TO_INSTALL}")
    return [java, "-jar", str(VNU), "--errors-only", "--format", "json"]


def saver(folder: Path, kinds: list[str]):
    """Return a page callback that saves each distinct page's HTML, named by its kind."""
    def save(kind, page):
        kinds.append(kind)
        (folder / f"{kind}.html").write_text(page.content(), encoding="utf-8")
    return once_per_kind(save)


def errors(command: list[str], folder: Path) -> list[str]:
    """Check every saved page at once; return the errors as "page: line: message"."""
    files = sorted(str(p) for p in folder.glob("*.html"))
    assert files, "no page was saved"
    done = subprocess.run([*command, *files], capture_output=True, text=True, timeout=600)
    report = json.loads(done.stderr or done.stdout or '{"messages": []}')
    return [f"{Path(m.get('url', '')).name}: line {m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
            for m in report["messages"] if m.get("type") == "error"]


def test_every_patient_page_is_valid_html(people, vnu, tmp_path):
    kinds: list[str] = []
    Walk(people.new_page(viewport={"width": 1280, "height": 800}), saver(tmp_path, kinds), quick=True).run()
    found = errors(vnu, tmp_path)
    assert len(kinds) > 10 and not found, "the HTML checker found errors:\n" + "\n".join(found)


def test_every_clinician_and_joining_page_is_valid_html(people, clinician, vnu, tmp_path):
    kinds: list[str] = []
    ClinicianWalk(people, clinician, saver(tmp_path, kinds), viewport={"width": 1280, "height": 800}).run()
    found = errors(vnu, tmp_path)
    assert len(kinds) > 10 and not found, "the HTML checker found errors:\n" + "\n".join(found)


def test_family_pages_are_valid_html_and_have_no_axe_violations(people, live_app, clinician, vnu, tmp_path):
    kinds: list[str] = []
    save = saver(tmp_path, kinds)
    problems: list[str] = []

    def check(kind, page):
        save(kind, page)
        found = violations(page)
        if found:
            problems.append(describe(f"{kind} ({page.url})", found))
    FamilyWalk(people, live_app, clinician, check, viewport={"width": 375, "height": 667}).run()

    assert kinds == list(FAMILY_KINDS)
    assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
    found = errors(vnu, tmp_path)
    assert not found, "the HTML checker found errors:\n" + "\n".join(found)
