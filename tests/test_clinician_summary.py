"""The report read in 30 seconds: a strip per person, findings with what was asked and picked, plain names,
the list's "needs a talk" count, and a revoke that asks first."""
from __future__ import annotations

import json
import re
from types import SimpleNamespace as Row

import pytest
import sqlalchemy as sa

from quizapp import findings, reports
from quizapp.models import Assignment, QuestionVersion
from tests.clinician_helpers import assign, assigning_doctor, create_clinician, join, sign_in
from tests.helpers import Patient, token

EMAIL = "summary@clinic.example"


def _wrong(q, misconception: str) -> str:
    return next(c.id for c in q.choices if c.misconception == misconception)


@pytest.fixture
def three(app):
    """A patient and two caregivers: the patient wrong and sure twice, the first caregiver once."""
    doctor, info = assigning_doctor(app, EMAIL, ["demo"], "Summary check")
    q1, q2, q3, q4 = app.extensions["catalogue"].module("demo").questions
    plans = {"patient": [(q1, "cure", "sure"), (q2, None, "sure"), (q3, "precise", "sure"), (q4, None, "unsure")],
             "caregiver": [(q1, "germline", "sure"), (q2, None, "sure"), (q3, None, "sure"), (q4, None, "sure")]}
    for role, plan in (("patient", plans["patient"]), ("caregiver", plans["caregiver"]), ("caregiver", [])):
        who = app.test_client()
        join(who, info["token"], role)
        p = Patient(who)
        p.start()
        for q, mis, sure in plan:
            assert p.answer(q.id, _wrong(q, mis) if mis else q.correct_choice.id, sure).status_code == 303
    return doctor, info


def test_people_are_named_patient_caregiver_1_caregiver_2_and_a_second_patient_says_it_joined_again():
    people = [Row(public_id=str(i), role=r, number=0) for i, r in enumerate(["patient", "caregiver", "caregiver", "patient"])]
    assert [str(x) for x in reports.person_labels(people).values()] == ["Patient", "Caregiver 1", "Caregiver 2",
                                                            "Patient (2nd join)"]


def test_the_report_opens_with_a_strip_per_person_before_anything_to_discuss(app, three):
    doctor, info = three
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    strip = page[page.index('class="strip"'):page.index("</ul>", page.index('class="strip"'))]
    assert page.index('class="strip"') < page.index("Discuss these") < page.index("Progress in detail")
    assert [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h3>(.*?)</h3>", strip)] == [
        "Patient", "Caregiver 1", "Caregiver 2"]
    assert "<strong>2</strong> wrong and sure" in strip and "<strong>1</strong> wrong and sure" in strip
    cat = app.extensions["catalogue"]
    for mid in ("cure", "precise", "germline"):
        assert f"“{cat.misconceptions[mid].statement}”" in strip
    assert "<strong>2 of 4</strong> right" in strip and "Has not answered yet." in strip


def test_each_finding_shows_the_question_and_the_choice_picked_as_stored_then(app, three):
    doctor, info = three
    with app.extensions["db"].sessions() as s:
        for v in s.scalars(sa.select(QuestionVersion)):
            snap = json.loads(v.snapshot)
            snap["prompt"] = "ASKED BACK THEN " + v.question_id
            snap["choices"] = [{**c, "text": "PICKED BACK THEN " + c["id"]} for c in snap["choices"]]
            v.snapshot = json.dumps(snap)
        s.commit()
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    q1 = app.extensions["catalogue"].module("demo").questions[0]
    finding = page[page.index('id="f-1-1"'):page.index("</li>", page.index('class="picks"'))]
    assert "ASKED BACK THEN demo-q1" in finding and f"“PICKED BACK THEN {_wrong(q1, 'cure')}”" in finding


def test_no_finding_points_at_another_person_and_understood_says_what_it_lists(app, three):
    doctor, info = three
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    assert "see Patient" not in page and "Talking points: see" not in page
    assert "Understood: two different questions right and sure" in page


def test_the_share_panel_folds_away_once_someone_has_joined(app, three):
    doctor, info = three
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    start = page.index('<details class="card share')
    panel = page[start:page.index("</details>", start)]
    assert info["code"] in panel and "<svg" in panel and f"/a/{info['token']}" in panel
    fresh = assign(doctor, ["demo"], "Nobody yet")
    empty = doctor.get(f"/clinician/assignments/{fresh['public_id']}").text
    assert '<details class="card share' not in empty and '<section class="card share' in empty and "<svg" in empty


def test_the_list_counts_what_needs_a_talk_as_the_report_does(app, three):
    doctor, info = three
    page = doctor.get("/clinician/").text
    assert '<th scope="col">Status</th>' in page and '<th scope="col">Link</th>' not in page
    assert "<strong>3</strong> wrong and sure" in page
    from quizapp.store import clinicians, progress
    with app.extensions["db"].sessions() as s:
        aid = s.scalar(sa.select(Assignment.id).where(Assignment.public_id == info["public_id"]))
        held = clinicians.sure_but_wrong(s, [aid])
        counted = findings.sure_wrong_counts(app.extensions["catalogue"], held,
                                             progress.question_versions(s, {r[3] for r in held}))
        people = clinicians.report_people(s, [aid])[aid]
        full = reports.build_report(app.extensions["catalogue"], ["demo"], people,
                                    progress.question_versions(s, {r.content_hash for p in people for r in p.answers}))
    assert counted[aid] == sum(p.sure_wrong for p in full.people) == 3


def test_revoke_asks_first_saying_how_many_are_reading_and_that_they_keep_their_results(app, three):
    doctor, info = three
    base = f"/clinician/assignments/{info['public_id']}"
    report = doctor.get(base).text
    assert f'href="{base}/revoke"' in report and f'action="{base}/revoke"' not in report
    confirm = doctor.get(f"{base}/revoke").text
    assert "3 people are reading this." in confirm and "keep their results" in confirm
    assert doctor.post(f"{base}/revoke", data={"csrf_token": token(confirm)}).status_code == 303
    after = doctor.get(base).text
    assert "<strong>Revoked</strong>" in after and f'href="{base}/revoke"' not in after
    assert "revoked already" in doctor.get(f"{base}/revoke").text


def test_revoke_confirmation_of_someone_elses_assignment_is_a_404(app, three):
    doctor, info = three
    create_clinician(app, "other@clinic.example")
    other = app.test_client()
    sign_in(other, "other@clinic.example")
    assert other.get(f"/clinician/assignments/{info['public_id']}/revoke").status_code == 404
