"""The diagrams in a real browser: each part's figure loads, has its words, fits a 375px phone, and passes axe."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .axe import describe, violations
from .conftest import CATALOGUE
from .patient import Http

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
# Every part that places a figure, as (topic, part).
PARTS = [(m, s) for m in CATALOGUE.modules.values() for s in m.sections if s.figure]

FIGURE_FITS = """() => {
  const img = document.querySelector('figure img'), se = document.scrollingElement, r = img.getBoundingClientRect();
  return {loaded: img.complete && img.naturalWidth > 0, left: r.left, right: r.right, width: r.width,
          height: r.height, viewport: se.clientWidth, page: se.scrollWidth};
}"""


def open_part(page, module, section) -> None:
    """Answer every part before this one over plain HTTP with the browser's cookie, then open it in the browser."""
    page.goto(f"/m/{module.id}")
    page.locator("main form button").click()
    page.wait_for_url("**/read/**")
    before = module.questions[:next(i for i, q in enumerate(module.questions) if q.section_id == section.id)]
    Http(page).answer_from(module, 0, lambda i: True, stop_after=len(before))
    page.goto(f"/m/{module.id}/read/{section.id}")


def test_there_are_at_least_six_distinct_diagrams_in_the_topics():
    assert len({s.figure.file for _, s in PARTS}) >= 6


@pytest.mark.parametrize("module, section", PARTS, ids=[f"{m.id}/{s.id}" for m, s in PARTS])
def test_each_figure_loads_with_its_alt_text_and_fits_a_375px_phone(people, module, section):
    page = people.new_page(**PHONE)
    open_part(page, module, section)
    figure = page.locator("figure")
    expect(figure.locator("img")).to_have_attribute("alt", section.figure.alt)
    expect(figure.locator("figcaption")).to_have_text(section.figure.caption)
    figure.scroll_into_view_if_needed()
    expect(figure.locator("img")).to_be_visible()
    box = page.evaluate(FIGURE_FITS)
    assert box["loaded"], f"{section.figure.file} did not load"
    assert box["page"] <= box["viewport"], f"the page scrolls sideways: {box}"
    assert box["left"] >= 0 and box["right"] <= box["viewport"] and box["width"] >= 300, box
    if section.figure.description:
        page.get_by_text("The picture in words").click()
        expect(figure.locator(".figure-words p")).to_have_text(section.figure.description)


def test_a_page_with_a_figure_has_no_wcag21_aa_violations_by_axe(people):
    module, section = next((m, s) for m, s in PARTS if s.figure.description)
    for options in (PHONE, {"viewport": {"width": 1280, "height": 900}}):
        page = people.new_page(**options)
        open_part(page, module, section)
        page.get_by_text("The picture in words").click()
        found = violations(page)
        assert not found, "axe found WCAG 2.1 A/AA violations:\n" + describe(page.url, found)
