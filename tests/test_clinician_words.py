"""The clinician's pages put every word through the translators' catalogue: in Spanish for a clinician who chose it."""
from __future__ import annotations

import re
from types import SimpleNamespace as Row

from flask import render_template_string

from quizapp import findings, reports
from quizapp.content.model import Misconception
from tests.clinician_helpers import assigning_doctor, join
from tests.helpers import token

EMAIL = "words@clinic.example"


def remove_form(doctor, report: str) -> tuple[str, str]:
    """The action and form token of the form that removes the first person, on the page the report asks first on."""
    ask = re.search(r'href="([^"]*/people/[^"/]+/remove)"', report).group(1)
    form = re.search(r'<form[^>]*action="([^"]*/remove)"[^>]*>.*?</form>', doctor.get(ask).text, re.S)
    return form.group(1), token(form.group(0))


def test_each_topic_to_assign_says_its_minutes_in_the_clinicians_language(app):
    doctor, _ = assigning_doctor(app, EMAIL, ["demo"])
    minutes = app.extensions["catalogues"]["es"].module("demo").reading_minutes
    doctor.get("/language/es?next=/")
    page = doctor.get("/clinician/assignments/new").text
    assert f"Tema de prueba (unos {minutes} min)" in page and "(about" not in page
    doctor.get("/language/en?next=/")
    english = app.extensions["catalogue"].module("demo").title
    assert f"{english} (about {minutes} min)" in doctor.get("/clinician/assignments/new").text


def test_removing_a_person_speaks_spanish_when_refused_and_when_done(app):
    doctor, info = assigning_doctor(app, EMAIL, ["demo"])
    join(app.test_client(), info["token"])
    doctor.get("/language/es?next=/")
    action, csrf = remove_form(doctor, doctor.get(f"/clinician/assignments/{info['public_id']}").text)
    refused = doctor.post(action, data={})   # the form token is checked before the view: the stale-form page
    assert refused.status_code == 400 and '<html lang="es">' in refused.text and "Please" not in refused.text
    done = doctor.post(action, data={"csrf_token": csrf}, follow_redirects=True)
    assert done.status_code == 200
    assert "Se quitó a esa persona de este informe y de las estadísticas de preguntas." in done.text
    assert "That person was removed" not in done.text


def test_a_wrong_answer_naming_no_misconception_is_worded_in_the_pages_language(app):
    stand_in = Misconception(id=f"{findings.STAND_IN}genes", statement="Genes y ADN", correction="",
                             talking_points=())
    named = Misconception(id="germline", statement="It passes to my children.", correction="", talking_points=())
    shown = "{{ a|statement }} | {{ b|statement }}"
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        assert render_template_string(shown, a=stand_in, b=named) == \
            "No acertó una pregunta sobre: Genes y ADN. | It passes to my children."
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert render_template_string(shown, a=stand_in, b=named).startswith("Missed a question about: Genes y ADN.")
    assert findings.statement(stand_in) == "Missed a question about: Genes y ADN."   # outside a page: the source words


def test_a_second_join_is_counted_in_the_pages_language(app):
    people = [Row(public_id=str(i), role="patient", number=0) for i in range(3)]
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        assert [str(x) for x in reports.person_labels(people).values()] == ["Paciente", "Paciente (2.ª entrada)",
                                                                "Paciente (3.ª entrada)"]
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert [str(x) for x in reports.person_labels(people).values()][1:] == ["Patient (2nd join)", "Patient (3rd join)"]
