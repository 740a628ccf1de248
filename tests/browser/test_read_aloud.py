"""Read aloud with the browser's own speech, stubbed: "Listen" queues the part sentence by sentence in the page's
language and voice, highlights the sentence being read, pauses and resumes from the keyboard, and is absent where
the browser has no speech. The stub stands in for speechSynthesis, so nothing is spoken and no voice is needed."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .axe import describe, violations
from .conftest import MODULE, SCREENSHOTS
from .patient import Http

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SECTION = MODULE.sections[0]
WORDS = {"en": ("Listen", "Pause", "Resume", "Stop"), "es": ("Escuchar", "Pausa", "Seguir", "Detener")}

# A speechSynthesis that records what it is asked to say, with one English and one Spanish voice.
STUB = """(() => {
  const log = window.__speech = {queued: [], paused: false, cancelled: 0};
  class Utterance { constructor(text) { this.text = text; this.lang = ''; this.voice = null; } }
  window.SpeechSynthesisUtterance = Utterance;
  const voices = [{name: 'Stub English', lang: 'en-US'}, {name: 'Stub Spanish', lang: 'es-ES'}];
  Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
    speak(u) { log.queued.push(u); }, cancel() { log.cancelled++; log.queued = []; },
    pause() { log.paused = true; }, resume() { log.paused = false; }, getVoices() { return voices; },
    get speaking() { return log.queued.length > 0; }, get paused() { return log.paused; }}});
})();"""
NO_SPEECH = "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"
QUEUED = "() => window.__speech.queued.map((u) => ({text: u.text, lang: u.lang, voice: u.voice && u.voice.name}))"
HIGHLIGHTED = """() => { const h = CSS.highlights.get('listen'); if (!h) return null;
  const [range] = [...h]; return {text: range.toString().replace(/\\s+/g, ' ').trim(),
  block: document.querySelectorAll('.listen-now').length}; }"""


def reader(people, lang: str, script: str = STUB) -> Page:
    page = people.new_page(**PHONE)
    page.add_init_script(script)
    page.goto(f"/language/{lang}?next=/")
    http = Http(page)
    http.start(MODULE)
    base = page.url.split("/", 3)[:3]
    page.context.add_cookies([{"name": "quizapp", "value": http.client.cookies["quizapp"], "url": "/".join(base)}])
    return page


@pytest.mark.parametrize("lang", ["en", "es"])
def test_listen_reads_the_part_sentence_by_sentence_and_highlights_the_one_being_read(people, lang):
    listen, pause, resume, stop = WORDS[lang]
    page = reader(people, lang)
    page.goto(f"/m/{MODULE.id}/read/{SECTION.id}")
    expect(page.get_by_role("button", name=listen, exact=True)).to_be_visible()
    button = page.locator("#listen button.listen-main")  # the same button, whatever it says now
    assert not (found := violations(page)), describe(page.url, found)
    button.focus()
    page.keyboard.press("Enter")
    queued = page.evaluate(QUEUED)
    title = page.locator("h1").inner_text().strip()
    assert queued[0]["text"] == title, "the part's title comes first"
    assert len(queued) > 5 and all(q["lang"] == lang for q in queued[1:3])
    assert all(q["voice"] == ("Stub Spanish" if lang == "es" else "Stub English") for q in queued if q["lang"] == lang)
    body = [q["text"] for q in queued[1:]]
    assert all(len(t) < 400 for t in body), "one sentence at a time, not whole paragraphs"
    assert any(t.endswith((".", "?", "!", ":")) for t in body) and len(body) > len(page.locator("article p").all())
    assert not any(q["text"].startswith(("Sources:", "Fuentes:")) for q in queued), "fine print is not read"

    page.evaluate("() => window.__speech.queued[0].onstart()")
    assert page.evaluate(HIGHLIGHTED) == {"text": title, "block": 1}
    page.evaluate("() => { const q = window.__speech.queued; q[0].onend(); q[1].onstart(); }")
    assert page.evaluate(HIGHLIGHTED)["text"] == queued[1]["text"]
    expect(page.locator(".listen-now")).to_have_count(1)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"read-aloud-{lang}.png"))

    expect(button).to_have_text(pause)
    page.keyboard.press("Space")
    assert page.evaluate("window.__speech.paused") is True
    expect(button).to_have_text(resume)
    expect(page.get_by_role("status")).not_to_have_text("")
    page.keyboard.press("Enter")
    assert page.evaluate("window.__speech.paused") is False
    page.get_by_role("button", name=stop, exact=True).click()
    assert page.evaluate(HIGHLIGHTED) is None
    expect(button).to_have_text(listen)
    expect(button).to_be_focused()


def test_on_a_question_page_listen_reads_the_question_and_its_choices(people):
    page = reader(people, "en")
    page.goto(f"/m/{MODULE.id}/read/{SECTION.id}")
    question = SECTION.questions[0]
    page.goto(f"/m/{MODULE.id}/q/{question.id}")
    page.get_by_role("button", name="Listen", exact=True).click()
    said = [q["text"] for q in page.evaluate(QUEUED)]
    assert said[0] == question.prompt.strip()
    assert all(c.text in said for c in question.choices)
    assert not (found := violations(page)), describe(page.url, found)


def test_without_speech_in_the_browser_there_is_no_listen_control(people):
    page = reader(people, "en", NO_SPEECH)
    page.goto(f"/m/{MODULE.id}/read/{SECTION.id}")
    expect(page.locator("h1")).to_have_text(SECTION.title)
    expect(page.get_by_role("button", name="Listen")).to_have_count(0)
    expect(page.locator("#listen")).to_be_hidden()
