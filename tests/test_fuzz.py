"""Property tests: arbitrary posts never cause a 5xx or a change unless valid; a patient's session keeps its invariants."""
from __future__ import annotations

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from quizapp import scoring
from quizapp.models import Answer, Attempt
from tests.helpers import Patient, token

FIELD_NAMES = st.sampled_from(["choice", "confidence", "score", "attempt_id", "round", "correct", "csrf_token"]) | \
    st.text(min_size=1, max_size=20)
VALUES = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
CHOICES = st.sampled_from(["a", "b", "c", "d", "z", "", "A", "a ", "0"]) | VALUES
CONFIDENCES = st.sampled_from(["sure", "unsure", "", "SURE", "maybe"]) | VALUES
FORMS = st.builds(lambda known, extra: {**extra, **known},
                  st.fixed_dictionaries({}, optional={"choice": CHOICES, "confidence": CONFIDENCES}),
                  st.dictionaries(FIELD_NAMES, VALUES, max_size=4))
RAW_BODIES = st.binary(max_size=400)
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def count_answers(app) -> int:
    with app.extensions["db"].sessions() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Answer))


def is_valid_answer(form: dict, question) -> bool:
    ids = {c.id for c in question.choices}
    return form.get("choice") in ids and form.get("confidence", "") in ("", "sure", "unsure")


@SETTINGS
@given(form=FORMS, keep_token=st.booleans())
def test_arbitrary_answer_posts_never_fail_and_store_only_valid_answers(app, form, keep_token):
    client = app.test_client()
    Patient(client).start()
    question = app.extensions["catalogue"].module("demo").question("demo-q1")
    page = client.get("/m/demo/q/demo-q1").text
    if keep_token:
        form = {**form, "csrf_token": token(page)}
    before = count_answers(app)
    resp = client.post("/m/demo/q/demo-q1", data=form)
    assert resp.status_code < 500
    stored = count_answers(app) - before
    assert stored == (1 if keep_token and is_valid_answer(form, question) else 0)
    if stored == 0:
        assert 400 <= resp.status_code < 500


@SETTINGS
@given(body=RAW_BODIES, url=st.sampled_from(["/m/demo/q/demo-q1", "/m/demo/start", "/m/demo/retry", "/code"]))
def test_raw_bodies_in_any_encoding_never_cause_a_server_error(app, body, url):
    client = app.test_client()
    Patient(client).start()
    before = count_answers(app)
    resp = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    assert resp.status_code < 500
    assert count_answers(app) == before


@SETTINGS
@given(path=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60))
def test_arbitrary_paths_never_cause_a_server_error(app, path):
    client = app.test_client()
    resp = client.get("/m/" + path)
    assert resp.status_code < 500


class PatientSession(RuleBasedStateMachine):
    """A patient who answers, double-submits, goes back, retries and resumes in new browsers."""

    app = None  # set by the test below

    @initialize()
    def start(self):
        self.client = self.app.test_client()
        self.module = self.app.extensions["catalogue"].module("demo")
        Patient(self.client).start()
        self.first_choice: dict[tuple[str, int], str] = {}
        self.pages: list[tuple[str, str]] = []

    def _post(self, url, page, choice):
        resp = self.client.post(url, data={"csrf_token": token(page), "choice": choice, "confidence": "sure"})
        assert resp.status_code in (303, 400), resp.status_code

    @rule(choice=st.sampled_from("abc"))
    def answer_next(self, choice):
        step = self._next_question()
        if step is None:
            return
        qid, rnd = step
        url = f"/m/demo/{'q' if rnd == 1 else 'retry'}/{qid}"
        page = self.client.get(url)
        if page.status_code != 200:
            return
        self.pages.append((url, page.text))
        self._post(url, page.text, choice)
        self.first_choice.setdefault((qid, rnd), choice)

    @precondition(lambda self: bool(self.pages))
    @rule(choice=st.sampled_from("abc"))
    def resubmit_an_old_page(self, choice):
        url, html = self.pages[-1]
        self._post(url, html, choice)

    @rule()
    def go_back_to_first_question(self):
        assert self.client.get("/m/demo/q/demo-q1").status_code in (200, 303)

    @rule()
    def open_retry(self):
        page = self.client.get("/m/demo/results")
        if page.status_code == 200 and "csrf_token" in page.text:
            assert self.client.post("/m/demo/retry", data={"csrf_token": token(page.text)}).status_code == 303

    @rule()
    def resume_in_a_new_browser(self):
        cookie = self.client.get_cookie("quizapp")
        self.client = self.app.test_client()
        self.client.set_cookie("quizapp", cookie.value)
        self.pages.clear()

    def _next_question(self):
        with self.app.extensions["db"].sessions() as s:
            attempt = s.scalar(sa.select(Attempt))
            answers = list(s.scalars(sa.select(Answer).where(Answer.attempt_id == attempt.id)))
            step = scoring.next_step(self.module, answers, attempt.retry_started_at is not None)
        if step.kind == "read":
            return self.module.section(step.section_id).questions[0].id, 1
        return (step.question_id, step.round) if step.kind == "question" else None

    @invariant()
    def one_row_per_question_and_round_holding_the_first_choice(self):
        with self.app.extensions["db"].sessions() as s:
            answers = list(s.scalars(sa.select(Answer)))
            keys = [(a.attempt_id, a.question_id, a.round) for a in answers]
            assert len(keys) == len(set(keys))
            for a in answers:
                assert self.first_choice.get((a.question_id, a.round)) == a.choice

    @invariant()
    def stored_scores_equal_a_recomputation_from_rows(self):
        with self.app.extensions["db"].sessions() as s:
            attempt = s.scalar(sa.select(Attempt))
            if attempt is None:
                return
            answers = list(s.scalars(sa.select(Answer).where(Answer.attempt_id == attempt.id)))
            result = scoring.score(self.module, answers)
            assert attempt.first_correct == result.first_correct
            assert attempt.retry_correct == result.retry_correct


def test_patient_session_state_machine_keeps_its_invariants(app):
    class Machine(PatientSession):
        pass
    Machine.app = app
    Machine.TestCase.settings = settings(max_examples=15, stateful_step_count=20, deadline=None,
                                         suppress_health_check=[HealthCheck.too_slow])
    # Each example needs an empty database: clear rows before every run.
    original_init = Machine.__init__

    def fresh_init(self):
        with app.extensions["db"].sessions() as s, s.begin():
            for table in ("answer", "question_version", "section_visit", "attempt", "participant"):
                s.execute(sa.text(f"DELETE FROM {table}"))
        original_init(self)
    Machine.__init__ = fresh_init
    Machine.TestCase().runTest()
