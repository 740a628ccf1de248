"""On a 375×667 phone, in English and in Spanish, "how sure" is part of the answer step: both buttons are on the
first screen of every question of a topic, and "I don't know yet" gets a neutral heading."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import MODULE
from .patient import click_button, click_link
from .test_first_screen import HEIGHT, PHONE, UNCOVERED, WIDTH

pytestmark = pytest.mark.browser
WORDS = {
    "en": {"start": "Start reading", "check": "Check your understanding", "sure": "Check – I'm sure",
           "guess": "Check – I'm guessing", "dont_know": "I don't know yet", "neutral": "Here is the answer",
           "wrong": "Not quite"},
    "es": {"start": "Empezar a leer", "check": "Compruebe lo que entendió", "sure": "Comprobar: lo sé",
           "guess": "Comprobar: adivino", "dont_know": "Todavía no lo sé", "neutral": "Esta es la respuesta",
           "wrong": "No exactamente"},
}


def on_first_screen(page, name: str) -> str | None:
    """Say what is wrong with a button's place on the first screen, or None when it is fully there, uncovered."""
    button = page.get_by_role("button", name=name, exact=True)
    box = button.bounding_box()
    if box is None:
        return f"{name!r} is not shown"
    if box["y"] < 0 or box["y"] + box["height"] > HEIGHT or box["x"] < 0 or box["x"] + box["width"] > WIDTH:
        return f"{name!r} is at y={box['y']:.0f}..{box['y'] + box['height']:.0f}, off the {WIDTH}x{HEIGHT} screen"
    if not button.evaluate(UNCOVERED):
        return f"{name!r} is covered by something else"
    return None


@pytest.mark.parametrize("lang", ["en", "es"])
def test_both_sureness_buttons_are_on_the_first_phone_screen_of_every_question(people, lang):
    words = WORDS[lang]
    page = people.new_page(**PHONE)
    page.goto(f"/language/{lang}?next=/m/{MODULE.id}")
    click_button(page, words["start"])
    problems, seen = [], 0
    for n in range(len(MODULE.questions)):
        if page.get_by_role("link", name=words["check"], exact=True).count():
            click_link(page, words["check"])
        assert page.evaluate("scrollY") == 0
        seen += 1
        problems += [f"question {n + 1}: {p}" for name in (words["sure"], words["guess"])
                     if (p := on_first_screen(page, name))]
        if n == 0:  # "I don't know yet": a neutral heading, never "Not quite"
            page.get_by_label(words["dont_know"], exact=True).check()
            click_button(page, words["sure"])
            heading = page.get_by_role("heading", level=1)
            expect(heading).to_contain_text(words["neutral"])
            assert words["wrong"] not in heading.inner_text() and "✘" not in heading.inner_text()
        else:
            page.get_by_role("radio").first.check()
            click_button(page, words["guess"] if n % 2 else words["sure"])
        next_link = page.locator(".next-bar a.button")
        if n + 1 < len(MODULE.questions):
            next_link.click()
    assert seen == len(MODULE.questions)
    assert not problems, f"below the fold on a phone ({lang}):\n" + "\n".join(problems)
