"""The consult sheet of the in vivo topic, with its "call right away" card and 3-month tracker, still prints on one
page (A4 and US Letter) in English and Spanish; the card and the tracker pass axe on a phone."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .axe import describe, violations
from .conftest import CATALOGUE, SCREENSHOTS
from .patient import Http, first_try_right

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
TOPIC = CATALOGUE.module("how-it-is-given")


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_in_vivo_sheet_with_its_card_and_tracker_prints_on_one_page(people, lang):
    page = people.new_page(**PHONE)
    page.goto(f"/language/{lang}?next=/")
    http = Http(page)
    http.start(TOPIC)
    missed = http.answer_from(TOPIC, 0, first_try_right, confidence=lambda i: "sure")
    http.open_retry(TOPIC)
    http.retry(TOPIC, [q.retry_question for q in missed], lambda n: n % 2 == 0)
    base = page.url.split("/", 3)[:3]
    page.context.add_cookies([{"name": "quizapp", "value": http.client.cookies["quizapp"], "url": "/".join(base)}])
    page.goto("/sheet")
    expect(page.locator(".call-card .signs li")).to_have_count(4)
    expect(page.locator(".tracker table")).to_be_visible()
    assert not (found := violations(page)), describe(page.url, found)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator(".call-card").screenshot(path=str(SCREENSHOTS / f"call-card-{lang}.png"))
    page.emulate_media(media="print")
    for size in ("A4", "Letter"):
        pdf = page.pdf(format=size, print_background=False)
        (SCREENSHOTS / f"sheet-in-vivo-{lang}-{size}.pdf").write_bytes(pdf)
        assert pages(pdf) == 1, f"the {size} sheet takes {pages(pdf)} pages"
