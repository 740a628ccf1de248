"""Learning end to end on a 375×667 phone, in English and in Spanish: a reader joins by link, does the check before
reading, the topic and the second try; the clinician sets the consult two days ahead; the re-check is offered on the
reader's home and answered; the report shows before -> after -> re-check and the gain for that reader."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from .axe import describe, violations
from .clinician import create_assignment, sign_in
from .conftest import MODULE
from .patient import click_button, click_link

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}
WORDS = {
    "en": {"patient": "I am the patient", "start": "Start reading", "before": "A quick check before you read",
           "start_before": "Start the quick check", "dont_know": "I don't know yet", "sure": "Check – I'm sure",
           "guess": "Check – I'm guessing", "check": "Check your understanding", "retry": "Try the ones you missed again",
           "recheck": "A quick re-check before your visit", "start_recheck": "Start the re-check",
           "done": "right in the re-check", "next": re.compile(r"^(Next question|Next part|See your results|See how it went)$")},
    "es": {"patient": "Soy el o la paciente", "start": "Empezar a leer", "before": "Una prueba rápida antes de leer",
           "start_before": "Empezar la prueba rápida", "dont_know": "Todavía no lo sé",
           "sure": "Comprobar: lo sé", "guess": "Comprobar: adivino",
           "check": "Compruebe lo que entendió", "retry": "Intentar otra vez las que no acertó",
           "recheck": "Un repaso rápido antes de su visita", "start_recheck": "Empezar el repaso",
           "done": "correctas en el repaso",
           "next": re.compile(r"^(Pregunta siguiente|Parte siguiente|Ver sus resultados|Ver cómo le fue)$")},
}


def _answer(page, words, right: bool | None) -> None:
    """Pick the right answer, a wrong one, or "I don't know yet" (None) of the question in the address; press a
    sureness button."""
    q = MODULE.question(page.url.rstrip("/").rsplit("/", 1)[-1])
    assert q is not None, page.url
    pick = "dont-know" if right is None else q.correct_choice.id if right else \
        next(c.id for c in q.authored_choices if not c.correct)
    page.locator(f'input[name=choice][value="{pick}"]').check()
    click_button(page, words["sure"] if right else words["guess"])


def _walk_phase(page, words, url_part: str, right=lambda n: None) -> int:
    """Answer questions while the address holds url_part, following each next step; return how many."""
    n = 0
    while url_part in page.url and "/feedback" not in page.url:
        _answer(page, words, right(n))
        n += 1
        if "/feedback" in page.url:
            page.get_by_role("link", name=words["next"]).click()
    return n


@pytest.mark.parametrize("lang", ["en", "es"])
def test_before_after_recheck_and_gain_from_link_to_report(people, clinician, lang):
    words = WORDS[lang]
    doc = people.new_page(viewport={"width": 1280, "height": 900})
    doc.goto("/clinician/login")
    sign_in(doc, clinician)
    click_link(doc, "New assignment")
    if lang == "es":
        doc.get_by_label("Español", exact=True).check()
    share = create_assignment(doc, [MODULE], f"learning walk {lang}", pre_check=True)

    reader = people.new_page(**PHONE)
    reader.goto(f"/language/{lang}?next=/")
    reader.goto(share["link"])
    reader.get_by_label(words["patient"], exact=True).check()
    click_button(reader, words["start"])
    expect(reader.get_by_role("heading", level=1)).to_have_text(words["before"])
    problems = []

    def axe(kind: str, page) -> None:
        found = violations(page)
        if found:
            problems.append(describe(f"{kind} ({page.url})", found))
    axe("before", reader)
    click_link(reader, words["start_before"])
    axe("before-question", reader)
    before = _walk_phase(reader, words, "/before/", right=lambda n: None if n == 0 else False)
    assert before >= 2 and "/read/" in reader.url  # no feedback before reading: on to the first part

    # The topic: every other question right; then the second try, all right.
    n = 0
    while "/results" not in reader.url:
        if reader.get_by_role("link", name=words["check"], exact=True).count():
            click_link(reader, words["check"])
        _answer(reader, words, n % 2 == 0)
        n += 1
        reader.get_by_role("link", name=words["next"]).click()
    click_button(reader, words["retry"])
    retried = _walk_phase(reader, words, "/retry/", right=lambda n: True)
    assert retried == len(MODULE.questions) // 2

    # The clinician sets the consult two days ahead, on the report.
    doc.goto(share["report"])
    doc.locator("#consult_on").fill((dt.date.today() + dt.timedelta(days=2)).isoformat())
    click_button(doc, "Save the consult date")

    reader.goto("/")
    expect(reader.get_by_role("heading", name=words["recheck"])).to_be_visible()
    axe("home-recheck-offer", reader)
    click_link(reader, words["start_recheck"])
    axe("recheck", reader)
    click_link(reader, words["start_recheck"])
    axe("recheck-question", reader)
    rechecked = _walk_phase(reader, words, "/recheck/", right=lambda n: n % 2 == 0)
    assert rechecked >= 1
    expect(reader.locator("main")).to_contain_text(words["done"])
    axe("recheck-done", reader)

    doc.goto(share["report"])
    table = doc.locator("section.learning table")
    expect(table).to_be_visible()
    row = table.locator("tbody tr").first
    cells = row.locator("td")
    expect(cells.nth(1)).to_have_text(re.compile(r"\d+\s?%"))   # before reading
    expect(cells.nth(2)).to_have_text(re.compile(r"\d+\s?%"))   # after reading
    expect(cells.nth(3)).to_have_text(re.compile(r"\d+\s?%"))   # re-check
    expect(cells.nth(4)).to_have_text(re.compile(r"^-?\d[.,]\d\d$"))  # the gain
    axe("report-learning", doc)
    assert not problems, "\n".join(problems)
