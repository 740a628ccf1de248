"""End to end in chromium: a patient reads a whole module, misses some questions, retries them, prints the sheet."""
from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from .conftest import CATALOGUE, MODULE, SCREENSHOTS
from .patient import Walk, first_try_right

pytestmark = pytest.mark.browser


def pdf_pages(data: bytes) -> int:
    """Count the pages of a PDF (pypdf when installed, else the page objects in the file)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    return len(PdfReader(io.BytesIO(data)).pages)


def test_patient_reads_answers_retries_and_prints_a_one_or_two_page_consult_sheet(people):
    page = people.new_page(viewport={"width": 1280, "height": 900})
    results = {}

    def visit(kind, page):
        if kind in ("results", "results-after-retry"):
            results[kind] = page.locator("main").inner_text()
    walk = Walk(page, visit).run()

    total = len(MODULE.questions)
    missed = [q.id for i, q in enumerate(MODULE.questions) if not first_try_right(i)]
    assert walk.first_wrong == missed and missed, "some questions were missed on purpose"
    assert f"{total - len(missed)} of {total} right on the first try" in results["results"]
    for qid in missed:  # before the retry, each missed idea is named; after it, each question with its best answer
        assert CATALOGUE.concepts[MODULE.question(qid).concept].label in results["results"]
        assert MODULE.question(qid).prompt in results["results-after-retry"]
    assert f"Second try: {len(missed) - 1} of {len(missed)} right" in results["results-after-retry"]
    assert "still tricky" in results["results-after-retry"]

    # The consult sheet: results, the questions to go over, and it prints on one page.
    sheet = page.locator("main")
    expect(sheet).to_contain_text(MODULE.title)
    expect(sheet).to_contain_text(f"{total - len(missed)} of {total} right on the first try")
    expect(sheet).to_contain_text("Things I'd like to ask")
    for qid in missed:  # each missed idea, in the reader's own words, from the misconception it showed
        mis = next(c for c in MODULE.question(qid).choices if not c.correct).misconception
        expect(sheet).to_contain_text(CATALOGUE.misconceptions[mis].statement)
    page.emulate_media(media="print")
    expect(page.locator("header.site")).to_be_hidden()
    SCREENSHOTS.mkdir(exist_ok=True)
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        assert pdf.startswith(b"%PDF")
        (SCREENSHOTS / f"patient-sheet-{paper}.pdf").write_bytes(pdf)
        assert pdf_pages(pdf) == 1, f"the consult sheet for one topic printed on {pdf_pages(pdf)} {paper} pages"
