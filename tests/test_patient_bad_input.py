"""Every bad input gets a clear message and a 4xx, never a 500, and nothing is stored."""
from __future__ import annotations

import pytest

from tests.helpers import Patient, attempts, rows, token


@pytest.mark.parametrize("url", ["/m/nope", "/m/nope/read/one", "/m/demo/read/nope", "/m/demo/q/nope",
                                 "/m/demo/retry/nope", "/m/demo/q/nope/feedback", "/m/nope/results"])
def test_unknown_module_section_or_question_is_a_friendly_404(client, url):
    Patient(client).start()
    resp = client.get(url)
    assert resp.status_code == 404
    assert "We could not find that page" in resp.text and "Traceback" not in resp.text


def test_choice_from_another_question_is_refused_with_400_and_nothing_stored(app, client):
    p = Patient(client)
    p.start()
    resp = p.answer("demo-q1", "z")
    assert resp.status_code == 400
    assert "not one of the choices" in resp.text
    assert rows(app) == []


def test_missing_choice_re_renders_the_question_with_a_message_and_400(app, client):
    p = Patient(client)
    p.start()
    resp = p.answer("demo-q1", None, confidence="unsure")
    assert resp.status_code == 400
    assert "Please choose one answer." in resp.text
    assert rows(app) == []


def test_unknown_confidence_value_is_refused_and_nothing_stored(app, client):
    p = Patient(client)
    p.start()
    resp = p.answer("demo-q1", "recipe-protein", confidence="certain-ish")
    assert resp.status_code == 400 and "Check – I" in resp.text and "Nothing was saved" in resp.text
    assert rows(app) == []


def test_tampered_cookie_answer_is_refused_with_400_and_nothing_stored(app, client):
    p = Patient(client)
    p.start()
    page = client.get("/m/demo/q/demo-q1").text
    cookie = client.get_cookie("quizapp").value
    client.set_cookie("quizapp", cookie[:-3] + ("aaa" if not cookie.endswith("aaa") else "bbb"))
    resp = client.post("/m/demo/q/demo-q1", data={"csrf_token": token(page), "confidence": "sure", "choice": "recipe-protein"})
    assert resp.status_code == 400
    assert rows(app) == []


def test_answer_without_any_cookie_is_refused_with_a_clear_message(app, client):
    p = Patient(client)
    p.start()
    page = client.get("/m/demo/q/demo-q1").text
    fresh = app.test_client()
    resp = fresh.post("/m/demo/q/demo-q1", data={"csrf_token": token(page), "confidence": "sure", "choice": "recipe-protein"})
    assert resp.status_code == 400
    assert rows(app) == []


def test_posted_score_and_attempt_id_are_ignored(app, client):
    p = Patient(client)
    p.start()
    wrong = "copy-virus"
    resp = p.answer("demo-q1", wrong, score="100", correct="1", attempt_id="1", first_correct="4")
    assert resp.status_code == 303
    (answer,) = rows(app)
    assert answer.correct is False
    (attempt,) = attempts(app)
    assert attempt.first_correct == 0


def test_start_without_csrf_token_is_400_and_creates_nothing(app, client):
    resp = client.post("/m/demo/start", data={})
    assert resp.status_code == 400 and "send it again" in resp.text
    assert attempts(app) == []


def test_oversized_post_is_refused_with_413(client):
    resp = client.post("/m/demo/start", data={"x": "a" * 70_000})
    assert resp.status_code == 413


def test_get_only_pages_refuse_posts_with_405_page(client):
    resp = client.post("/glossary", data={})
    assert resp.status_code == 405 and "Please use the buttons on the page." in resp.text
