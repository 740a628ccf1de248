"""Re-reading and feedback in a real browser: the links lead where they say (plain links and forms, no script),
and axe finds nothing on the pages."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .axe import describe, violations
from .conftest import MODULE
from .patient import click_link

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def check_axe(page, problems: list[str]) -> None:
    """Run axe on the page as it is now, keeping what it finds."""
    found = violations(page)
    if found:
        problems.append(describe(page.url, found))


def answer(page, question, right: bool, sure: str) -> None:
    """Pick a choice and a sureness, and send it."""
    choice = question.correct_choice if right else next(c for c in question.authored_choices if not c.correct)
    page.locator(f'input[name=choice][value="{choice.id}"]').check()
    with page.expect_navigation():
        page.locator(f'button[name=confidence][value="{sure}"]').click()


def test_re_reading_links_sureness_and_the_end_of_a_part_work_and_pass_axe(browser, server):
    context = browser.new_context(base_url=server, **PHONE)
    context.set_default_timeout(10_000)
    page, problems = context.new_page(), []
    first = MODULE.sections[0]
    try:
        page.goto(f"/m/{MODULE.id}")
        page.locator("main form button").click()
        page.wait_for_url(f"**/read/{first.id}")
        click_link(page, "Check your understanding")
        check_axe(page, problems)
        questions = first.questions
        answer(page, questions[0], right=False, sure="sure")
        expect(page.locator(".sureness")).to_contain_text("You felt sure: this is a common mix-up")
        check_axe(page, problems)
        click_link(page, "Re-read this part")  # and back again, to where the reader was
        expect(page.locator("h1")).to_have_text(first.title)
        click_link(page, "Back to where you left off")
        for q in questions[1:]:
            expect(page.locator("legend.prompt")).to_have_text(q.prompt)
            answer(page, q, right=True, sure="unsure")
            expect(page.locator(".sureness")).to_have_text("You were not sure, but you got it right.")
            if q is not questions[-1]:
                expect(page.locator(".part-done")).to_have_count(0)
                click_link(page, "Next question")
        expect(page.locator(".part-done")).to_have_text(f"✔ Part 1 of {len(MODULE.sections)} done")
        check_axe(page, problems)

        page.goto(f"/m/{MODULE.id}")
        parts = page.locator("ol.parts li")
        expect(parts.nth(0).locator("a")).to_have_text(first.title)
        expect(parts.nth(2).locator("a")).to_have_count(0)  # not reached yet
        check_axe(page, problems)
        assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
    finally:
        context.close()


def test_a_bold_term_leads_to_its_word_list_entry_and_a_to_z_jumps_to_its_letter(browser, server):
    context = browser.new_context(base_url=server, **PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(f"/m/{MODULE.id}")
        page.locator("main form button").click()
        page.wait_for_url("**/read/**")
        link = page.locator("a.term-link").first
        term = link.get_attribute("href").rsplit("#", 1)[1]
        with page.expect_navigation():
            link.click()
        assert page.url.endswith(f"/glossary#{term}")
        expect(page.locator(f"dt#{term}")).to_be_in_viewport()
        page.locator("nav.az").get_by_role("link", name="G", exact=True).click()
        expect(page.locator("h2#letter-g")).to_be_in_viewport()
        found = violations(page)
        assert not found, describe(page.url, found)
    finally:
        context.close()
