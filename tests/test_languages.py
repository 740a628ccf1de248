"""Choosing the language (browser, link, cookie, assignment), and results kept across languages."""
from __future__ import annotations

import csv
import io
import re

import pytest
import sqlalchemy as sa

from quizapp import migrations
from quizapp.i18n import safe_next
from quizapp.models import Answer, Assignment, ItemTally
from tests.clinician_helpers import join
from tests.helpers import Patient, rows, token

EMAIL = "lang@clinic.example"


def page_lang(resp) -> str:
    """The language a page says it is in."""
    return re.search(r'<html lang="([a-z]+)">', resp.text).group(1)



def assign_in(doctor, lang: str) -> dict:
    """Create an assignment of the demo topic read in a language; return its public id and link token."""
    page = doctor.get("/clinician/assignments/new").text
    assert 'name="lang" id="lang-es" value="es"' in page and 'lang="es">Español</label>' in page
    resp = doctor.post("/clinician/assignments/new", data={"csrf_token": token(page), "modules": ["demo"],
                                                          "label": "lang", "days": "30", "lang": lang})
    assert resp.status_code == 303
    public_id = resp.location.rsplit("/", 1)[-1]
    report = doctor.get(resp.location).text
    return {"public_id": public_id, "token": re.search(r'/a/([A-Za-z0-9_\-]+)"', report).group(1)}


def test_the_browser_language_sets_the_first_page(client):
    assert page_lang(client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})) == "es"
    assert page_lang(client.get("/", headers={"Accept-Language": "en-US,en;q=0.9,es;q=0.5"})) == "en"
    assert page_lang(client.get("/", headers={"Accept-Language": "de-DE"})) == "en"
    assert page_lang(client.get("/")) == "en"


def test_the_link_on_every_page_switches_and_the_cookie_remembers(client):
    home = client.get("/", headers={"Accept-Language": "en"}).text
    assert '<a href="/language/es?next=/" lang="es" hreflang="es">Español</a>' in home
    resp = client.get("/language/es?next=/glossary")
    assert resp.status_code == 303 and resp.location == "/glossary"
    again = client.get("/glossary", headers={"Accept-Language": "en"})  # the choice beats the browser
    assert page_lang(again) == "es" and 'hreflang="en">English</a>' in again.text
    assert page_lang(client.get(client.get("/language/en?next=/").location)) == "en"
    assert client.get("/language/fr").status_code == 404


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example",
                                    "", None, "evil"])
def test_going_back_after_a_switch_stays_on_this_site(target):
    assert safe_next(target) == "/"


def test_an_assignment_in_spanish_speaks_spanish_to_whoever_joins_it(app, doctor):
    share = assign_in(doctor, "es")
    reader = app.test_client()
    welcome = reader.get(f"/a/{share['token']}", headers={"Accept-Language": "en"})
    assert page_lang(welcome) == "es" and "¿Quién va a leer?" in welcome.text
    first = join(reader, share["token"], "patient")
    assert page_lang(reader.get(first.location, headers={"Accept-Language": "en"})) == "es"
    reader.get("/language/en?next=/")  # the reader's own choice wins over the assignment's
    assert page_lang(reader.get("/", headers={"Accept-Language": "es"})) == "en"
    (a,) = rows(app, Assignment)
    assert a.lang == "es"


def test_the_clinician_workspace_follows_the_browser_and_the_switch(doctor):
    page = doctor.get("/clinician/", headers={"Accept-Language": "es"})
    assert page_lang(page) == "es" and 'hreflang="en">English</a>' in page.text
    doctor.get("/language/en?next=/")
    assert page_lang(doctor.get("/clinician/stats", headers={"Accept-Language": "es"})) == "en"
    doctor.get("/language/es?next=/")
    assert page_lang(doctor.get("/clinician/stats")) == "es"


def test_the_report_and_the_list_speak_spanish_when_the_clinician_chose_it(app, doctor):
    share = assign_in(doctor, "en")
    reader = app.test_client()
    join(reader, share["token"], "caregiver")
    Patient(reader).finish(app.extensions["catalogues"]["en"].module("demo"), right={"demo-q1"})
    doctor.get("/language/es?next=/")
    report = doctor.get(f"/clinician/assignments/{share['public_id']}").text
    assert '<html lang="es">' in report and "Para conversar" in report and "Antes de la consulta" in report
    assert "Persona que cuida" in report and "Discuss these" not in report
    listing = doctor.get("/clinician/").text
    assert "Sus asignaciones" in listing and "Personas y avance" in listing and "Your assignments" not in listing


def test_the_handout_prints_in_the_assignments_language_whatever_the_clinician_reads(doctor):
    share = assign_in(doctor, "es")
    handout = doctor.get(f"/clinician/assignments/{share['public_id']}/handout", headers={"Accept-Language": "en"})
    assert page_lang(handout) == "es" and "Lectura para usted antes de su visita" in handout.text
    assert "Tema de prueba" in handout.text
    english = assign_in(doctor, "en")
    handout = doctor.get(f"/clinician/assignments/{english['public_id']}/handout",
                         headers={"Accept-Language": "es"})
    assert page_lang(handout) == "en" and "Reading for you before your visit" in handout.text


def test_answers_record_their_language_and_the_report_shows_the_readers(app, doctor):
    share = assign_in(doctor, "es")
    reader = app.test_client()
    join(reader, share["token"], "patient")
    mod = app.extensions["catalogues"]["es"].module("demo")
    Patient(reader).finish(mod, right={"demo-q1"})
    stored = {a.question_id: a.lang for a in rows(app, Answer)}
    assert stored["demo-q1"] == "es" and stored["demo-q3"] == "en"   # demo-q3 fell back to English
    report = doctor.get(f"/clinician/assignments/{share['public_id']}", headers={"Accept-Language": "en"}).text
    assert "Read in Spanish and English" in report
    statement = app.extensions["catalogues"]["en"].misconceptions
    assert any(f"“{m.statement}”" in report for m in statement.values())   # findings in the clinician's words
    assert '<span lang="es">¿Dónde se guarda el ADN?</span>' in report     # the question as the reader saw it
    table = list(csv.reader(io.StringIO(doctor.get(f"/clinician/assignments/{share['public_id']}/answers.csv").text)))
    head = table[0]
    langs = {r[head.index("question_id")]: r[head.index("language")] for r in table[1:]}
    assert langs["demo-q2"] == "es" and langs["demo-q3"] == "en"


def test_statistics_stay_per_question_across_languages_with_a_filter(app, doctor):
    share = assign_in(doctor, "es")
    en = assign_in(doctor, "en")
    for link, lang in ((share["token"], "es"), (en["token"], "en")):
        reader = app.test_client()
        join(reader, link, "patient")
        Patient(reader).finish(app.extensions["catalogues"][lang].module("demo"))
    tallies = rows(app, ItemTally)
    assert {t.lang for t in tallies if t.question_id == "demo-q1"} == {"en", "es"}

    def answers(q: str, **args) -> int:
        page = doctor.get("/clinician/stats", query_string={"module": "demo", **args}).text
        row = re.search(r'<th scope="row">' + re.escape(q) + r"</th>\s*<td>(\d+)</td>", page)
        return int(row.group(1))
    prompt = app.extensions["catalogues"]["en"].module("demo").question("demo-q1").prompt
    assert answers(prompt) == 2 and answers(prompt, lang="es") == 1 and answers(prompt, lang="en") == 1
    assert doctor.get("/clinician/stats?lang=fr").status_code == 404


def test_upgrading_keeps_rows_and_says_they_were_shown_in_english(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    migrations.upgrade(url, "0005")
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO clinician (id, email, password_hash, active, session_version, created_at) "
                          "VALUES (1, 'old@clinic.example', 'x', 1, 1, '2026-11-20')"))
        c.execute(sa.text("INSERT INTO assignment (id, public_id, clinician_id, token, code, modules, label, "
                          "created_at, expires_at, archived) VALUES (1, 'asg', 1, 't', 'C', 'demo', '', "
                          "'2026-11-20', '2026-12-20', 0)"))
        c.execute(sa.text("INSERT INTO item_tally (clinician_id, question_id, content_hash, choice, correct, score, n)"
                          " VALUES (1, 'demo-q1', 'h', 'recipe-protein', 1, 1, 3)"))
    migrations.upgrade(url)
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT lang FROM assignment")).scalar_one() == "en"
        assert c.execute(sa.text("SELECT lang, n FROM item_tally")).one() == ("en", 3)
        columns = {col["name"] for col in sa.inspect(c).get_columns("answer")}
    engine.dispose()
    assert "lang" in columns


def test_switching_reader_on_a_shared_phone_switches_to_their_assignments_language(app, doctor):
    spanish, english = assign_in(doctor, "es"), assign_in(doctor, "en")
    phone = app.test_client()
    join(phone, spanish["token"], "patient")
    assert page_lang(phone.get("/")) == "es"
    join(phone, english["token"], "caregiver")
    assert page_lang(phone.get("/")) == "en"
    readers = phone.get("/who").text
    first = re.search(r'name="person" value="([^"]+)"', readers).group(1)
    phone.post("/who", data={"csrf_token": token(readers), "person": first})
    assert page_lang(phone.get("/")) == "es"


def test_the_item_stats_command_counts_one_language_when_asked(app, doctor):
    share = assign_in(doctor, "es")
    reader = app.test_client()
    join(reader, share["token"], "patient")
    Patient(reader).finish(app.extensions["catalogues"]["es"].module("demo"))
    runner = app.test_cli_runner()
    counted = {lang: runner.invoke(args=["item-stats", "--format", "csv", "--lang", lang]).output
               for lang in ("en", "es")}
    row = {lang: next(r for r in csv.reader(io.StringIO(out)) if r and r[0] == "demo-q1")
           for lang, out in counted.items()}
    assert row["es"][2] == "1" and row["en"][2] == "0"


def test_the_catalogue_is_compiled_once_and_again_when_its_words_change(tmp_path):
    from quizapp import i18n
    target = tmp_path / "translations"
    assert i18n.compiled_folder(target) == target
    mo = target / "es/LC_MESSAGES/messages.mo"
    first = mo.stat().st_mtime_ns
    i18n.compiled_folder(target)
    assert mo.stat().st_mtime_ns == first                       # unchanged words: nothing compiled
    (target / "es/LC_MESSAGES/messages.source").write_text("another catalogue")
    i18n.compiled_folder(target)
    assert (target / "es/LC_MESSAGES/messages.source").read_text() != "another catalogue"


def test_a_closed_spanish_link_says_so_in_spanish_on_an_english_phone(app, doctor):
    made = assign_in(doctor, "es")
    report = doctor.get(f"/clinician/assignments/{made['public_id']}").text
    assert doctor.post(f"/clinician/assignments/{made['public_id']}/revoke",
                       data={"csrf_token": token(report)}).status_code == 303
    resp = app.test_client().get(f"/a/{made['token']}", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert resp.status_code == 410 and page_lang(resp) == "es"
