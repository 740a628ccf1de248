"""Sharing and identity: the QR code on the report, links from the public address, the handout with the clinic,
the workspace marker and sign-in link, and bundles of topics on the new-assignment form."""
from __future__ import annotations

import shutil

import pytest

from quizapp.content import ContentError, load_catalogue
from tests.clinician_helpers import assign, create_clinician, new_assignment, sign_in
from tests.config import CONTENT

EMAIL = "sharing@clinic.example"
BUNDLES = """
bundles:
  - id: demo-consult
    title: Before a demo consult
    modules: [demo]
"""



def test_links_and_qr_codes_come_from_the_public_address_not_the_host_typed(make_app):
    app = make_app(PUBLIC_BASE_URL="https://learn.example.org", CLINIC_NAME="Gene Clinic North",
                   CLINIC_PHONE="+1 555 0100")
    create_clinician(app, EMAIL)
    client = app.test_client()
    sign_in(client, EMAIL)
    info = assign(client, ["demo"])
    report = client.get(f"/clinician/assignments/{info['public_id']}").text  # asked for at http://localhost/
    assert f'href="https://learn.example.org/a/{info["token"]}"' in report and "http://localhost" not in report
    handout = client.get(f"/clinician/assignments/{info['public_id']}/handout").text
    assert "Scan the code with your phone's camera, or type this address:" in handout
    assert "<strong>https://learn.example.org/</strong>" in handout
    assert "From <strong>Gene Clinic North</strong>" in handout and "+1 555 0100" in handout
    assert "Your appointment:" in handout and 'class="blank"' in handout


def test_a_handout_without_a_clinic_phone_leaves_a_line_to_write_one(app, doctor):
    info = assign(doctor, ["demo"])
    handout = doctor.get(f"/clinician/assignments/{info['public_id']}/handout").text
    assert "Phone for questions:" in handout and "From <strong>" not in handout


def test_the_report_shows_the_qr_code_and_copy_buttons_that_only_the_script_reveals(app, doctor):
    info = assign(doctor, ["demo"])
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    assert '<figure class="qr"><svg' in page
    assert 'data-copy="share-code" hidden>Copy the code' in page
    assert 'data-copy="share-link" hidden>Copy the link' in page
    assert '<script src="/static/clinician.js?v=' in page and "<script>" not in page


def test_clinician_pages_say_whose_workspace_and_patient_pages_link_to_the_sign_in(app, doctor):
    assert "Clinician workspace" in doctor.get("/clinician/").text
    assert "Clinician workspace" in app.test_client().get("/clinician/login").text
    home = app.test_client().get("/").text
    assert 'href="/clinician/login">Clinician sign-in</a>' in home and "Clinician workspace" not in home


def test_new_assignment_offers_select_all_and_a_running_total(app, doctor):
    page = doctor.get("/clinician/assignments/new").text
    assert 'href="/clinician/assignments/new?bundle=all"' in page and "No topics ticked yet." in page
    minutes = app.extensions["catalogue"].module("demo").reading_minutes
    every = doctor.get("/clinician/assignments/new?bundle=all").text
    assert 'value="demo" checked' in every and f"In all: about {minutes} minutes of reading." in every
    assert 'value="demo" checked' not in doctor.get("/clinician/assignments/new?bundle=nonsense").text


def test_the_label_hint_is_a_hint_until_the_label_is_wrong(app, doctor):
    page = doctor.get("/clinician/assignments/new").text
    assert '<span class="hint" id="label-hint">' in page and 'class="error"' not in page
    refused = new_assignment(doctor, ["demo"], label="born 1990-01-02").text
    assert '<span class="hint" id="label-hint">' in refused and 'id="label-error"' in refused


def test_bundles_from_the_content_tick_their_topics(make_app, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    with (content / "_common.yaml").open("a") as fh:
        fh.write(BUNDLES)
    app = make_app(QUESTIONS_DIR=str(content))
    create_clinician(app, EMAIL)
    client = app.test_client()
    sign_in(client, EMAIL)
    page = client.get("/clinician/assignments/new").text
    assert 'href="/clinician/assignments/new?bundle=demo-consult" data-pick="demo">Before a demo consult</a>' in page
    assert 'value="demo" checked' in client.get("/clinician/assignments/new?bundle=demo-consult").text


def test_a_bundle_naming_a_topic_that_does_not_exist_stops_the_content_loading(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    with (content / "_common.yaml").open("a") as fh:
        fh.write(BUNDLES.replace("[demo]", "[demo, demo, no-such-topic]"))
    with pytest.raises(ContentError) as err:
        load_catalogue(content)
    assert any("bundle demo-consult / field 'modules': unknown module 'no-such-topic'" in p
               for p in err.value.problems)
    assert any("'demo' is listed twice" in p for p in err.value.problems)
