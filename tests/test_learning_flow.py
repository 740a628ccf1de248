"""A check before reading, and a re-check before the consult, through the test client."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from quizapp import clock
from quizapp.models import Answer, Assignment, PhaseTally
from quizapp.states import Round
from quizapp.store import stats
from tests.clinician_helpers import assign, create_clinician, join, sign_in
from tests.helpers import Patient, rows, token

EMAIL = "learning@clinic.example"



def _before_ids(app, client) -> list[str]:
    """Walk the check before reading, answering "I don't know yet" to the first and the right answer after."""
    mod = app.extensions["catalogue"].module("demo")
    page = client.get("/m/demo/before")
    assert page.status_code == 200 and "It is fine not to know yet." in page.text
    asked, url = [], client.get("/m/demo/before").text.split('class="button" href="')[1].split('"')[0]
    while "/before/" in url:
        qid = url.rsplit("/", 1)[-1]
        page = client.get(url).text
        assert "Before reading: question" in page and "It is fine not to know yet." in page
        q = mod.question(qid)
        pick = "dont-know" if not asked else q.correct_choice.id
        resp = client.post(url, data={"csrf_token": token(page), "choice": pick, "confidence": "sure"})
        assert resp.status_code == 303
        asked.append(qid)
        url = resp.headers["Location"]
    assert url == "/m/demo/read/one"  # no feedback before reading: straight on to the first part
    return asked


def test_the_new_assignment_form_asks_for_the_check_before_reading_by_default(doctor):
    page = doctor.get("/clinician/assignments/new").text
    box = re.search(r'<input[^>]*name="pre_check"[^>]*>', page).group(0)
    assert 'type="checkbox"' in box and "checked" in box


def test_a_reader_from_a_link_does_the_check_before_reading_with_no_feedback(app, doctor):
    info = assign(doctor, ["demo"], pre_check="y")
    reader = app.test_client()
    assert join(reader, info["token"]).headers["Location"] == "/m/demo/before"
    asked = _before_ids(app, reader)
    stored = {a.question_id: a for a in rows(app)}
    assert set(stored) == set(asked) and len(asked) == 2
    assert all(a.round == Round.BEFORE and a.form == 2 for a in stored.values())
    assert stored[asked[0]].choice == "dont-know" and stored[asked[0]].confidence is None
    feedback = reader.get(f"/m/demo/before/{asked[0]}/feedback")
    assert feedback.status_code == 303 and feedback.headers["Location"] == "/m/demo/read/one"


def test_a_walk_in_reader_gets_no_check_before_reading(app, client):
    assert Patient(client).start().headers["Location"] == "/m/demo/read/one"
    assert client.get("/m/demo/before").headers["Location"] == "/m/demo/read/one"


def test_without_the_option_an_assignment_goes_straight_to_the_reading(app, doctor):
    info = assign(doctor, ["demo"])
    assert join(app.test_client(), info["token"]).headers["Location"] == "/m/demo/read/one"


def test_a_first_round_question_cannot_be_answered_as_a_check_before_reading(app, doctor):
    info = assign(doctor, ["demo"], pre_check="y")
    reader = app.test_client()
    join(reader, info["token"])
    page = reader.get("/").text
    resp = reader.post("/m/demo/before/demo-q1", data={"csrf_token": token(page), "choice": "recipe-protein",
                                                       "confidence": "sure"})
    assert resp.status_code == 303 and rows(app) == []


def test_the_check_before_reading_closes_once_the_first_round_begins(app, doctor):
    info = assign(doctor, ["demo"], pre_check="y")
    reader = app.test_client()
    join(reader, info["token"])
    p = Patient(reader)
    assert p.answer("demo-q1", "recipe-protein").status_code == 303
    before = app.extensions["catalogue"].module("demo").question("demo-q1").alternate
    page = reader.get("/m/demo/q/demo-q2").text
    resp = reader.post(f"/m/demo/before/{before.id}", data={"csrf_token": token(page), "choice": "like-recipe",
                                                           "confidence": "sure"})
    assert resp.status_code == 303 and [a.round for a in rows(app)] == [Round.FIRST]


def _consult_in(app, public_id: str, days: int) -> None:
    with app.extensions["db"].sessions() as s:
        s.execute(sa.update(Assignment).where(Assignment.public_id == public_id)
                  .values(consult_on=clock.today() + dt.timedelta(days=days)))
        s.commit()


def _finished_reader(app, info, right: set[str]):
    reader = app.test_client()
    join(reader, info["token"])
    Patient(reader).finish(app.extensions["catalogue"].module("demo"), right=right)
    return reader


def test_the_clinician_sets_a_consult_date_and_the_recheck_is_offered_two_days_before(app, doctor):
    info = assign(doctor, ["demo"])
    reader = _finished_reader(app, info, right={"demo-q1", "demo-q2"})
    assert "A quick re-check before your visit" not in reader.get("/").text
    report = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    day = (clock.today() + dt.timedelta(days=2)).isoformat()
    resp = doctor.post(f"/clinician/assignments/{info['public_id']}/consult",
                       data={"csrf_token": token(report), "consult_on": day})
    assert resp.status_code == 303
    assert "A quick re-check before your visit" in reader.get("/").text
    assert "A quick re-check before your visit" in reader.get(f"/a/{info['token']}").text
    page = reader.get("/m/demo/recheck").text
    url = page.split('class="button" href="')[1].split('"')[0]
    answered = []
    while "/recheck/" in url:
        qpage = reader.get(url).text
        assert "Re-check: question" in qpage
        qid = url.rsplit("/", 1)[-1]
        q = app.extensions["catalogue"].module("demo").question(qid)
        resp = reader.post(url, data={"csrf_token": token(qpage), "choice": q.correct_choice.id,
                                      "confidence": "sure"})
        assert resp.status_code == 303 and resp.headers["Location"].endswith("/feedback")
        answered.append(qid)
        assert "Re-check: question" in reader.get(resp.headers["Location"]).text  # its feedback
        after = reader.get("/m/demo/recheck")
        url = after.headers["Location"] if after.status_code == 303 else "/m/demo/recheck"
    assert answered and "right in the re-check" in reader.get("/m/demo/recheck").text
    stored = [a for a in rows(app) if a.round == Round.RECHECK]
    assert sorted(a.question_id for a in stored) == sorted(answered)
    first = {a.question_id for a in rows(app) if a.round != Round.RECHECK}
    assert not first & set(answered)
    assert "A quick re-check before your visit" not in reader.get("/").text  # done: no longer offered
    assert "Re-check before my visit: what held:" in reader.get("/sheet").text


@pytest.mark.parametrize("days", [4, -1])
def test_no_recheck_outside_the_three_days_before_the_consult(app, doctor, days):
    info = assign(doctor, ["demo"])
    reader = _finished_reader(app, info, right=set())
    _consult_in(app, info["public_id"], days)
    assert "A quick re-check before your visit" not in reader.get("/").text
    assert reader.get("/m/demo/recheck").status_code == 303
    q = app.extensions["catalogue"].module("demo").question("demo-q1").alternate
    page = reader.get("/m/demo/results").text
    resp = reader.post(f"/m/demo/recheck/{q.id}", data={"csrf_token": token(page), "choice": "like-recipe",
                                                       "confidence": "sure"})
    assert resp.status_code == 303 and not [a for a in rows(app) if a.round == Round.RECHECK]


@pytest.mark.parametrize("bad", ["next tuesday", "2026-13-40", "1850-01-01", "9" * 40])
def test_a_consult_date_that_is_not_a_date_is_refused_and_nothing_changes(app, doctor, bad):
    info = assign(doctor, ["demo"])
    report = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    resp = doctor.post(f"/clinician/assignments/{info['public_id']}/consult",
                       data={"csrf_token": token(report), "consult_on": bad})
    assert resp.status_code == 400 and 'id="consult-error"' in resp.text and "Please give a date like 2026-12-24" in resp.text
    assert [a.consult_on for a in rows(app, Assignment)] == [None]


def test_a_consult_date_cannot_be_set_on_another_clinicians_assignment(app, doctor):
    info = assign(doctor, ["demo"])
    create_clinician(app, "other@clinic.example")
    other = app.test_client()
    sign_in(other, "other@clinic.example")
    page = other.get("/clinician/").text
    resp = other.post(f"/clinician/assignments/{info['public_id']}/consult",
                      data={"csrf_token": token(page), "consult_on": "2026-12-24"})
    assert resp.status_code == 404 and [a.consult_on for a in rows(app, Assignment)] == [None]


def test_statistics_by_phase_equal_a_recount_from_the_answers(app, doctor):
    info = assign(doctor, ["demo"], pre_check="y")
    for n in range(3):
        reader = app.test_client()
        join(reader, info["token"])
        _before_ids(app, reader)
        Patient(reader).finish(app.extensions["catalogue"].module("demo"), right={"demo-q1"} if n else set())
    _consult_in(app, info["public_id"], 1)
    p = Patient(reader)
    p.retry()
    retry = app.extensions["catalogue"].module("demo").question("demo-q2").retry_question
    assert p.answer(retry.id, retry.correct_choice.id, rnd=2).status_code == 303  # the second try counts nowhere
    with app.extensions["db"].sessions() as s:
        first_rounds = sorted(stats.item_counts(s))
        running = sorted(stats.phase_counts(s))
        recount = sorted((q, r, bool(c), n) for q, r, c, n in s.execute(
            sa.select(Answer.question_id, Answer.round, Answer.correct, sa.func.count())
            .where(Answer.round.in_([0, 3])).group_by(Answer.question_id, Answer.round, Answer.correct)))
        assert [(q, r, bool(c), n) for q, r, c, n in running] == recount and running
        stats.rebuild_item_tally(s)
        s.commit()
        assert sorted(stats.phase_counts(s)) == running
        assert sorted(stats.item_counts(s)) == first_rounds  # first rounds: the running counts equal a recount too
        assert s.scalar(sa.select(sa.func.count()).select_from(PhaseTally)) > 0
    page = doctor.get("/clinician/stats?module=demo").text
    shown = [int(n) for n in re.findall(r"\((\d+) answered\)", page)]
    assert "Right before reading" in page and sum(shown) == 6  # 3 readers, one question per concept of two


def test_removing_a_person_takes_their_answers_before_reading_out_of_the_counts(app, doctor):
    from quizapp.models import Participant
    from quizapp.store import clinicians
    info = assign(doctor, ["demo"], pre_check="y")
    reader = app.test_client()
    join(reader, info["token"])
    _before_ids(app, reader)
    with app.extensions["db"].sessions() as s:
        assert sum(r[3] for r in stats.phase_counts(s)) == 2
        person = s.scalar(sa.select(Participant.id))
        owner = s.scalar(sa.select(Assignment.clinician_id))
        assert clinicians.remove_person(s, owner, person)
        s.commit()
        assert stats.phase_counts(s) == []
