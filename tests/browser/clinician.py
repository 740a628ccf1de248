"""The clinician side in a real browser: sign in, assign reading, and the people who join it.

`ClinicianWalk` goes through every clinician page and the patient pages that joining adds, calling back
on each distinct one. People join in the browser (by link and by typed code); what they answer is
sent over plain HTTP with the browser's own cookie, to keep the page checks quick. The end-to-end test
does the answering in the browser instead.
"""
from __future__ import annotations

import itertools
import re

from playwright.sync_api import Page, expect

from .conftest import MODULE
from .patient import Http, Visit, click_button, click_link, first_try_right, retry_right

CLINICIAN_KINDS = ("clinician-login", "clinician-login-error", "clinician-assignments-empty", "clinician-new",
                   "clinician-new-error", "clinician-report-empty", "clinician-handout", "welcome",
                   "home-assigned", "home-code-error", "clinician-report", "clinician-answers",
                   "clinician-assignments",
                   "clinician-stats", "clinician-signed-out")

_labels = itertools.count(1)


def module_label(module) -> str:
    return f"{module.title} (about {module.reading_minutes} min)"


def sign_in(page: Page, account: dict, password: str | None = None) -> None:
    """Fill in and send the sign-in form on the page that is open."""
    page.get_by_label("Email").fill(account["email"])
    page.get_by_label("Password").fill(password or account["password"])
    click_button(page, "Sign in")


PRE_CHECK = "Start with a quick check before the reading (one question per idea, no marks)"


def create_assignment(page: Page, modules, label: str, pre_check: bool = False) -> dict:
    """On the new-assignment page: pick topics, label, say whether to start with a check before reading (ticked
    on the page; these walks untick it unless asked), create; read the link, code and QR off the report."""
    for m in modules:
        page.get_by_label(module_label(m), exact=True).check()
    page.get_by_label("Label for your own list").fill(label)
    expect(page.get_by_label(PRE_CHECK, exact=True)).to_be_checked()
    page.get_by_label(PRE_CHECK, exact=True).set_checked(pre_check)
    click_button(page, "Create the link and code")
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)
    share = page.locator("section.share")
    link = share.locator("a.break").get_attribute("href")
    code = share.locator(".code").first.inner_text().strip()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/a/[A-Za-z0-9_\-]+", link), link
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code), code
    expect(share.get_by_role("link", name="Printable handout with the code and QR code")).to_be_visible()
    return {"link": link, "code": code, "report": page.url}


def join(page: Page, role_label: str, visit: Visit | None = None, module=MODULE) -> None:
    """On the welcome page: say who is reading and start, landing on the first part of the first topic;
    then go to the home page, which lists the assigned reading."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Reading from your care team")
    if visit:
        visit("welcome", page)
    page.get_by_label(role_label, exact=True).check()
    click_button(page, "Start reading")
    assert page.url.endswith(f"/m/{module.id}/read/{module.sections[0].id}"), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(module.sections[0].title)
    click_link(page, "Understanding gene therapy")
    expect(page.get_by_role("heading", name="Your reading")).to_be_visible()
    if visit:
        visit("home-assigned", page)


def enter_code(page: Page, code: str) -> None:
    page.get_by_label("Your code").fill(code)
    click_button(page, "Open my reading")


def answer_over_http(page: Page, module=MODULE, right=first_try_right, retry: bool = True,
                     stop_after: int | None = None) -> None:
    """Do the module as the browser's person (same cookie) over plain HTTP: read, answer, retry the misses."""
    http = Http(page)
    http.start(module)
    missed = http.answer_from(module, 0, right, stop_after, confidence=lambda i: "sure" if i % 2 else "unsure")
    if retry and missed:
        http.open_retry(module)
        http.retry(module, [q.retry_question for q in missed], retry_right)  # the retry asks each sibling


class ClinicianWalk:
    """A clinician signs in, assigns MODULE, a patient (by link) and a caregiver (by code) answer, the clinician
    reads the report, the list and the statistics, and signs out. `visit` sees every distinct page once."""

    def __init__(self, people, account: dict, visit: Visit | None = None, **page_options):
        self.people, self.account, self.page_options = people, account, page_options
        self.visit = visit or (lambda kind, page: None)
        self.seen: list[str] = []
        self.label = f"Tuesday 2 pm consult {next(_labels)}"

    def report(self, kind: str, page: Page) -> None:
        self.seen.append(kind)
        self.visit(kind, page)

    def run(self) -> "ClinicianWalk":
        doc = self.people.new_page(**self.page_options)
        doc.goto("/clinician/")
        expect(doc.get_by_role("heading", level=1)).to_have_text("Sign in for clinicians")
        self.report("clinician-login", doc)
        sign_in(doc, self.account, password="not the password at all")
        expect(doc.get_by_role("alert")).to_contain_text("do not match")
        self.report("clinician-login-error", doc)
        sign_in(doc, self.account)
        expect(doc.get_by_role("heading", level=1)).to_have_text("Your assignments")
        self.report("clinician-assignments-empty", doc)

        click_link(doc, "New assignment")
        self.report("clinician-new", doc)
        click_button(doc, "Create the link and code")  # nothing picked: the form says so
        expect(doc.get_by_role("alert").first).to_contain_text("Please pick at least one topic")
        self.report("clinician-new-error", doc)
        self.share = create_assignment(doc, [MODULE], self.label)
        self.report("clinician-report-empty", doc)
        click_link(doc, "Printable handout with the code and QR code")
        expect(doc.locator("main")).to_contain_text(self.share["code"])
        self.report("clinician-handout", doc)
        click_link(doc, "Back to the report")

        patient = self.people.new_page(**self.page_options)
        patient.goto(self.share["link"])
        join(patient, "I am the patient", self.report)
        answer_over_http(patient)

        caregiver = self.people.new_page(**self.page_options)
        caregiver.goto("/")
        enter_code(caregiver, "ZZZZ-ZZZZ")
        expect(caregiver.get_by_role("heading", level=1)).to_have_text("That code did not work")
        expect(caregiver.get_by_role("alert")).to_contain_text("Please check each letter and number")
        self.report("home-code-error", caregiver)
        enter_code(caregiver, self.share["code"].lower().replace("-", " "))
        join(caregiver, "I am a family member or caregiver")
        answer_over_http(caregiver, right=lambda i: i != 0, retry=False, stop_after=3)

        doc.reload()
        expect(doc.locator("main")).to_contain_text("Caregiver 1")
        self.report("clinician-report", doc)
        click_link(doc, "Every answer, question by question")
        expect(doc.locator("table.questions").first).to_be_visible()
        self.report("clinician-answers", doc)
        click_link(doc, "Back to the report")
        click_link(doc, "Assignments")
        expect(doc.locator("main")).to_contain_text(self.label)
        self.report("clinician-assignments", doc)
        click_link(doc, "Question statistics")
        self.report("clinician-stats", doc)
        click_button(doc, "Sign out")
        expect(doc.get_by_role("heading", level=1)).to_have_text("Sign in for clinicians")
        self.report("clinician-signed-out", doc)
        return self
