"""One person's results as a FHIR R4 Bundle: valid R4B, answers as the person saw them, for the owner only, audited."""
from __future__ import annotations

import base64
import json
import re

import pytest
from fhir.resources.R4B.bundle import Bundle

from quizapp.interchange import fhir
from quizapp.models import AuditEvent
from quizapp.states import AuditAction
from tests.clinician_helpers import assigning_doctor, create_clinician, join, sign_in
from tests.helpers import Patient, rows

A, B = "dr.a@clinic.example", "dr.b@clinic.example"
BASE = "https://learn.example.org"


@pytest.fixture
def setup(make_app, backend):
    """A clinician's assignment with one patient who answered every question: the first one wrongly and sure."""
    app = make_app(backend, PUBLIC_BASE_URL=BASE)
    doctor, info = assigning_doctor(app, A, ["demo"])
    reader = app.test_client()
    join(reader, info["token"], "patient")
    module = app.extensions["catalogue"].module("demo")
    first = module.questions[0]
    Patient(reader, "demo").finish(module, right={q.id for q in module.questions[1:]})
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    url = re.search(r'href="(/clinician/assignments/[^"]+/fhir)"', page).group(1)   # the report links to it
    person = url.split("/")[-2]
    return {"app": app, "doctor": doctor, "reader": reader, "url": url, "info": info, "person": person,
            "module": module, "first": first}


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_bundle_is_valid_fhir_r4b_with_a_questionnaire_responses_and_a_note(setup):
    resp = setup["doctor"].get(setup["url"])
    assert resp.status_code == 200 and resp.mimetype == "application/fhir+json"
    bundle = resp.get_json()
    Bundle.model_validate(bundle)
    (q,) = resources(bundle, "Questionnaire")
    module = setup["module"]
    assert q["url"] == f"{BASE}/fhir/Questionnaire/demo" and q["version"] == module.version
    first = setup["first"]
    item = next(i for g in q["item"] if g["type"] == "group" for i in g["item"] if i["linkId"] == first.id)
    codes = [(o["valueCoding"]["code"], o["extension"][0]["valueDecimal"]) for o in item["answerOption"]]
    assert codes == [(c.id, 1 if c.correct else 0) for c in first.choices]
    assert codes[-1] == ("dont-know", 0)
    assert all(o["extension"][0]["url"] == fhir.ITEM_WEIGHT for o in item["answerOption"])
    (note,) = resources(bundle, "DocumentReference")
    assert note["type"]["coding"][0]["code"] == "34895-3"
    html = base64.b64decode(note["content"][0]["attachment"]["data"]).decode()
    assert "Consult sheet" in html and module.title in html
    for r in bundle["entry"]:
        assert "subject" not in r["resource"]     # the EHR fills the patient in


def test_each_answer_is_a_coding_and_how_sure_is_an_item_of_its_own(setup):
    bundle = setup["doctor"].get(setup["url"]).get_json()
    (qr,) = resources(bundle, "QuestionnaireResponse")      # one topic, first try only
    assert qr["questionnaire"] == f"{BASE}/fhir/Questionnaire/demo|{setup['module'].version}"
    assert qr["status"] == "completed"
    answered = {i["linkId"]: i["answer"][0] for g in qr["item"] if "item" in g for i in g["item"]}
    first = setup["first"]
    wrong = next(c for c in first.choices if not c.correct)
    assert answered[first.id]["valueCoding"]["code"] == wrong.id
    assert answered[first.id]["valueCoding"]["display"] == wrong.text
    assert answered[f"{first.id}-confidence"]["valueCoding"]["code"] == "sure"
    score = next(i for i in qr["item"] if i["linkId"] == "score")
    assert score["answer"][0]["valueInteger"] == len(setup["module"].questions) - 1


def test_i_dont_know_yet_is_sent_as_its_own_code(make_app, backend):
    app = make_app(backend)
    doctor, info = assigning_doctor(app, A, ["demo"])
    reader = app.test_client()
    join(reader, info["token"])
    module = app.extensions["catalogue"].module("demo")
    patient = Patient(reader, "demo")
    patient.start()
    assert patient.answer(module.questions[0].id, "dont-know", None).status_code == 303
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    person = re.search(r"/people/([0-9a-f]{24})/remove", page).group(1)
    bundle = doctor.get(f"/clinician/assignments/{info['public_id']}/people/{person}/fhir").get_json()
    Bundle.model_validate(bundle)
    (qr,) = resources(bundle, "QuestionnaireResponse")
    assert qr["status"] == "in-progress"
    (group,) = [g for g in qr["item"] if "item" in g]
    assert group["item"][0]["answer"][0]["valueCoding"]["code"] == "dont-know"


def test_the_export_is_audited(setup):
    setup["doctor"].get(setup["url"])
    events = [(e.action, e.assignment_id is not None) for e in rows(setup["app"], AuditEvent)]
    assert (AuditAction.EXPORT_FHIR, True) in events


def test_strangers_patients_and_other_clinicians_get_nothing(setup):
    app, url = setup["app"], setup["url"]
    anonymous = app.test_client().get(url)
    assert anonymous.status_code == 302 and "/clinician/login" in anonymous.location
    assert setup["reader"].get(url).status_code == 302
    create_clinician(app, B)
    other = app.test_client()
    sign_in(other, B)
    assert other.get(url).status_code == 404
    assert not [e for e in rows(app, AuditEvent) if e.action == AuditAction.EXPORT_FHIR]


def test_unknown_assignments_and_people_are_404(setup):
    doctor, info = setup["doctor"], setup["info"]
    assert doctor.get(f"/clinician/assignments/nosuchassignment/people/{setup['person']}/fhir").status_code == 404
    assert doctor.get(f"/clinician/assignments/{info['public_id']}/people/{'0' * 24}/fhir").status_code == 404
    assert not [e for e in rows(setup["app"], AuditEvent) if e.action == AuditAction.EXPORT_FHIR]


def test_the_command_writes_one_valid_bundle_per_person_and_audits_it(setup, tmp_path):
    app, info = setup["app"], setup["info"]
    result = app.test_cli_runner().invoke(args=["export-fhir", info["public_id"], "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.glob("*.fhir.json")
    assert path.name == f"{info['public_id']}-{setup['person']}.fhir.json"
    Bundle.model_validate(json.loads(path.read_text(encoding="utf-8")))
    assert AuditAction.EXPORT_FHIR in [e.action for e in rows(app, AuditEvent)]


def test_the_command_names_an_unknown_assignment(setup, tmp_path):
    out = tmp_path / "out"
    result = setup["app"].test_cli_runner().invoke(args=["export-fhir", "nosuch", "-o", str(out)])
    assert result.exit_code != 0 and "no assignment 'nosuch'" in result.output
    assert not out.exists()
