"""With JavaScript turned off in the browser, patients, caregivers and clinicians can still do everything."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .clinician import create_assignment, enter_code, join, sign_in
from .conftest import CATALOGUE, MODULE
from .patient import KINDS, Walk, click_link

pytestmark = pytest.mark.browser


def test_patient_completes_the_flow_with_javascript_turned_off(people):
    page = people.new_page(java_script_enabled=False, viewport={"width": 375, "height": 740})
    walk = Walk(page).run()
    assert set(walk.seen) == set(KINDS)
    assert walk.first_wrong and walk.retry_wrong
    expect(page.locator("main")).to_contain_text(f"Second try: {len(walk.first_wrong) - 1} of "
                                                 f"{len(walk.first_wrong)} right")
    missed = next(c for c in MODULE.question(walk.retry_wrong[0]).choices if not c.correct)
    expect(page.locator("main")).to_contain_text(CATALOGUE.misconceptions[missed.misconception].statement)
    expect(page.locator("main")).to_contain_text("choose Print")  # without a script, the sheet says how to print
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()


def test_clinician_assigns_and_a_caregiver_joins_by_code_with_javascript_turned_off(people, clinician):
    doc = people.new_page(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    doc.goto("/clinician/login")
    sign_in(doc, clinician)
    click_link(doc, "New assignment")
    share = create_assignment(doc, [MODULE], "No script consult")

    reader = people.new_page(java_script_enabled=False, viewport={"width": 375, "height": 740})
    reader.goto("/")
    enter_code(reader, share["code"])
    join(reader, "I am a family member or caregiver")
    Walk(reader, stop_after=2).run(from_home=True)

    doc.reload()
    expect(doc.locator("table.progress-table")).to_contain_text("Caregiver 1")
    expect(doc.locator("table.progress-table")).to_contain_text("2 answered so far")
