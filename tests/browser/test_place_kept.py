"""Your place kept, on a 375×667 phone in English and Spanish: the personal code shows on the consult sheet's first
screen, the same role again on the same phone carries on as that reader, and typing the code on another browser
brings back the place and the answers, with no second person in the report and no axe violation."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from quizapp.models import Participant

from .axe import describe, violations
from .conftest import MODULE, SCREENSHOTS
from .family import make_assignment
from .patient import Http, navigate

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
WORDS = {"en": {"continue": "Continue where you left off", "someone": "Someone else reading on this device?",
                "back": "Welcome back: you carry on where you left off"},
         "es": {"continue": "Siga donde lo dejó", "someone": "¿Otra persona va a leer en este aparato?",
                "back": "Bienvenido de nuevo: sigue donde lo dejó"}}
ON_SCREEN = """(el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"""


def check(page: Page, name: str) -> None:
    """Save a screenshot and fail on any axe violation."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"place-kept-{name}.png"))
    assert not (found := violations(page)), describe(page.url, found)


def people_on(live_app, assignment_id: int) -> int:
    with live_app.extensions["db"].sessions() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Participant)
                        .where(Participant.assignment_id == assignment_id))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_readers_place_is_kept_on_the_same_phone_and_by_their_code_on_another(people, live_app, clinician, lang):
    share = make_assignment(live_app, clinician["email"])
    phone = people.new_page(**PHONE)
    phone.goto(f"/language/{lang}?next={share['link']}")
    phone.locator("input[name=role][value=patient]").check()
    navigate(phone, phone.locator("form.join button[type=submit]").click)
    http = Http(phone)
    http.answer_from(MODULE, 0, lambda i: False, stop_after=2, confidence=lambda i: "sure")

    phone.goto("/sheet")
    code = phone.locator(".resume-code .code")
    expect(code).to_have_text(re.compile(r"^[0-9A-Z]{5}-[0-9A-Z]{5}$"))
    assert code.evaluate(ON_SCREEN), "the personal code is not on the consult sheet's first screen"
    check(phone, f"sheet-{lang}")
    typed = code.inner_text()

    phone.goto(share["link"])  # the same patient taps the link in the text message again
    phone.get_by_text(WORDS[lang]["someone"]).click()
    phone.locator("input[name=role][value=patient]").check()
    check(phone, f"welcome-again-{lang}")
    navigate(phone, phone.locator("form.join button[type=submit]").click)
    expect(phone.locator(".notice")).to_contain_text(WORDS[lang]["back"])
    assert f"/m/{MODULE.id}/" in phone.url
    assert people_on(live_app, share["id"]) == 1, "picking the same role again made a second person"

    laptop = people.new_page(**PHONE)  # another browser: the messaging app's, or a new phone
    laptop.goto(f"/language/{lang}?next=/")
    laptop.locator("input[name=code]").fill(typed.lower())
    navigate(laptop, laptop.locator(".code-box button[type=submit]").click)
    resume = laptop.get_by_role("heading", name=WORDS[lang]["continue"])
    expect(resume).to_be_visible()
    assert resume.evaluate(ON_SCREEN)
    expect(laptop.locator("main")).to_contain_text("2")
    check(laptop, f"home-after-code-{lang}")
    laptop.goto("/sheet")
    expect(laptop.locator(".resume-code .code")).to_have_text(typed)
    assert laptop.locator(".sheet-asks li").count() == 2, "the answers came along"
    assert people_on(live_app, share["id"]) == 1
