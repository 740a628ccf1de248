"""A family on one phone, in a real browser: joining from the clinic's link, a second reader on the same phone,
switching back, broken links and codes, and what stays after the care team closes the reading.

`FamilyWalk` calls back on each distinct page it meets (see FAMILY_KINDS), like the patient and clinician walks.
Assignments are made and revoked in-process on the live server's database, so these walks do not depend on the
clinician's pages.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from quizapp import assigning
from quizapp.store import clinicians
from tests.live import Gunicorn

from .conftest import MODULE, QUESTIONS
from .patient import NEXT, Http, Visit, click_button, click_link, first_try_right

FAMILY_KINDS = ("welcome", "read-after-join", "feedback-next", "home-returning", "welcome-again", "question-first",
                "readers", "home-switched", "sheet-asks", "broken-link", "broken-code", "link-gone",
                "home-closed", "sheet-after-close", "closed")
CAREGIVER, PARENT = "I am a family member or caregiver", "I am a parent or guardian of the patient"
CLINIC, PHONE = "Gene Therapy Clinic, St Example", "+1 555 010 0199"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The app under gunicorn with the clinic's name and phone set, as a clinic would run it."""
    server = Gunicorn(tmp_path_factory.mktemp("live"), QUESTIONS, workers=2)
    server.env.update(QUIZAPP_CLINIC_NAME=CLINIC, QUIZAPP_CLINIC_PHONE=PHONE)
    with server:
        yield server


def make_assignment(live_app, email: str, modules=(MODULE,)) -> dict:
    """Create an assignment for this clinician straight in the database; return its id, link path and code."""
    token, code = assigning.new_token(), assigning.new_code()
    with live_app.extensions["db"].sessions() as s:
        doctor = clinicians.clinician_by_email(s, email)
        a = clinicians.create_assignment(s, doctor.id, [m.id for m in modules], "family walk", 30, token, code)
        s.commit()
        return {"id": a.id, "link": f"/a/{token}", "code": assigning.display_code(code)}


def revoke(live_app, assignment_id: int) -> None:
    """Revoke an assignment as the clinician's button does."""
    with live_app.extensions["db"].sessions() as s:
        clinicians.revoke_assignment(s, assignment_id)
        s.commit()


def answer_first_question(page: Page, module=MODULE, right: bool = False) -> None:
    """From the first part: check understanding, pick an answer (wrong ones "sure"), and land on its feedback."""
    q = module.questions[0]
    click_link(page, "Check your understanding")
    choice = q.correct_choice if right else next(c for c in q.choices if not c.correct)
    page.get_by_label(choice.text, exact=True).check()
    click_button(page, "Check – I'm sure")


class FamilyWalk:
    """A caregiver joins on a phone, a parent joins on the same phone, they switch, and the link is revoked."""

    def __init__(self, people, live_app, account: dict, visit: Visit | None = None, **page_options):
        self.people, self.live_app, self.account, self.page_options = people, live_app, account, page_options
        self.visit = visit or (lambda kind, page: None)
        self.seen: list[str] = []

    def report(self, kind: str, page: Page) -> None:
        self.seen.append(kind)
        self.visit(kind, page)

    def run(self) -> "FamilyWalk":
        share = make_assignment(self.live_app, self.account["email"])
        phone = self.people.new_page(**self.page_options)
        phone.goto(share["link"])
        expect(phone.get_by_role("heading", level=1)).to_have_text("Reading from your care team")
        self.report("welcome", phone)
        phone.get_by_label(CAREGIVER, exact=True).check()
        click_button(phone, "Start reading")
        expect(phone.get_by_role("heading", level=1)).to_have_text(MODULE.sections[0].title)
        self.report("read-after-join", phone)
        answer_first_question(phone)
        expect(phone.get_by_role("link", name=NEXT)).to_be_visible()
        self.report("feedback-next", phone)
        click_link(phone, "Understanding gene therapy")
        expect(phone.get_by_role("heading", name="Continue where you left off")).to_be_visible()
        self.report("home-returning", phone)

        phone.goto(share["link"])  # the parent picks up the same phone and opens the same link
        expect(phone.locator("main")).to_contain_text("already reading as a family member or caregiver")
        self.report("welcome-again", phone)
        phone.get_by_text("Someone else reading on this device?").click()  # folded: someone new is a choice
        phone.get_by_label(PARENT, exact=True).check()
        click_button(phone, "Go on")
        expect(phone.get_by_role("heading", level=1)).to_have_text(MODULE.sections[0].title)
        click_link(phone, "Check your understanding")
        self.report("question-first", phone)
        click_link(phone, "Who is reading now?")
        self.report("readers", phone)
        click_button(phone, "Read as a family member or caregiver")
        expect(phone.locator("main")).to_contain_text(f"1 of {len(MODULE.questions)} questions answered")
        self.report("home-switched", phone)
        click_link(phone, "My consult sheet")
        expect(phone.locator("main")).to_contain_text("I felt sure.")
        expect(phone.get_by_role("button", name="Print or save as PDF")).to_be_visible()  # added by print.js
        self.report("sheet-asks", phone)

        stranger = self.people.new_page(**self.page_options)
        assert stranger.goto("/a/" + "x" * 22).status == 404
        expect(stranger.get_by_role("heading", level=1)).to_have_text("This link does not work")
        self.report("broken-link", stranger)
        stranger.get_by_label("Your code").fill("ZZZZ-ZZZZ")
        click_button(stranger, "Open my reading")
        expect(stranger.get_by_role("heading", level=1)).to_have_text("That code did not work")
        self.report("broken-code", stranger)

        revoke(self.live_app, share["id"])
        assert phone.goto(share["link"]).status == 410
        expect(phone.get_by_role("heading", level=1)).to_have_text("This link no longer works")
        self.report("link-gone", phone)
        click_link(phone, "go to my topics")
        expect(phone.locator("main")).to_contain_text("closed this reading")
        self.report("home-closed", phone)
        click_link(phone, "My consult sheet")
        expect(phone.locator("main")).to_contain_text(MODULE.title)
        expect(phone.locator("main")).to_contain_text("I felt sure.")
        self.report("sheet-after-close", phone)
        second = MODULE.questions[1]
        assert phone.goto(f"/m/{MODULE.id}/q/{second.id}").status == 403
        expect(phone.get_by_role("heading", level=1)).to_have_text("This reading has closed")
        self.report("closed", phone)
        return self


def read_everything(page: Page, modules, confidence=lambda i: "sure" if i % 2 else "unsure") -> None:
    """As the browser's own reader (same cookie), do every topic over HTTP: every third wrong, retry the misses."""
    http = Http(page)
    for module in modules:
        http.start(module)
        missed = http.answer_from(module, 0, first_try_right, confidence=confidence)
        if missed:
            http.open_retry(module)
            http.retry(module, [q.retry_question for q in missed], lambda n: n % 2 == 0)
    # Starting made the person: hand the cookie that names them back to the browser.
    url = page.url.split("/", 3)[:3]
    page.context.add_cookies([{"name": "quizapp", "value": http.client.cookies["quizapp"], "url": "/".join(url)}])
