"""Whole patient flows through the test client: read, answer, feedback, results, retry, resume."""
from __future__ import annotations

import re

from quizapp.content import catalogue
from tests.helpers import Patient, attempts, rows, token


def demo(app):
    with app.app_context():
        return catalogue().module("demo")


def test_home_says_education_not_advice_and_lists_modules_with_minutes(client):
    page = client.get("/").text
    assert "education, not medical advice" in page
    assert "Demo module" in page and "About 5 minutes · 4 questions" in page
    assert 'name="code"' in page


def test_start_goes_to_first_reading_then_its_first_question(client):
    resp = Patient(client).start()
    assert resp.status_code == 303 and resp.headers["Location"] == "/m/demo/read/one"
    page = client.get("/m/demo/read/one").text
    assert "Check your understanding" in page and 'href="/m/demo/q/demo-q1"' in page
    assert "<dfn" in page and "Words to know" in page


def test_question_page_is_a_radio_group_with_legend_confidence_and_progress(client):
    Patient(client).start()
    page = client.get("/m/demo/q/demo-q1").text
    values = re.findall(r'type="radio" name="choice" id="choice-[^"]+" value="([^"]+)"', page)
    assert "<fieldset" in page and "<legend" in page and len(values) == 4
    assert values[-1] == "dont-know" and "I don&#39;t know yet" in page
    assert 'name="confidence" value="sure"' in page and 'name="confidence" value="unsure"' in page
    assert "Question 1 of 4" in page and "<progress" in page
    scripts = re.findall(r"<script[^>]*>", page)  # only the read-aloud file of our own, which only adds a button
    assert len(scripts) == 1 and 'src="/static/listen.js' in scripts[0] and " defer" in scripts[0]


def test_completing_module_stores_every_answer_and_scores_computed_on_server(app, client):
    mod = demo(app)
    Patient(client).finish(mod, right={"demo-q1", "demo-q3"})
    stored = rows(app)
    assert len(stored) == 4 and {a.round for a in stored} == {1}
    assert sum(a.correct for a in stored) == 2
    assert all(a.content_hash == mod.question(a.question_id).content_hash for a in stored)
    (attempt,) = attempts(app)
    assert attempt.first_correct == 2 and attempt.question_count == 4 and attempt.finished_at is not None
    page = client.get("/m/demo/results").text
    assert "2 of 4" in page and "Try the ones you missed again" in page
    assert "Genes and DNA" in page and "1 of 2" in page


def test_feedback_says_right_or_wrong_in_words_and_icon_with_correct_answer(app, client):
    mod = demo(app)
    p = Patient(client)
    p.start()
    wrong = next(c for c in mod.question("demo-q1").choices if not c.correct)
    resp = p.answer("demo-q1", wrong.id)
    page = client.get(resp.headers["Location"]).text
    assert "Not quite" in page and "✘" in page
    assert wrong.feedback in page and "The best answer:" in page and "A recipe for a protein" in page
    assert "Genes are recipes." in page
    resp = p.answer("demo-q2", mod.question("demo-q2").correct_choice.id)
    page = client.get(resp.headers["Location"]).text
    assert "That's right" in page and "✔" in page


def test_double_submit_stores_one_answer_and_shows_same_feedback(app, client):
    mod = demo(app)
    p = Patient(client)
    p.start()
    page = client.get("/m/demo/q/demo-q1").text
    right = mod.question("demo-q1").correct_choice.id
    wrong = next(c.id for c in mod.question("demo-q1").choices if not c.correct)
    first = client.post("/m/demo/q/demo-q1", data={"csrf_token": token(page), "confidence": "sure", "choice": right})
    second = client.post("/m/demo/q/demo-q1", data={"csrf_token": token(page), "confidence": "sure", "choice": wrong})
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    (answer,) = rows(app)
    assert answer.choice == right and answer.correct
    assert "That's right" in client.get(second.headers["Location"]).text


def test_back_then_resubmit_stores_nothing_new(app, client):
    mod = demo(app)
    Patient(client).start()
    old_page = client.get("/m/demo/q/demo-q1").text
    right = mod.question("demo-q1").correct_choice.id
    client.post("/m/demo/q/demo-q1", data={"csrf_token": token(old_page), "confidence": "sure", "choice": right})
    back = client.get("/m/demo/q/demo-q1")
    assert back.status_code == 303 and back.headers["Location"].endswith("/feedback")
    other = next(c.id for c in mod.question("demo-q1").choices if not c.correct)
    again = client.post("/m/demo/q/demo-q1", data={"csrf_token": token(old_page), "confidence": "sure", "choice": other})
    assert again.status_code == 303 and again.headers["Location"].endswith("/feedback")
    (answer,) = rows(app)
    assert answer.choice == right


def test_resume_with_same_cookie_in_a_new_client_continues_where_left_off(app, client):
    mod = demo(app)
    p = Patient(client)
    p.start()
    p.answer("demo-q1", mod.question("demo-q1").correct_choice.id)
    cookie = client.get_cookie("quizapp")
    assert cookie is not None and cookie.expires is not None, "cookie must survive closing the browser"
    other = app.test_client()
    other.set_cookie("quizapp", cookie.value)
    resp = other.post("/m/demo/start", data={"csrf_token": token(other.get("/m/demo").text)})
    assert resp.headers["Location"] == "/m/demo/q/demo-q2"
    assert len(attempts(app)) == 1
    assert "Continue where you left off" in other.get("/m/demo").text


def test_retry_round_is_stored_separately_and_results_show_both_rounds(app, client):
    mod = demo(app)
    p = Patient(client)
    p.finish(mod, right={"demo-q1", "demo-q2", "demo-q3"})
    before = client.get("/m/demo/results").text
    assert "Yes, sometimes" not in before and "Try these ideas again" in before  # no best answers before the retry
    resp = p.retry()
    assert resp.headers["Location"] == "/m/demo/retry/demo-q4-again"  # a new question on the same idea
    page = client.get("/m/demo/retry/demo-q4-again").text
    assert "Second try: question 1 of 1" in page and "Could a gene edit change DNA" in page
    assert client.get("/m/demo/retry/demo-q4").headers["Location"] == "/m/demo/retry/demo-q4-again"
    p.answer("demo-q4-again", "could-happen", rnd=2)
    stored = rows(app)
    assert sorted((a.question_id, a.round) for a in stored if a.round == 2) == [("demo-q4-again", 2)]
    (attempt,) = attempts(app)
    assert (attempt.first_correct, attempt.retry_total, attempt.retry_correct) == (3, 1, 1)
    page = client.get("/m/demo/results").text
    assert "3 of 4" in page and "Second try:</strong> 1 of 1" in page
    assert "Try the ones you missed again" not in page
    assert "The best answer: Yes, sometimes" in page and "on a new question" in page


def test_retry_cannot_answer_a_question_answered_right_the_first_time(app, client):
    mod = demo(app)
    p = Patient(client)
    p.finish(mod, right={"demo-q1", "demo-q2", "demo-q3"})
    p.retry()
    resp = client.get("/m/demo/retry/demo-q1")
    assert resp.status_code == 303 and resp.headers["Location"] == "/m/demo/retry/demo-q4-again"


def test_consult_sheet_lists_results_checklist_and_glossary_terms(app, client):
    mod = demo(app)
    Patient(client).finish(mod, right={"demo-q1"})
    page = client.get("/sheet").text
    assert "Demo module" in page and "1 of 4 right on the first try" in page
    assert "More questions people often ask" in page and "Is this treatment approved" in page
    assert "Words to know" in page and "The set of instructions inside each cell." in page
    # What was missed, in the reader's own voice, from the misconceptions their answers showed.
    assert page.index("Things I'd like to ask") < page.index("I thought: “Editing is perfectly precise.”")


def test_glossary_page_defines_every_term(client):
    page = client.get("/glossary").text
    assert "<dfn>DNA</dfn>" in page and "A part of DNA that holds one recipe." in page


def test_skipping_ahead_to_a_later_question_is_redirected_to_the_current_step(app, client):
    Patient(client).start()
    resp = client.get("/m/demo/q/demo-q3")
    assert resp.status_code == 303 and resp.headers["Location"] == "/m/demo/read/one"
    resp = client.get("/m/demo/read/two")
    assert resp.status_code == 303
    page = client.get("/m/demo/q/demo-q1").text
    resp = client.post("/m/demo/q/demo-q3", data={"csrf_token": token(page), "confidence": "sure", "choice": "changes-dna-place"})
    assert resp.status_code == 303 and rows(app) == []


def test_questions_before_starting_send_the_patient_to_the_module_page(client):
    resp = client.get("/m/demo/q/demo-q1")
    assert resp.status_code == 303 and resp.headers["Location"] == "/m/demo"
    assert client.get("/m/demo/results").headers["Location"] == "/m/demo"


def test_choice_order_is_shuffled_per_attempt_but_stable_within_it(app):
    from quizapp.scoring import shuffled_choices
    q = demo(app).question("demo-q1")
    orders = {tuple(c.id for c in shuffled_choices(f"attempt-{n}", q)) for n in range(30)}
    assert len(orders) > 1
    assert shuffled_choices("same", q) == shuffled_choices("same", q)


def test_a_second_try_cannot_be_answered_before_the_retry_round_is_opened(app, client):
    p = Patient(client)
    p.start()
    p.answer("demo-q1", "copy-virus")
    page = client.get("/m/demo/q/demo-q2").text
    resp = client.post("/m/demo/retry/demo-q4-again", data={"csrf_token": token(page), "confidence": "sure", "choice": "could-happen"})
    assert resp.status_code == 303 and resp.headers["Location"] == "/m/demo/q/demo-q2"
    assert [a.round for a in rows(app)] == [1]
