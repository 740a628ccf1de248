"""axe-core finds no WCAG 2.1 A or AA violation on any patient or clinician page."""
from __future__ import annotations

import pytest

from .axe import describe, violations
from .clinician import CLINICIAN_KINDS, ClinicianWalk
from .patient import KINDS, Walk, once_per_kind

pytestmark = pytest.mark.browser


def axe_collector():
    """Return a page callback that runs axe, and the lists it fills: pages checked and problems found."""
    checked, problems = [], []

    def check(kind, page):
        checked.append(kind)
        found = violations(page)
        if found:
            problems.append(describe(f"{kind} ({page.url})", found))
    return check, checked, problems


def test_every_patient_page_has_no_wcag21_aa_violations_by_axe(people):
    width = 1280
    page = people.new_page(viewport={"width": width, "height": 800})
    check, checked, problems = axe_collector()
    Walk(page, once_per_kind(check), quick=True).run()

    assert set(checked) == set(KINDS), f"pages not reached: {set(KINDS) - set(checked)}"
    assert not problems, f"axe found WCAG 2.1 A/AA violations at {width}px:\n" + "\n".join(problems)


def test_every_clinician_page_and_joining_page_has_no_wcag21_aa_violations_by_axe(people, clinician):
    check, checked, problems = axe_collector()
    ClinicianWalk(people, clinician, once_per_kind(check), viewport={"width": 1280, "height": 800}).run()

    assert set(checked) == set(CLINICIAN_KINDS), f"pages not reached: {set(CLINICIAN_KINDS) - set(checked)}"
    assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_the_axe_harness_does_report_a_known_violation(people):
    """Guard against a silent harness: a page with an unlabeled field and a nameless image must fail."""
    page = people.new_page()
    page.goto("/glossary")
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.append(document.createElement('img'));
        const field = document.createElement('input');
        field.type = 'text';
        main.append(field);
    }""")
    found = {v["id"] for v in violations(page)}
    assert {"image-alt", "label"} <= found, found
