"""The consult report: what to discuss in the right order, side by side, as seen, exported and audited."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from types import SimpleNamespace as Row

import pytest
import sqlalchemy as sa

from quizapp import exports, findings, reports
from quizapp.models import Answer, AuditEvent, QuestionVersion
from tests.clinician_helpers import assigning_doctor, join
from tests.helpers import Patient, rows

EMAIL = "report@clinic.example"


def _pick(q, misconception=None):
    if misconception is None:
        return q.correct_choice.id
    return next(c.id for c in q.choices if c.misconception == misconception)


@pytest.fixture
def seeded(app):
    """A patient and a caregiver who answered the demo module in known ways."""
    doctor, info = assigning_doctor(app, EMAIL, ["demo"], "Report check")
    q1, q2, q3, q4 = app.extensions["catalogue"].module("demo").questions
    patient, carer = app.test_client(), app.test_client()
    join(patient, info["token"], "patient")
    join(carer, info["token"], "caregiver")
    plan = {patient: [(q1, "cure", "unsure"), (q2, None, "unsure"), (q3, "precise", "sure"), (q4, None, "sure")],
            carer: [(q1, None, "sure"), (q2, None, "sure"), (q3, "germline", "unsure"), (q4, "germline", "sure")]}
    for who, answers in plan.items():
        p = Patient(who)
        p.start()
        for q, mis, sure in answers:
            assert p.answer(q.id, _pick(q, mis), sure).status_code == 303
    p = Patient(patient)
    p.retry()
    assert p.answer(q1.retry_question.id, _pick(q1.retry_question), "sure", rnd=2).status_code == 303
    assert p.answer(q3.retry_question.id, _pick(q3.retry_question, "precise"), "sure", rnd=2).status_code == 303
    return doctor, info


def _sections(html: str, person: str) -> str:
    start = html.index(f">{person}</h2>")
    end = html.find("</section>", start)
    return html[start:end]


def test_discuss_lists_wrong_and_sure_before_wrong_and_unsure(app, seeded):
    doctor, info = seeded
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    mine = _sections(page, "Patient")
    cat = app.extensions["catalogue"]
    precise, cure = cat.misconceptions["precise"].statement, cat.misconceptions["cure"].statement
    assert mine.index(precise) < mine.index(cure)
    assert "Answered wrongly and was sure" in mine and "Answered wrongly and was not sure" in mine
    for point in cat.misconceptions["precise"].talking_points:
        assert point in mine


def test_shaky_and_understood_are_listed_per_person(app, seeded):
    doctor, info = seeded
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    label = app.extensions["catalogue"].concepts["genes-dna"].label
    patient, carer = _sections(page, "Patient"), _sections(page, "Caregiver 1")
    shaky = patient[patient.index("Shaky"):patient.index("Understood")]
    assert label in shaky
    understood = carer[carer.index("Understood"):]
    assert label in understood
    assert "germline" not in understood


def test_patient_and_caregiver_appear_side_by_side_with_each_pick(app, seeded):
    doctor, info = seeded
    report = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    assert f"/clinician/assignments/{info['public_id']}/answers" in report
    table = doctor.get(f"/clinician/assignments/{info['public_id']}/answers").text
    q1 = app.extensions["catalogue"].module("demo").questions[0]
    assert '<th scope="col">Patient</th><th scope="col">Caregiver 1</th>' in table
    assert q1.choice(_pick(q1, "cure")).text in table and "Second try:" in table


def test_scores_per_person_and_module_include_both_rounds(app, seeded):
    doctor, info = seeded
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    progress = page[page.index('id="progress-title"'):page.index("</table>")]
    assert "2 of 4" in progress and "1 of 2 right" in progress


def test_question_text_is_what_the_person_saw_even_after_the_content_changed(app, seeded):
    doctor, info = seeded
    with app.extensions["db"].sessions() as s:
        for v in s.scalars(sa.select(QuestionVersion)):
            snap = json.loads(v.snapshot)
            snap["prompt"] = "WORDING AS SHOWN BACK THEN " + v.question_id
            v.snapshot = json.dumps(snap)
        s.commit()
    page = doctor.get(f"/clinician/assignments/{info['public_id']}/answers").text
    assert "WORDING AS SHOWN BACK THEN demo-q1" in page


def test_csv_has_the_documented_columns_and_one_row_per_stored_answer(app, seeded):
    doctor, info = seeded
    resp = doctor.get(f"/clinician/assignments/{info['public_id']}/answers.csv")
    assert resp.mimetype == "text/csv" and "attachment" in resp.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(resp.text)))
    assert tuple(table[0]) == exports.CSV_COLUMNS
    assert len(table) - 1 == len(rows(app, Answer)) == 10
    assert {r[2] for r in table[1:]} == {"Patient", "Caregiver 1"}
    assert {r[7] for r in table[1:]} == {"first", "retry"}
    everything = list(csv.reader(io.StringIO(doctor.get("/clinician/answers.csv").text)))
    assert everything == table


def test_csv_cells_cannot_start_a_spreadsheet_formula(app):
    doctor, info = assigning_doctor(app, EMAIL, ["demo"], "=HYPERLINK(1)")
    p = app.test_client()
    join(p, info["token"])
    Patient(p).finish(app.extensions["catalogue"].module("demo"))
    table = list(csv.reader(io.StringIO(doctor.get(f"/clinician/assignments/{info['public_id']}/answers.csv").text)))
    assert all(r[1] == "'=HYPERLINK(1)" for r in table[1:])


def test_every_report_view_and_export_writes_an_audit_row_without_answers(app, seeded):
    doctor, info = seeded
    base = f"/clinician/assignments/{info['public_id']}"
    before = len(rows(app, AuditEvent))
    for url in (base, f"{base}/answers", f"{base}/answers.csv", f"{base}/handout", "/clinician/answers.csv"):
        assert doctor.get(url).status_code == 200
    events = rows(app, AuditEvent)[before:]
    assert [e.action for e in events] == ["view-report", "view-answers", "export-csv", "view-handout",
                                          "export-all-csv"]
    assert all(e.clinician_id is not None and e.at is not None for e in events)
    assert {e.assignment_id for e in events[:4]} == {events[0].assignment_id} and events[4].assignment_id is None
    assert set(AuditEvent.__table__.columns.keys()) == {"id", "clinician_id", "action", "assignment_id", "at"}


def test_handout_has_the_code_the_qr_and_the_reading_time(app, seeded):
    doctor, info = seeded
    page = doctor.get(f"/clinician/assignments/{info['public_id']}/handout").text
    assert info["code"] in page and "<svg" in page and "minutes" in page
    assert "not medical advice" in page


def test_an_assignment_nobody_opened_says_so(app):
    doctor, info = assigning_doctor(app, EMAIL, ["demo"])
    assert "Nobody has opened the link" in doctor.get(f"/clinician/assignments/{info['public_id']}").text


# --- the pure report functions ------------------------------------------------

T0 = dt.datetime(2026, 1, 1, 9, 0)


def _answer(qid, choice, correct, confidence, minutes, rnd=1):
    return Row(attempt_id=1, question_id=qid, round=rnd, choice=choice, correct=correct, confidence=confidence,
               content_hash="h-" + qid, answered_at=T0 + dt.timedelta(minutes=minutes))


def test_reading_time_counts_from_opening_a_section_to_its_first_answer_capped_at_20_minutes(app):
    mod = app.extensions["catalogue"].module("demo")
    q1, _, q3, _ = mod.questions
    first = {q1.id: _answer(q1.id, "a", True, None, 3), q3.id: _answer(q3.id, "a", True, None, 90)}
    visits = [Row(attempt_id=1, section_id="one", opened_at=T0), Row(attempt_id=1, section_id="two", opened_at=T0)]
    assert reports.reading_seconds(mod, visits, first) == 3 * 60 + 20 * 60


def test_findings_order_by_sureness_then_priority_then_how_often(app):
    cat = app.extensions["catalogue"]
    line = lambda qid, mis, conf: reports.QuestionLine(  # noqa: E731
        qid, "genes-dna", qid, reports.Pick("b", "x", False, conf, T0, mis), None)
    found = reports.findings(cat, [line("q1", "precise", None), line("q2", "cure", "unsure"),
                                   line("q3", "germline", "unsure"), line("q4", "germline", "unsure"),
                                   line("q5", "precise", "sure")])
    assert [f.misconception.id for f in found] == ["precise", "germline", "cure"]
    assert [f.severity for f in found] == [0, 1, 1]


def test_right_answers_without_a_sureness_are_right_once_and_say_so(app):
    cat = app.extensions["catalogue"]
    evidence = [("genes-dna", "q1", reports.Pick("a", "x", True, None, T0, None)),
                ("genes-dna", "q2", reports.Pick("a", "x", True, None, T0, None))]
    understood, (line,) = findings.understanding(cat, evidence)
    assert understood == () and line.concept == "genes-dna" and line.sure_given is False


def test_the_report_says_in_one_line_what_understood_means(app, seeded):
    doctor, info = seeded
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    assert "at least two different questions on the idea were answered right and sure, none wrong" in page
    carer = _sections(page, "Caregiver 1")
    label = app.extensions["catalogue"].concepts["genes-dna"].label
    assert label in carer[carer.index("Understood"):carer.index("Right once")]


def test_every_answer_page_shows_one_topic_at_a_time(app, seeded):
    doctor, info = seeded
    base = f"/clinician/assignments/{info['public_id']}/answers"
    page = doctor.get(base).text
    assert 'aria-current="page"' in page and "<table" in page and "Nobody has answered this topic" not in page
    assert doctor.get(f"{base}?module=demo").status_code == 200
    assert doctor.get(f"{base}?module=no-such-topic").status_code == 404


def test_every_finding_shows_its_own_talking_points_without_pointing_at_another_person(app):
    doctor, info = assigning_doctor(app, EMAIL, ["demo"])
    mod = app.extensions["catalogue"].module("demo")
    for role in ("patient", "caregiver"):
        who = app.test_client()
        join(who, info["token"], role)
        Patient(who).finish(mod, right=set())
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    point = app.extensions["catalogue"].misconceptions["germline"].talking_points[0]
    assert page.count(point) == 2
    assert "see Patient" not in page


def test_the_list_summary_from_attempts_agrees_with_the_full_report(app, seeded):
    from quizapp.store import clinicians
    cat = app.extensions["catalogue"]
    with app.extensions["db"].sessions() as s:
        (a_id,) = [a.id for a in s.query(__import__("quizapp.models", fromlist=["Assignment"]).Assignment)]
        full = reports.build_report(cat, ["demo"], clinicians.report_people(s, [a_id])[a_id], {})
        people, counts = clinicians.summary_people(s, [a_id])
        summary = reports.build_summary(cat, ["demo"], people[a_id], counts)
    strip = lambda rep: [(p.label, p.status, [(m.status, m.answered, m.first_correct, m.retry_total, m.retry_correct,  # noqa: E731
                                               m.retry_answered) for m in p.modules]) for p in rep.people]
    assert strip(summary) == strip(full)


def test_i_dont_know_yet_is_a_gap_listed_apart_never_a_misunderstanding_to_discuss(app):
    doctor, info = assigning_doctor(app, EMAIL, ["demo"])
    who = app.test_client()
    join(who, info["token"])
    mod = app.extensions["catalogue"].module("demo")
    p = Patient(who)
    p.start()
    for q in mod.questions:
        p.answer(q.id, "dont-know" if q.id == "demo-q1" else q.correct_choice.id, "sure")
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    gaps = page[page.index("Not known yet"):page.index("Shaky")]
    assert "<li>Genes and DNA" in gaps
    assert "No misunderstandings showed up in the answers." in page
    assert "Missed a question about" not in page
