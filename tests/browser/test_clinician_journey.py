"""End to end in chromium: a clinician assigns reading, a patient and a caregiver answer, the report shows both."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .clinician import create_assignment, enter_code, join, sign_in
from .conftest import CATALOGUE, MODULE, SCREENSHOTS
from .patient import Walk, click_link, first_try_right
from .test_patient_journey import pdf_pages

pytestmark = pytest.mark.browser


def wrong_pick(question):
    """The wrong choice the walks pick: the first one in the content file."""
    return next(c for c in question.choices if not c.correct)


def print_pdf(page, name: str) -> int:
    """Print the open page to an A4 PDF (kept in screenshots/ for review) and return its page count."""
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    page.emulate_media(media="screen")
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / name).write_bytes(pdf)
    return pdf_pages(pdf)


def test_clinician_assigns_reading_then_patient_and_caregiver_answer_and_the_report_shows_both(people, clinician):
    doc = people.new_page(viewport={"width": 1280, "height": 900})
    doc.goto("/clinician/login")
    sign_in(doc, clinician)
    click_link(doc, "New assignment")
    share = create_assignment(doc, [MODULE], "Tuesday 2 pm consult")

    click_link(doc, "Printable handout with the code and QR code")
    expect(doc.locator("main")).to_contain_text(share["code"])
    expect(doc.locator(".qr svg")).to_be_visible()
    assert print_pdf(doc, "clinician-handout-A4.pdf") == 1, "the handout prints on one page"
    click_link(doc, "Back to the report")

    # The patient opens the link on a phone and does the module in the browser, missing some on purpose.
    patient = people.new_page(viewport={"width": 375, "height": 740})
    patient.goto(share["link"])
    join(patient, "I am the patient")
    expect(patient.locator("main")).to_contain_text(MODULE.title)
    walk = Walk(patient).run(from_home=True)
    assert walk.first_wrong and walk.retry_wrong

    # A caregiver, on another device, types the short code (small letters, no dash) and starts the module.
    caregiver = people.new_page(viewport={"width": 375, "height": 740})
    caregiver.goto("/")
    enter_code(caregiver, share["code"].lower().replace("-", ""))
    join(caregiver, "I am a family member or caregiver")
    Walk(caregiver, right=lambda i: i != 0, stop_after=3).run(from_home=True)

    # The clinician's report: both people, their scores, and the misconceptions their wrong answers reveal.
    doc.reload()
    main = doc.locator("main")
    total = len(MODULE.questions)
    missed = len(walk.first_wrong)
    progress = doc.locator("table.progress-table")
    expect(progress.locator("tr", has_text="Patient")).to_contain_text(f"{total - missed} of {total}")
    expect(progress.locator("tr", has_text="Patient")).to_contain_text(f"{missed - 1} of {missed} right")
    expect(progress.locator("tr", has_text="Caregiver 1")).to_contain_text("3 answered so far")
    patient_box = doc.locator("section.person", has=doc.get_by_role("heading", name="Patient", exact=True))
    caregiver_box = doc.locator("section.person", has=doc.get_by_role("heading", name="Caregiver 1", exact=True))
    for qid in walk.first_wrong:
        statement = CATALOGUE.misconceptions[wrong_pick(MODULE.question(qid)).misconception].statement
        expect(patient_box).to_contain_text(statement)
    first = MODULE.questions[0]
    expect(caregiver_box).to_contain_text(CATALOGUE.misconceptions[wrong_pick(first).misconception].statement)
    expect(main).to_contain_text("right on a new question in the second try")
    pages = print_pdf(doc, "clinician-report-A4.pdf")
    assert 1 <= pages <= 2, f"the report printed on {pages} pages"

    doc.get_by_role("link", name="Every answer, question by question").click()
    for i, q in enumerate(MODULE.questions):
        if not first_try_right(i):
            expect(doc.locator("table.questions")).to_contain_text(q.prompt)
    doc.go_back()

    click_link(doc, "Assignments")
    row = doc.locator("table.assignments tr", has_text="Tuesday 2 pm consult")
    expect(row).to_contain_text(share["code"])
    expect(row).to_contain_text("Patient")
    expect(row).to_contain_text("Caregiver 1")
