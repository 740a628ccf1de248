"""On a 375×667 phone, each page's next step is on the first screen, without scrolling (element bounding boxes)."""
from __future__ import annotations

import pytest

from .conftest import SCREENSHOTS
from .family import CAREGIVER, PARENT, FamilyWalk, live  # noqa: F401 (live: the app with the clinic's name set)
from .patient import NEXT, Walk, once_per_kind

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 375, 667
PHONE = {"viewport": {"width": WIDTH, "height": HEIGHT}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
CODE = [("textbox", "Your code"), ("button", "Open my reading")]
# What must be on the first screen of each kind of page: (ARIA role, accessible name).
FIRST_SCREEN = {
    "home": CODE,
    "read": [("link", "Check your understanding")],
    "read-after-join": [("heading", None), ("link", "Check your understanding")],
    "question": [("button", "Check – I'm sure"), ("button", "Check – I'm guessing")],
    "question-first": [("button", "Check – I'm sure"), ("button", "Check – I'm guessing")],
    "retry-question": [("button", "Check – I'm sure"), ("button", "Check – I'm guessing")],
    "feedback-right": [("link", NEXT)],
    "feedback-wrong": [("link", NEXT)],
    "feedback-next": [("link", NEXT)],
    "retry-feedback-right": [("link", NEXT)],
    "retry-feedback-wrong": [("link", NEXT)],
    "welcome": [("group", "Who is reading?"), ("radio", "I am the patient"), ("radio", PARENT), ("radio", CAREGIVER),
                ("button", "Start reading")],
    "home-returning": [("heading", "Continue where you left off"), ("link", "Continue reading")],
    "home-switched": [("heading", "Continue where you left off"), ("link", "Continue reading")],
    "broken-link": [("heading", "This link does not work"), *CODE],
    "broken-code": [("heading", "That code did not work"), *CODE],
    "link-gone": [("heading", "This link no longer works"), *CODE],
    "closed": [("heading", "This reading has closed"), ("link", "See my consult sheet")],
}


# Not hidden behind the sticky bar or anything else: the element itself is what the middle and the foot of its box show.
UNCOVERED = """(el) => {
  const r = el.getBoundingClientRect();
  const labels = [...(el.labels || [])];
  const mine = (hit) => !!hit && (hit === el || el.contains(hit) || labels.some((l) => l.contains(hit)));
  return [r.top + r.height / 2, r.bottom - 2].every((y) => mine(document.elementFromPoint(r.left + r.width / 2, y)));
}"""


def first_screen_check(problems: list[str], checked: list[str]):
    """Return a page callback that measures where each wanted element sits on the page as first shown."""
    def check(kind, page):
        wanted = FIRST_SCREEN.get(kind)
        if wanted is None:
            return
        checked.append(kind)
        assert page.evaluate("scrollY") == 0, f"{kind} did not open at the top"
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"first-screen-{WIDTH}x{HEIGHT}-{kind}.png"))
        for role, name in wanted:
            options = {"level": 1} if role == "heading" and name is None else {}
            if name is not None:
                options.update(name=name, exact=True) if isinstance(name, str) else options.update(name=name)
            found = page.get_by_role(role, **options)
            box = found.first.bounding_box() if found.count() else None
            what = f"{kind} ({page.url}): {role} {getattr(name, 'pattern', name)!r}"
            if box is None:
                problems.append(f"{what} is not shown")
            elif box["y"] < 0 or box["y"] + box["height"] > HEIGHT or box["x"] < 0 or box["x"] + box["width"] > WIDTH:
                problems.append(f"{what} is at y={box['y']:.0f}..{box['y'] + box['height']:.0f}, "
                                f"off the first {WIDTH}x{HEIGHT} screen")
            elif not found.first.evaluate(UNCOVERED):
                problems.append(f"{what} is on the first screen but covered by something else")
    return check


def test_the_next_step_is_on_the_first_phone_screen_of_every_patient_page(people):
    problems, checked = [], []
    Walk(people.new_page(**PHONE), once_per_kind(first_screen_check(problems, checked)), quick=True).run()
    assert {"home", "read", "question", "feedback-right", "feedback-wrong", "retry-question"} <= set(checked), checked
    assert not problems, "below the fold on a phone:\n" + "\n".join(problems)


def test_joining_broken_links_and_a_closed_reading_show_their_next_step_on_the_first_phone_screen(people, live_app,
                                                                                                  clinician):
    problems, checked = [], []
    FamilyWalk(people, live_app, clinician, once_per_kind(first_screen_check(problems, checked)), **PHONE).run()
    assert {"welcome", "read-after-join", "home-returning", "broken-link", "link-gone", "closed"} <= set(checked)
    assert not problems, "below the fold on a phone:\n" + "\n".join(problems)
