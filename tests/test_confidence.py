"""How sure the reader is, asked inside the answer step: two submit buttons, never a separate row to skip."""
from __future__ import annotations

import html
import re

import pytest

from tests.helpers import Patient, rows, token


@pytest.fixture
def started(client):
    p = Patient(client)
    p.start()
    return p


def test_the_answer_step_is_two_buttons_that_each_say_how_sure(client, started):
    page = client.get("/m/demo/q/demo-q1").text
    buttons = re.findall(r'<button type="submit" name="confidence" value="([^"]+)"[^>]*aria-label="([^"]+)">'
                         r'<span class="check-word" aria-hidden="true">Check: </span>([^<]+)</button>', page)
    assert [(v, html.unescape(name), html.unescape(shown)) for v, name, shown in buttons] == [
        ("sure", "Check – I'm sure", "I'm sure"), ("unsure", "Check – I'm guessing", "I'm guessing")]
    assert 'name="confidence" type="radio"' not in page and 'type="radio" name="confidence"' not in page


def test_the_buttons_speak_spanish(app):
    c = app.test_client()
    c.get("/language/es?next=/")
    Patient(c).start()
    page = c.get("/m/demo/q/demo-q1").text
    assert "Comprobar: lo sé" in page and "Comprobar: adivino" in page


@pytest.mark.parametrize("confidence", ["sure", "unsure"])
def test_each_button_stores_the_answer_with_its_sureness(app, started, confidence):
    assert started.answer("demo-q1", "recipe-protein", confidence).status_code == 303
    (stored,) = rows(app)
    assert stored.confidence == confidence and stored.correct


def test_an_answer_without_a_sureness_is_refused_and_nothing_is_stored(app, client, started):
    resp = started.answer("demo-q1", "recipe-protein", confidence=None)
    assert resp.status_code == 400
    assert "Please press “Check – I'm sure” or “Check – I'm guessing”. Nothing was saved." in html.unescape(resp.text)
    assert 'value="recipe-protein" checked' in resp.text  # the choice stays on screen
    assert rows(app) == []


@pytest.mark.parametrize("bad", ["certain", "SURE", "sure ", "0"])
def test_an_unknown_sureness_is_refused_and_nothing_is_stored(app, started, bad):
    resp = started.answer("demo-q1", "recipe-protein", confidence=bad)
    assert resp.status_code == 400 and "Nothing was saved" in resp.text
    assert rows(app) == []


def test_two_sureness_values_at_once_are_refused(app, client, started):
    page = client.get("/m/demo/q/demo-q1").text
    resp = client.post("/m/demo/q/demo-q1", data={"csrf_token": token(page), "choice": "recipe-protein",
                                                  "confidence": ["sure", "maybe"]})
    assert resp.status_code in (303, 400)
    assert all(r.confidence in ("sure", "unsure") for r in rows(app))


def test_i_dont_know_yet_needs_no_sureness_and_stores_none(app, started):
    assert started.answer("demo-q1", "dont-know", confidence=None).status_code == 303
    (stored,) = rows(app)
    assert stored.choice == "dont-know" and stored.confidence is None and not stored.correct


def test_i_dont_know_yet_with_a_button_pressed_stores_no_sureness(app, started):
    assert started.answer("demo-q1", "dont-know", confidence="sure").status_code == 303
    assert rows(app)[0].confidence is None


def test_i_dont_know_yet_gets_a_neutral_heading_never_not_quite(client, started):
    resp = started.answer("demo-q1", "dont-know", confidence=None)
    page = client.get(resp.headers["Location"]).text
    assert "Here is the answer" in page and "verdict-neutral" in page
    assert "Not quite" not in page and "✘" not in page and "card-wrong" not in page


def test_a_wrong_answer_still_says_not_quite(client, started):
    resp = started.answer("demo-q1", "copy-virus", confidence="unsure")
    assert "Not quite" in client.get(resp.headers["Location"]).text
