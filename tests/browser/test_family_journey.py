"""End to end in chromium: joining goes straight into reading, a shared phone keeps every reader, broken links get
their own page with the clinic's phone, and closing a reading keeps the results and the consult sheet."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import CATALOGUE, SCREENSHOTS
from .family import CLINIC, FAMILY_KINDS, PHONE, FamilyWalk, live, read_everything  # noqa: F401 (live: a fixture)
from .test_patient_journey import pdf_pages

pytestmark = pytest.mark.browser


def test_a_family_joins_shares_a_phone_meets_broken_links_and_keeps_its_sheet_after_revoke(people, live_app,
                                                                                             clinician):
    texts = {}

    def visit(kind, page):
        texts[kind] = page.locator("main").inner_text()
    walk = FamilyWalk(people, live_app, clinician, visit, viewport={"width": 375, "height": 667}).run()

    assert walk.seen == list(FAMILY_KINDS)
    assert f"Sent by {CLINIC}" in texts["welcome"]
    for kind in ("broken-link", "broken-code", "link-gone"):
        assert PHONE in texts[kind], kind
    assert "Reading now" in texts["readers"] and "a parent or guardian" in texts["readers"].lower()
    assert texts["sheet-after-close"].startswith("My consult sheet")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_consult_sheet_prints_on_two_pages_at_most_for_all_six_topics(people, paper):
    page = people.new_page(viewport={"width": 1280, "height": 900})
    page.goto("/")
    read_everything(page, list(CATALOGUE.modules.values()))
    page.goto("/sheet")
    expect(page.get_by_role("heading", name="Things I'd like to ask")).to_be_visible()
    page.emulate_media(media="print")
    pdf = page.pdf(format=paper)  # as a browser prints by default: no background graphics
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / f"patient-sheet-all-topics-{paper}.pdf").write_bytes(pdf)
    assert pdf_pages(pdf) <= 2, f"the sheet for all six topics printed on {pdf_pages(pdf)} {paper} pages"


@pytest.mark.parametrize("module", sorted(CATALOGUE.modules.values(), key=lambda m: -len(m.questions))[:1],
                         ids=lambda m: m.id)
def test_the_consult_sheet_prints_on_one_page_for_the_longest_topic_with_writing_lines_as_borders(people, module):
    page = people.new_page(viewport={"width": 1280, "height": 900})
    page.goto("/")
    read_everything(page, [module])
    page.goto("/sheet")
    page.emulate_media(media="print")
    lines = page.eval_on_selector_all(".write-lines div", """(els) => els.map((el) => {
        const cs = getComputedStyle(el);
        return {border: cs.borderBottomStyle, width: parseFloat(cs.borderBottomWidth), background: cs.backgroundImage};
    })""")
    assert lines and all(x["border"] == "solid" and x["width"] >= 1 and x["background"] == "none" for x in lines), lines
    pdf = page.pdf(format="A4")
    (SCREENSHOTS / f"patient-sheet-{module.id}-A4.pdf").write_bytes(pdf)
    assert pdf_pages(pdf) == 1, f"the sheet for {module.id} printed on {pdf_pages(pdf)} pages"
