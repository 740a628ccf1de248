"""The question statistics' running counts are provably right: retry answers leave them alone, and after any
sequence of joins, answers, retries, removals and revokes they equal a recount from the stored answers."""
from __future__ import annotations

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from quizapp import scoring
from quizapp.clinician.people import person_handle
from quizapp.models import Answer, Attempt, ItemTally, Participant
from quizapp.store import stats as tallies
from tests.clinician_helpers import assigning_doctor, join
from tests.helpers import Patient, token


def running(app) -> list[tuple]:
    """The running counts as they stand, without the zero rows a removal can leave."""
    with app.extensions["db"].sessions() as s:
        return sorted((r.clinician_id, r.question_id, r.content_hash, r.choice, r.correct, r.score, r.n, r.lang)
                      for r in s.scalars(sa.select(ItemTally)) if r.n)


def recounted(app) -> list[tuple]:
    """What `item-stats --recount` would write, read inside a transaction that is then rolled back."""
    with app.extensions["db"].sessions() as s:
        if app.extensions["db"].is_sqlite:
            s.connection(execution_options={"sqlite_immediate": True})
        tallies.rebuild_item_tally(s)
        rows = sorted((r.clinician_id, r.question_id, r.content_hash, r.choice, r.correct, r.score, r.n, r.lang)
                      for r in s.scalars(sa.select(ItemTally)) if r.n)
        s.rollback()
    return rows


def test_answering_the_retry_round_leaves_the_statistics_as_the_first_round_left_them(app):
    _doctor, info = assigning_doctor(app, "stats@clinic.example", ["demo"])
    mod = app.extensions["catalogue"].module("demo")
    p = Patient(app.test_client())
    join(p.client, info["token"])
    p.finish(mod, right=set())  # every question missed
    before = running(app)
    assert before and before == recounted(app)
    assert p.retry().status_code == 303
    for q in mod.questions:
        sibling = q.retry_question
        assert p.answer(sibling.id, sibling.correct_choice.id, rnd=2).status_code == 303
        assert running(app) == before
    assert recounted(app) == before


class Clinic(RuleBasedStateMachine):
    """A clinician's assignment with people joining, readers on their own, answers, retries, removals, a revoke."""

    app = None  # set by the test below

    @initialize()
    def open_an_assignment(self):
        n = getattr(Clinic, "runs", 0)
        Clinic.runs = n + 1
        self.doctor, self.info = assigning_doctor(self.app, f"dr{n}@clinic.example", ["demo"])
        self.module = self.app.extensions["catalogue"].module("demo")
        self.people: list[tuple[Patient, int]] = []  # each person's driver and attempt id
        self.address = 0

    def _newest_attempt(self) -> int:
        with self.app.extensions["db"].sessions() as s:
            return s.scalar(sa.select(sa.func.max(Attempt.id)))

    def _client(self):
        self.address += 1
        client = self.app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{self.address}"
        return client

    @rule(role=st.sampled_from(["patient", "parent", "caregiver"]))
    def someone_joins(self, role):
        client = self._client()
        if join(client, self.info["token"], role).status_code == 303:
            self.people.append((Patient(client), self._newest_attempt()))

    @rule()
    def someone_reads_on_their_own(self):
        p = Patient(self._client())
        assert p.start().status_code == 303
        self.people.append((p, self._newest_attempt()))

    @precondition(lambda self: bool(self.people))
    @rule(who=st.integers(0, 50), right=st.booleans(), sure=st.booleans())
    def someone_answers_their_next_question(self, who, right, sure):
        self._answer_next(who, right, sure)

    @precondition(lambda self: bool(self.people))
    @rule(who=st.integers(0, 50), right=st.lists(st.booleans(), min_size=4, max_size=4))
    def someone_answers_four_questions_in_a_row(self, who, right):
        for r in right:
            self._answer_next(who, r, True)

    def _answer_next(self, who, right, sure):
        p, attempt_id = self.people[who % len(self.people)]
        with self.app.extensions["db"].sessions() as s:
            attempt = s.get(Attempt, attempt_id)
            answers = list(s.scalars(sa.select(Answer).where(Answer.attempt_id == attempt_id)))
            step = scoring.next_step(self.module, answers, attempt.retry_started_at is not None)
        if step.kind == "results":
            return
        qid, rnd = ((self.module.section(step.section_id).questions[0].id, 1) if step.kind == "read"
                    else (step.question_id, int(step.round)))
        q = self.module.question(qid)
        pick = q.correct_choice.id if right else next(c.id for c in q.choices if not c.correct)
        url = f"/m/demo/{'q' if rnd == 1 else 'retry'}/{qid}"
        page = p.client.get(url)
        if 'name="csrf_token"' not in page.text:  # removed, or the link revoked: nothing to answer
            assert page.status_code in (303, 403, 404), page.status_code
            return
        resp = p.client.post(url, data={"csrf_token": token(page.text), "choice": pick,
                                        "confidence": "sure" if sure else "unsure"})
        assert resp.status_code in (303, 403), resp.status_code

    @precondition(lambda self: bool(self.people))
    @rule(who=st.integers(0, 50))
    def someone_opens_the_retry(self, who):
        p, _attempt = self.people[who % len(self.people)]
        page = p.client.get("/m/demo/results")
        if 'name="csrf_token"' in page.text:
            resp = p.client.post("/m/demo/retry", data={"csrf_token": token(page.text)})
            assert resp.status_code in (303, 403), resp.status_code

    @precondition(lambda self: bool(self.people))
    @rule(who=st.integers(0, 50))
    def the_clinician_removes_someone(self, who):
        _p, attempt_id = self.people[who % len(self.people)]
        with self.app.extensions["db"].sessions() as s:
            person = s.get(Participant, s.get(Attempt, attempt_id).participant_id)
            if person.assignment_id is None or person.removed_at is not None:
                return
            public_id = person.public_id
        with self.app.test_request_context():
            handle = person_handle(public_id)
        page = self.doctor.get(f"/clinician/assignments/{self.info['public_id']}").text
        url = f"/clinician/assignments/{self.info['public_id']}/people/{handle}/remove"
        assert self.doctor.post(url, data={"csrf_token": token(page)}).status_code == 303

    @rule()
    def the_clinician_revokes_the_link(self):
        url = f"/clinician/assignments/{self.info['public_id']}/revoke"
        page = self.doctor.get(url).text
        assert self.doctor.post(url, data={"csrf_token": token(page)}).status_code == 303

    @invariant()
    def running_counts_equal_a_recount(self):
        assert running(self.app) == recounted(self.app)


def test_after_any_joins_answers_retries_removals_and_revokes_the_running_counts_equal_a_recount(app):
    app.config.update(JOIN_LIMIT=10_000, START_LIMIT=10_000)

    class Machine(Clinic):
        pass
    Machine.app = app
    Machine.TestCase.settings = settings(max_examples=8, stateful_step_count=20, deadline=None,
                                         suppress_health_check=[HealthCheck.too_slow])
    Machine.TestCase().runTest()


def test_the_clinicians_list_shows_the_retry_score_the_patient_was_given(app):
    doctor, info = assigning_doctor(app, "retry@clinic.example", ["demo"])
    mod = app.extensions["catalogue"].module("demo")
    p = Patient(app.test_client())
    join(p.client, info["token"])
    p.finish(mod, right=set())
    assert p.retry().status_code == 303
    siblings = [q.retry_question for q in mod.questions]
    for n, q in enumerate(siblings[:3]):  # two right, one wrong, one not yet answered
        pick = q.correct_choice.id if n < 2 else next(c.id for c in q.choices if not c.correct)
        assert p.answer(q.id, pick, rnd=2).status_code == 303
    with app.extensions["db"].sessions() as s:
        attempt = s.scalar(sa.select(Attempt))
    assert (attempt.retry_correct, attempt.retry_total) == (2, len(siblings))
    listed = doctor.get("/clinician/").text  # the list of assignments reads the report's line for each person
    assert f"second try 2/{len(siblings)}" in listed


def test_the_lists_wrong_and_sure_count_follows_the_one_rule_for_every_kind_of_answer(app):
    import itertools

    from quizapp import scoring
    from quizapp.content.model import DONT_KNOW
    from quizapp.models import Participant
    from quizapp.store import clinicians
    _doctor, info = assigning_doctor(app, "sure@clinic.example", ["demo"])
    mod = app.extensions["catalogue"].module("demo")
    p = Patient(app.test_client())
    join(p.client, info["token"])
    q = mod.questions[0]
    p.answer(q.id, q.correct_choice.id)  # stores this question's version
    wrong = next(c.id for c in q.choices if not c.correct)
    kinds = list(itertools.product([1, 2], [True, False], ["sure", "unsure", None], [wrong, DONT_KNOW]))
    with app.extensions["db"].sessions() as s, s.begin():
        attempt = s.scalar(sa.select(Attempt))
        version = s.scalar(sa.select(Answer.content_hash))
        s.execute(sa.delete(Answer))
        for n, (rnd, correct, confidence, choice) in enumerate(kinds):
            s.add(Answer(attempt_id=attempt.id, question_id=f"kind-{n}", round=rnd, choice=choice, correct=correct,
                         confidence=confidence, content_hash=version))
    with app.extensions["db"].sessions() as s:
        assignment_id = s.scalar(sa.select(Participant.assignment_id))
        counted = {row[2] for row in clinicians.sure_but_wrong(s, [assignment_id])}
    expected = {f"kind-{n}" for n, kind in enumerate(kinds) if scoring.wrong_and_sure(*kind)}
    assert expected and counted == expected
