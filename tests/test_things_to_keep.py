"""Things to keep: the "call right away" card at the end of the parts that list warning signs and on the consult
sheet of those topics (with the clinic's phone, or a line to write it on), the 3-month after-care tracker for the
in vivo topic, and the ex vivo timeline shown again in the families topic."""
from __future__ import annotations

from pathlib import Path

import pytest

from quizapp import aftercare
from quizapp.content import load_catalogue
from tests.helpers import Patient

QUESTIONS = Path(__file__).resolve().parent.parent / "questions"
CATALOGUE = load_catalogue(QUESTIONS)


@pytest.fixture
def real(make_app):
    return make_app(QUESTIONS_DIR=str(QUESTIONS), CLINIC_NAME="Gene Clinic", CLINIC_PHONE="020 7946 0000")


def started(app, topic: str):
    client = app.test_client()
    Patient(client, topic).start()
    return client


def reach(client, topic: str, part: str) -> None:
    """Answer every question before a part (right), so the reader may open it."""
    for q in CATALOGUE.module(topic).questions:
        if q.section_id == part:
            return
        Patient(client, topic).answer(q.id, q.correct_choice.id)


def test_every_part_and_figure_the_rules_name_exists_in_the_content():
    for topic, part in aftercare.SIGN_PARTS | set(aftercare.REUSED_FIGURES) | set(aftercare.REUSED_FIGURES.values()):
        assert CATALOGUE.module(topic).section(part) is not None, (topic, part)
    assert aftercare.TRACKER_TOPICS <= set(CATALOGUE.modules)
    figure = aftercare.reused_figure(CATALOGUE, "families", "getting-ready")
    assert figure is not None and figure.file == "ex-vivo-timeline.svg"
    assert aftercare.reused_figure(CATALOGUE, "families", "hospital") is None


def test_the_sheet_of_the_in_vivo_topic_carries_the_card_with_the_clinics_phone_and_the_tracker(real):
    client = started(real, "how-it-is-given")
    sheet = client.get("/sheet").text
    assert "Call your care team right away if…" in sheet and 'href="tel:02079460000"' in sheet
    assert "yellow whites of the eyes" in sheet and "a steroid dose missed or thrown up" in sheet
    assert "After a Zolgensma dose: my 3 months" in sheet and "Liver blood tests: write each date" in sheet


def test_without_a_clinic_phone_the_card_has_a_line_to_write_the_number_on(make_app):
    app = make_app(QUESTIONS_DIR=str(QUESTIONS), CLINIC_PHONE="")
    sheet = started(app, "risks").get("/sheet").text
    assert "Our team's number, day and night:" in sheet and 'class="write-blank"' in sheet
    assert "After a Zolgensma dose" not in sheet, "the tracker belongs to the in vivo topic only"


def test_a_topic_without_warning_signs_has_no_card_on_its_sheet(real):
    sheet = started(real, "basics").get("/sheet").text
    assert "Call your care team right away if" not in sheet and "my 3 months" not in sheet


def test_the_card_ends_the_parts_that_list_signs_and_the_families_topic_shows_the_timeline(real):
    client = started(real, "families")
    first = CATALOGUE.module("families").sections[0]
    assert "Call your care team right away if" not in client.get(f"/m/families/read/{first.id}").text
    reach(client, "families", "home-care")
    ready = client.get("/m/families/read/getting-ready").text
    assert "ex-vivo-timeline.svg" in ready and 'id="figure-lent-getting-ready-words"' in ready
    assert "Use this to plan:" in ready, "the planning chart says how to use it"
    home = client.get("/m/families/read/home-care").text
    assert "Call your care team right away if…" in home and 'href="tel:02079460000"' in home


def test_how_it_works_shows_the_addition_and_editing_figure_in_its_first_part(real):
    page = started(real, "how-it-works").get("/m/how-it-works/read/adding-a-copy").text
    assert "addition-vs-editing.svg" in page
    assert "Gene addition brings in a working copy" in page


def test_the_trials_part_on_good_and_harm_shows_them_as_two_groups_of_100(real):
    client = started(real, "trials")
    reach(client, "trials", "early-approval")
    page = client.get("/m/trials/read/early-approval").text
    assert "icons/good-and-harm-100.svg" in page and "more than 80 in 100 boys" in page
    assert "In the first group, 81 are filled in" in page and "In the second group, 15 are filled in" in page
    assert "good-and-harm-100.svg" not in client.get(f"/m/trials/read/{CATALOGUE.module('trials').sections[0].id}").text
