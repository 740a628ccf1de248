"""Keyboard only: the whole patient flow with Tab, Shift+Tab, Space and Enter, focus always visible."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import MODULE
from .patient import NEXT, where

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {tag: 'body'};
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const label = el.getAttribute('aria-label') || (el.labels && el.labels.length ? el.labels[0].innerText : '');
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', name: el.getAttribute('name') || '', id: el.id,
    text: (label || el.innerText || el.value || '').trim().replace(/\\s+/g, ' '),
    focusVisible: el.matches(':focus-visible'),
    outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
    shadow: cs.boxShadow !== 'none',
    inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
  };
}"""


class Keyboard:
    """Move through pages with the keyboard alone, checking the focus indicator after every key."""

    def __init__(self, page: Page):
        self.page = page
        self.presses = 0

    def focused(self) -> dict:
        return self.page.evaluate(FOCUSED)

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        self.presses += 1
        now = self.focused()
        where_ = f"after {key} on {self.page.url}: {now}"
        assert now["tag"] != "body", f"focus was lost {where_}"
        assert now["focusVisible"], f"focused element does not match :focus-visible {where_}"
        assert now["outline"] or now["shadow"], f"no visible focus outline or shadow {where_}"
        assert now["inView"], f"the focused element is off screen {where_}"
        return now

    def tab_to(self, want, key: str = "Tab", limit: int = 60) -> dict:
        """Press Tab (or Shift+Tab) until `want(focused)` is true."""
        for _ in range(limit):
            now = self.press(key)
            if want(now):
                return now
        raise AssertionError(f"never reached the wanted element with {key} on {self.page.url}")

    def enter(self, want) -> None:
        """Tab to an element and press Enter on it, waiting for the next page."""
        self.tab_to(want)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


def text_is(text):
    return lambda f: f["text"] == text


def radio(name):
    return lambda f: f["type"] == "radio" and f["name"] == name


def answer_by_keyboard(kb: Keyboard, last: bool) -> None:
    """Pick the first choice (Tab into the group, Space), or the last one (arrow up from the first), then press
    "Check – I'm sure"."""
    kb.tab_to(radio("choice"))
    kb.page.keyboard.press("Space")
    if last:
        kb.page.keyboard.press("ArrowUp")  # radio groups wrap: from the first answer to the last one
    expect(kb.page.locator("input[name=choice]:checked")).to_have_count(1)
    kb.enter(text_is("Check – I'm sure"))


def test_patient_completes_the_module_with_the_keyboard_alone_and_focus_always_shows(people):
    page = people.new_page(viewport={"width": 1280, "height": 800})
    kb = Keyboard(page)
    page.goto("/")  # the only address typed; everything after is keys

    # The skip link comes first and moves focus to the main content.
    first = kb.press("Tab")
    assert first["text"] == "Skip to main content", first
    page.keyboard.press("Enter")
    assert kb.focused()["id"] == "main"

    kb.enter(text_is(MODULE.title))
    kb.enter(text_is("Start reading"))

    answered, verdicts, retrying = 0, [], False
    while True:
        at = where(page)
        if at["results"]:
            if retrying or not page.get_by_role("button", name="Try the ones you missed again").count():
                break
            retrying = True
            kb.enter(text_is("Try the ones you missed again"))
        elif at["read"]:
            kb.enter(text_is("Check your understanding"))
        elif at["feedback"]:
            verdicts.append(page.locator("h1").inner_text())
            kb.enter(lambda f: bool(NEXT.fullmatch(f["text"])))
        else:
            answer_by_keyboard(kb, last=answered % 2 == 1)
            answered += 1

    first_round = verdicts[:len(MODULE.questions)]
    assert len(first_round) == len(MODULE.questions)
    missed = sum("Not quite" in v or "Here is the answer" in v for v in first_round)  # wrong, or "I don't know yet"
    assert retrying and len(verdicts) == len(MODULE.questions) + missed, verdicts
    expect(page.locator("main")).to_contain_text(f"of {len(MODULE.questions)} right on the first try")
    kb.enter(text_is("Print your consult sheet"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My consult sheet")
    expect(page.locator("main")).to_contain_text(MODULE.title)
    # Shift+Tab walks back through the page with a visible focus too.
    kb.tab_to(text_is("Understanding gene therapy"), key="Shift+Tab")


def test_clinician_signs_in_assigns_reading_and_signs_out_with_the_keyboard_alone(people, clinician):
    page = people.new_page(viewport={"width": 1280, "height": 800})
    kb = Keyboard(page)
    page.goto("/clinician/login")  # the only address typed

    kb.tab_to(lambda f: f["name"] == "email")
    page.keyboard.type(clinician["email"])
    kb.tab_to(lambda f: f["name"] == "password")
    page.keyboard.type(clinician["password"])
    kb.enter(text_is("Sign in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your assignments")

    kb.enter(text_is("New assignment"))
    kb.tab_to(lambda f: f["type"] == "checkbox" and f["text"].startswith(MODULE.title))
    page.keyboard.press("Space")
    expect(page.locator("input[name=modules]:checked")).to_have_count(1)
    kb.tab_to(lambda f: f["name"] == "label")
    page.keyboard.type("Keyboard consult")
    kb.enter(text_is("Create the link and code"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Keyboard consult")

    kb.enter(text_is("Printable handout with the code and QR code"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reading for you before your visit")
    kb.enter(text_is("Back to the report"))
    kb.enter(text_is("Sign out"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in for clinicians")
