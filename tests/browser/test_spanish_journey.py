"""A Spanish reader end to end in chromium on a phone: join by code, read, answer, feedback, results, retry and the
consult sheet, every page in Spanish with no axe violation and no HTML error; then the clinician's report names the
language the reader used."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from quizapp import assigning
from quizapp.content.translated import load_translation
from quizapp.store import clinicians

from .axe import describe, violations
from .clinician import sign_in
from .conftest import CATALOGUE, MODULE, QUESTIONS, SCREENSHOTS
from .patient import click_button, click_link, first_try_right
from .test_valid_html import errors, vnu  # noqa: F401 (vnu: the HTML checker, a fixture)

pytestmark = pytest.mark.browser
SPANISH = load_translation(CATALOGUE, QUESTIONS / "es", "es").catalogue
TOPIC = SPANISH.module(MODULE.id)
NEXT = re.compile(r"^(Pregunta siguiente|Parte siguiente|Ver sus resultados)$")
PHONE = {"width": 375, "height": 667}


def spanish_assignment(live_app, email: str) -> dict:
    """Create an assignment read in Spanish for this clinician, straight in the database."""
    token, code = assigning.new_token(), assigning.new_code()
    with live_app.extensions["db"].sessions() as s:
        doctor = clinicians.clinician_by_email(s, email)
        a = clinicians.create_assignment(s, doctor.id, [MODULE.id], "lectura en español", 30, token, code, "es")
        s.commit()
        return {"public_id": a.public_id, "code": assigning.display_code(code)}


class Checks:
    """On each distinct Spanish page: the page's language, axe, a saved copy for the HTML checker, a screenshot."""

    def __init__(self, folder):
        self.folder, self.seen, self.problems = folder, [], []

    def __call__(self, kind: str, page: Page) -> None:
        if kind in self.seen:
            return
        self.seen.append(kind)
        assert page.locator("html").get_attribute("lang") == "es", kind
        found = violations(page)
        if found:
            self.problems.append(describe(f"{kind} ({page.url})", found))
        (self.folder / f"es-{kind}.html").write_text(page.content(), encoding="utf-8")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"es-{kind}.png"))


def answer(page: Page, question, right: bool, checks: Checks, kind: str) -> None:
    """Pick a choice by its Spanish words, press "Comprobar: lo sé", and land on the feedback."""
    checks(kind, page)
    choice = question.correct_choice if right else next(c for c in question.choices if not c.correct)
    page.get_by_label(choice.text, exact=True).check()
    click_button(page, "Comprobar: lo sé")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Es correcto" if right else "No exactamente")
    checks(f"{kind}-feedback-{'right' if right else 'wrong'}", page)


def test_a_spanish_reader_goes_from_code_to_consult_sheet_and_the_report_names_the_language(
        people, live_app, clinician, vnu, tmp_path):  # noqa: F811
    share = spanish_assignment(live_app, clinician["email"])
    checks = Checks(tmp_path)
    page = people.new_page(viewport=PHONE, locale="es-MX")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aprenda sobre la terapia génica, paso a paso")
    checks("home", page)
    page.get_by_label("Su código").fill(share["code"])
    click_button(page, "Abrir mi lectura")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lectura de parte de su equipo de atención médica")
    checks("welcome", page)
    page.get_by_label("Soy el o la paciente", exact=True).check()
    click_button(page, "Empezar a leer")

    missed = []
    for i, q in enumerate(TOPIC.questions):
        if q is TOPIC.section(q.section_id).questions[0]:
            expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC.section(q.section_id).title)
            checks("read", page)
            click_link(page, "Compruebe lo que entendió")
        answer(page, q, first_try_right(i), checks, "question")
        missed += [] if first_try_right(i) else [q]
        navigate_next = page.get_by_role("link", name=NEXT)
        with page.expect_navigation():
            navigate_next.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sus resultados")
    checks("results", page)
    click_button(page, "Intentar otra vez las que no acertó")
    for q in missed:
        answer(page, q.retry_question, True, checks, "retry")
        with page.expect_navigation():
            page.get_by_role("link", name=NEXT).click()
    expect(page.locator("main")).to_contain_text(f"{len(missed)} de {len(missed)} correctas")
    checks("results-after-retry", page)
    click_link(page, "Mi hoja para la consulta")
    expect(page.get_by_role("heading", name="Lo que me gustaría preguntar")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Yo pensaba")
    checks("sheet", page)

    assert not checks.problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(checks.problems)
    found = errors(vnu, tmp_path)
    assert not found, "the HTML checker found errors:\n" + "\n".join(found)

    doctor = people.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    doctor.goto("/clinician/login")
    sign_in(doctor, clinician)
    doctor.goto(f"/clinician/assignments/{share['public_id']}")
    expect(doctor.locator("html")).to_have_attribute("lang", "en")
    expect(doctor.locator(".person .reader-lang")).to_have_text("Read in Spanish")
    picked = doctor.locator(".picks li span[lang='es']").first  # the question as the reader saw it, marked Spanish
    expect(picked).to_be_visible()
    assert picked.inner_text() in {q.prompt for q in missed}
