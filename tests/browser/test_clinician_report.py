"""The clinician's report in chromium, on the demo data (`seed-demo`: a patient and two caregivers): what to
discuss above the fold, two printed A4 pages with no heading stranded at a page foot, a table that says it scrolls
on a phone, and the QR code and copy buttons on the assignment page."""
from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from tests import leaks

from .clinician import create_assignment, sign_in
from .conftest import MODULE, SCREENSHOTS
from .patient import click_link

pytestmark = pytest.mark.browser
DEMO_LABEL = "Demo: before an ex vivo consult"
FOLD = 800  # "Discuss these" starts within the first 800 px at 1280 px wide


@pytest.fixture(scope="module")
def demo(live_app):
    """The demo clinician and assignment, made once for this module by the real command."""
    result = live_app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    password = re.search(r"password: (\S+)", result.output).group(1)
    leaks.remember(password)
    return {"email": "demo@clinic.example", "password": password}


def open_report(people, demo, **page_options):
    """Sign in as the demo clinician and open the demo report."""
    page = people.new_page(**page_options)
    page.goto("/clinician/login")
    sign_in(page, demo)
    click_link(page, DEMO_LABEL)
    expect(page.get_by_role("heading", level=1)).to_contain_text(DEMO_LABEL)
    return page


def test_discuss_these_starts_above_the_fold_after_a_strip_per_person(people, demo):
    page = open_report(people, demo, viewport={"width": 1280, "height": 900})
    strip = page.locator("ul.strip > li")
    expect(strip).to_have_count(3)
    for i, name in enumerate(("Patient", "Caregiver 1", "Caregiver 2")):
        expect(strip.nth(i).get_by_role("heading", level=3)).to_have_text(name)
    expect(strip.first).to_contain_text("wrong and sure")
    expect(page.locator("details.share")).not_to_have_attribute("open", "")
    top = page.get_by_role("heading", name="Discuss these").first.bounding_box()["y"]
    assert top < FOLD, f"'Discuss these' starts at y={top:.0f}, below the first {FOLD} px"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "clinician-report-fold-1280.png"))


def _headings_stranded(pdf: bytes, headings: set[str]) -> list[str]:
    """Name each page (but the last) whose last line of text is a heading: its content went to the next page."""
    from pypdf import PdfReader
    pages = PdfReader(io.BytesIO(pdf)).pages
    stranded = []
    for n, p in enumerate(pages[:-1], start=1):
        lines = [line.strip() for line in (p.extract_text() or "").splitlines() if line.strip()]
        if lines and lines[-1] in headings:
            stranded.append(f"page {n} ends with the heading '{lines[-1]}'")
    return stranded


def test_a_report_for_three_people_prints_on_two_a4_pages_with_no_stranded_heading(people, demo):
    pytest.importorskip("pypdf", reason="pip install -e '.[browser]' brings pypdf, which reads the printed pages")
    from pypdf import PdfReader
    page = open_report(people, demo, viewport={"width": 1280, "height": 900})
    headings = set(page.locator("main h1, main h2, main h3").all_inner_texts())
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    page.emulate_media(media="screen")
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "clinician-report-3-people-A4.pdf").write_bytes(pdf)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) <= 2, f"the report for three people printed on {len(pages)} A4 pages"
    assert not _headings_stranded(pdf, {h.strip() for h in headings})
    text = "\n".join(p.extract_text() for p in pages)
    for name in ("Patient", "Caregiver 1", "Caregiver 2", "Discuss these", "Picked:"):
        assert name in text


def test_on_a_phone_the_wide_table_says_it_scrolls_sideways(people, demo):
    page = open_report(people, demo, viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    box = page.locator(".table-scroll", has=page.locator("table.progress-table"))
    assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "the table fits: nothing to say"
    expect(page.locator("section.detail .scroll-hint")).to_be_visible()
    expect(page.locator("section.detail .scroll-hint")).to_contain_text("Swipe the table sideways")


def test_the_assignment_page_shows_the_qr_code_and_copies_the_code(people, clinician):
    page = people.new_page(viewport={"width": 1280, "height": 900})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/clinician/login")
    sign_in(page, clinician)
    click_link(page, "New assignment")
    page.get_by_role("link", name="Select all").click()
    expect(page.locator("#minutes-total")).to_contain_text("In all: about")
    page.get_by_role("link", name="Select all").click()  # the script ticks them all without leaving the page
    for box in page.locator('input[name="modules"]').all():
        box.uncheck()
    expect(page.locator("#minutes-total")).to_have_text("No topics ticked yet.")
    share = create_assignment(page, [MODULE], "QR on the page")
    qr = page.locator("section.share figure.qr svg")
    expect(qr).to_be_visible()
    size = qr.bounding_box()
    assert size["width"] >= 120 and size["height"] >= 120, size  # big enough to scan from a screen
    page.get_by_role("button", name="Copy the code").click()
    expect(page.locator("section.share .copied")).to_have_text("The code is copied.")
    assert page.evaluate("navigator.clipboard.readText()") == share["code"]


@pytest.mark.parametrize("width", [1280, 375])
def test_the_demo_pages_pass_axe_and_never_scroll_sideways(people, demo, width):
    from .axe import describe, violations
    page = open_report(people, demo, viewport={"width": width, "height": 800})
    report = page.url
    problems = []
    for name, url in (("report", report), ("share-open", report), ("revoke", report + "/revoke"),
                      ("handout", report + "/handout"), ("new", "/clinician/assignments/new?bundle=ex-vivo-consult"),
                      ("stats", "/clinician/stats?sort=hardest"), ("list", "/clinician/")):
        page.goto(url)
        if name == "share-open":
            page.locator("details.share > summary").click()
            expect(page.locator("details.share figure.qr svg")).to_be_visible()
        problems += [describe(f"{name} at {width}px", found)] if (found := violations(page)) else []
        if page.evaluate("document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth"):
            problems.append(f"{name} at {width}px scrolls sideways")
    assert not problems, "\n".join(problems)
