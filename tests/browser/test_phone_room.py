"""Room for the reading on a phone, in English and Spanish: on a wrong answer the best answer shows above the
next-step bar; the header, progress and bar take at most 35 % of a 375×667 screen; the bar's button is one line;
with text at 200 % the page's heading is on the first screen; on its side (667×375) the phone shows the heading
and a line of text; the results page puts its next step on the first screen."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .axe import describe, violations
from .conftest import MODULE, SCREENSHOTS
from .patient import Http, navigate

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
LANDSCAPE = {**PHONE, "viewport": {"width": 667, "height": 375}}
LANGUAGES = ("en", "es")
WORDS = {
    "en": {"best": "The best answer:", "retry": "Try the ones you missed again", "sheet": "Open my consult sheet",
           "next_topic": "Next topic"},
    "es": {"best": "La mejor respuesta:", "retry": "Intentar otra vez las que no acertó",
           "sheet": "Abrir mi hoja para la consulta", "next_topic": "Tema siguiente"},
}
MOST_FURNITURE = 0.35

# Where things sit on the screen as first shown: the bar's top, the furniture's height, the lines of the bar's button.
MEASURE = """() => {
  const box = (sel) => { const el = document.querySelector(sel); return el ? el.getBoundingClientRect() : null; };
  const bar = box('.next-bar'), header = box('header.site'), progress = document.querySelector('.progress');
  /* the header, the room above the progress and the progress itself: everything from the top of the screen */
  const top = progress ? progress.getBoundingClientRect().bottom + parseFloat(getComputedStyle(progress).marginBottom)
                       : (header ? header.bottom : 0);
  const button = document.querySelector('.next-bar .button');
  const range = document.createRange();
  if (button) range.selectNodeContents(button);
  const lines = button ? new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size : 0;
  const sticky = bar && getComputedStyle(document.querySelector('.next-bar')).position === 'sticky';
  return {barTop: bar && sticky ? Math.min(bar.top, innerHeight) : innerHeight,
          barHeight: bar && sticky ? bar.height : 0, top, lines, height: innerHeight};
}"""
BOTTOM_OF = "(el) => el.getBoundingClientRect().bottom"
TOP_OF = "(el) => el.getBoundingClientRect().top"
LARGE_TEXT = """() => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('html { font-size: 225% !important; }');  /* twice the page's own 112.5 % */
  document.adoptedStyleSheets = [sheet];
}"""


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"phone-room-{name}.png"))


def reader(people, lang: str, **options) -> tuple[Page, Http]:
    """A new reader on a phone in the given language, with the topic started over plain HTTP."""
    page = people.new_page(**options)
    page.goto(f"/language/{lang}?next=/")
    http = Http(page)
    http.start(MODULE)
    hand_back(page, http)
    return page, http


def hand_back(page: Page, http: Http) -> None:
    """Give the browser the cookie the plain-HTTP reader now has."""
    base = page.url.split("/", 3)[:3]
    page.context.add_cookies([{"name": "quizapp", "value": http.client.cookies["quizapp"], "url": "/".join(base)}])


def answer_wrong(page: Page, http: Http, index: int) -> str:
    """Answer question `index` wrong over HTTP (reading its part first); return its feedback page's address."""
    q = MODULE.questions[index]
    assert http.client.get(f"/m/{MODULE.id}/read/{q.section_id}").status == 200
    wrong = next(c for c in q.choices if not c.correct and not c.unknown)
    assert http.post_form(f"/m/{MODULE.id}/q/{q.id}", choice=wrong.id, confidence="sure") == 303, q.id
    return f"/m/{MODULE.id}/q/{q.id}/feedback"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_every_wrong_answer_the_best_answer_shows_above_the_bar_and_the_furniture_takes_little_room(people, lang):
    page, http = reader(people, lang, **PHONE)
    problems = []
    for index in range(len(MODULE.questions)):
        page.goto(answer_wrong(page, http, index))
        expect(page.locator("h1")).to_have_class("verdict verdict-wrong")
        if index == 0:
            shot(page, f"feedback-wrong-{lang}")
            assert not (found := violations(page)), describe(page.url, found)
        room = page.evaluate(MEASURE)
        best = page.locator(".best-answer p").first
        expect(best).to_contain_text(WORDS[lang]["best"])
        if best.evaluate(BOTTOM_OF) > room["barTop"]:
            problems.append(f"question {index + 1}: the best answer ends at {best.evaluate(BOTTOM_OF):.0f}, "
                            f"below the bar's top at {room['barTop']:.0f}")
        furniture = room["top"] + room["barHeight"]
        if furniture > MOST_FURNITURE * room["height"]:
            problems.append(f"question {index + 1}: header, progress and bar take {furniture:.0f} px "
                            f"({furniture / room['height']:.0%})")
        if room["lines"] != 1:
            problems.append(f"question {index + 1}: the bar's button takes {room['lines']} lines")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reading_and_question_pages_leave_at_least_65_percent_of_a_phone_screen_to_the_content(people, lang):
    page, http = reader(people, lang, **PHONE)
    first = MODULE.questions[0]
    for kind, path in (("read", f"/m/{MODULE.id}/read/{first.section_id}"), ("question", f"/m/{MODULE.id}/q/{first.id}")):
        page.goto(path)
        room = page.evaluate(MEASURE)
        furniture = room["top"] + room["barHeight"]
        shot(page, f"{kind}-{lang}")
        assert furniture <= MOST_FURNITURE * room["height"], (kind, room)
        assert room["lines"] == 1, (kind, room)


def heading_of(page: Page):
    """The words that head the page: the question itself on a question page, else the h1."""
    legend = page.locator("legend.prompt")
    return legend if legend.count() else page.locator("h1")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_with_text_at_200_percent_the_heading_is_still_on_the_first_screen(people, lang):
    page, http = reader(people, lang, **PHONE)
    first = MODULE.questions[0]
    feedback = answer_wrong(page, http, 0)
    for kind, path in (("read", f"/m/{MODULE.id}/read/{first.section_id}"), ("feedback", feedback),
                       ("question", f"/m/{MODULE.id}/q/{MODULE.questions[1].id}")):
        if kind == "question":
            http.client.get(f"/m/{MODULE.id}/read/{MODULE.questions[1].section_id}")
        page.goto(path)
        page.evaluate(LARGE_TEXT)
        room = page.evaluate(MEASURE)
        heading = heading_of(page)
        shot(page, f"text200-{kind}-{lang}")
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), f"{kind} scrolls sideways"
        assert heading.evaluate(TOP_OF) >= 0, kind
        assert heading.evaluate(BOTTOM_OF) <= room["barTop"], (kind, heading.evaluate(BOTTOM_OF), room)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_phone_on_its_side_shows_the_heading_and_a_line_of_text(people, lang):
    page, http = reader(people, lang, **LANDSCAPE)
    first = MODULE.questions[0]
    page.goto(f"/m/{MODULE.id}/read/{first.section_id}")
    page.goto(f"/m/{MODULE.id}/q/{first.id}")
    shot(page, f"landscape-question-{lang}")
    room = page.evaluate(MEASURE)
    prompt = page.locator("legend.prompt")
    first_choice = page.locator(".question .choice label").first
    assert prompt.evaluate(BOTTOM_OF) <= room["barTop"], room
    assert first_choice.evaluate(TOP_OF) + 24 <= room["barTop"], "no line of a choice shows"
    page.goto(answer_wrong(page, http, 0))
    shot(page, f"landscape-feedback-{lang}")
    room = page.evaluate(MEASURE)
    line = page.locator(".best-answer p").first
    assert page.locator("h1").evaluate(BOTTOM_OF) <= room["barTop"], room
    assert line.evaluate(TOP_OF) + 24 <= room["barTop"], "no line of the best answer shows"


ON_SCREEN = """(el) => {
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return r.top >= 0 && r.bottom <= innerHeight && (hit === el || el.contains(hit));
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_results_page_puts_its_next_step_on_the_first_phone_screen(people, lang):
    page, http = reader(people, lang, **PHONE)
    missed = http.answer_from(MODULE, 0, lambda i: i % 2 == 0)  # half wrong: a long page of ideas to look at again
    assert missed
    page.goto(f"/m/{MODULE.id}/results")
    shot(page, f"results-first-{lang}")
    retry = page.get_by_role("button", name=WORDS[lang]["retry"])
    assert retry.evaluate(ON_SCREEN), "the second try is not on the first screen"
    assert not (found := violations(page)), describe(page.url, found)
    navigate(page, retry.click)
    http.retry(MODULE, [q.retry_question for q in missed], lambda n: True)
    page.goto(f"/m/{MODULE.id}/results")
    shot(page, f"results-after-retry-{lang}")
    for name in ("sheet", "next_topic"):
        link = page.get_by_role("link", name=WORDS[lang][name], exact=True)
        assert link.evaluate(ON_SCREEN), f"{WORDS[lang][name]!r} is not on the first screen"
    assert not (found := violations(page)), describe(page.url, found)
    navigate(page, page.get_by_role("link", name=WORDS[lang]["sheet"], exact=True).click)
    assert page.url.endswith("/sheet")
