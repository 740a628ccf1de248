"""One language registry: a new language is one entry plus its files, judged by its own rules and offered by the app.

The stand-in language is made up (its words, its readability formula, its limit); it uses the code "eo" only
because Babel must know a page's code to write its dates.
"""
from __future__ import annotations

import ast
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from quizapp import languages
from quizapp.content import gate_translation, load_catalogue
from quizapp.content.gate_translation import format_table, review
from quizapp.content.syllables import syllables
from quizapp.content.translate_cli import translate_content
from quizapp.content.translated import load_translation
from quizapp.languages import Language, Readability, Words
from quizapp.patient.sheet import voice
from tests.clinician_helpers import create_clinician, sign_in
from tests.config import CONTENT, FIXTURES
from tests.helpers import token

MADE_UP = Language(
    code="eo", name="Testlingvo", word="Test language",
    dates={"short": "y-MM-dd", "long": "y-MM-dd", "month": "y-MM", "stamp": "y-MM-dd HH:mm"},
    ordinal=lambda n: f"{n}-a", syllable_rules="plain", hyphenation=None,
    readability=Readability("Zog index", "ZI", lambda words, sentences, syllables: words / sentences, 6.0,
                            higher_is_easier=False),      # words per sentence: at most 6
    words=Words(absolutes=frozenset({"ĉiam"}), hedges=frozenset({"eble"}),
                stopwords=frozenset("la de por kaj estas via viaj".split()), negations=frozenset({"ne"}),
                conditions=frozenset({"ĝis"}), differ=re.compile(r"\bmalsam\w*"), same=re.compile(r"\bsam\w*"),
                token=re.compile(r"[a-z0-9ĉĝĥĵŝŭ]+"), until="ĝis", numbers={"unu": 1, "du": 2},
                units={"tago": 1}, plural="j?"),
    voiced=("mi ne certas",), folder="eo")
LONG = "Via DNA tenas viajn genojn en ĉiu ĉelo de via tuta korpo ĉiutage."


@pytest.fixture
def made_up(monkeypatch):
    """Register the made-up language for one test; the registry is as it was afterwards."""
    monkeypatch.setattr(languages, "_REGISTERED", dict(languages._REGISTERED))
    return languages.register(MADE_UP)


@pytest.fixture
def folder(tmp_path) -> Path:
    """The test content with its Spanish folder and the made-up language's folder beside it."""
    target = tmp_path / "questions"
    shutil.copytree(CONTENT, target)
    shutil.copytree(FIXTURES / "language" / "eo", target / "eo")
    return target


def messages(folder: Path) -> str:
    return "\n".join(m for _, m in review(load_translation(load_catalogue(folder), folder / "eo", "eo")).errors)


def edit_demo(folder: Path, old: str, new: str) -> None:
    path = folder / "eo" / "01-demo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_the_registry_imports_nothing_of_the_app_nor_flask_so_every_layer_may_read_it():
    tree = ast.parse(Path(languages.__file__).read_text(encoding="utf-8"))
    imported = {n.name for node in ast.walk(tree) if isinstance(node, ast.Import) for n in node.names}
    imported |= {("." * node.level) + (node.module or "") for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported == {"__future__", "re", "collections.abc", "dataclasses", "functools"}


def test_the_registry_knows_each_language_once_with_english_as_the_source(made_up):
    assert languages.codes() == ("en", "es", "eo")
    assert languages.names() == {"en": "English", "es": "Español", "eo": "Testlingvo"}
    assert [t.code for t in languages.translations()] == ["es", "eo"]
    assert languages.get("eo") is made_up and languages.get("fr") is None
    assert languages.language("fr").code == "en" and languages.language(None).code == "en"
    assert [languages.language(c).ordinal(2) for c in ("en", "es", "eo")] == ["2nd", "2.ª", "2-a"]
    assert "mi ne certas" in languages.voiced() and "no tengo claro" in languages.voiced()


def test_a_misunderstanding_already_said_as_a_question_keeps_its_words_in_every_registered_language(made_up, app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        for said in ("Mi ne certas, ĉu geno ŝanĝiĝas.", "No tengo claro si cambia.", "I am not sure it lasts."):
            assert voice(said) == said
        assert str(voice("It cures everyone.")) == "I thought: “It cures everyone.”"


@pytest.mark.parametrize("code", ["", "EO", "eng", "e1", "../x"])
def test_a_code_that_is_not_two_lower_case_letters_is_refused(code):
    with pytest.raises(ValueError, match="two lower-case letters"):
        languages.register(replace(MADE_UP, code=code))


def test_a_language_without_syllable_rules_of_its_own_counts_vowel_groups(made_up):
    assert [syllables(w, "eo") for w in ("genojn", "proteino", "ĉiutage", "DNA")] == [2, 3, 3, 3]


def test_the_made_up_language_is_judged_by_its_own_formula_and_limit_not_by_spanish_ones(made_up, folder):
    assert "Zog index" not in messages(folder) and "Fernández-Huerta" not in messages(folder)
    edit_demo(folder, "Via **DNA** tenas viajn genojn. Geno estas recepto.", LONG)
    found = messages(folder)
    assert "01-demo.yaml: module demo / section one / field 'body': Zog index 13 is above 6;" in found
    assert "Fernández-Huerta" not in found
    row = next(r for r in review(load_translation(load_catalogue(folder), folder / "eo", "eo")).rows
               if r.id == "demo")
    assert row.score_worst == 13.0


def test_the_made_up_language_uses_its_own_cue_words_not_spanish_ones(made_up, folder):
    assert "absolute wording" not in messages(folder)     # "solo" is absolute in Spanish, a plain word here
    edit_demo(folder, "text: Recepto por proteino", "text: Ĉiam recepto proteina")
    assert "question demo-q1 / field 'choices': only the right option uses absolute wording ('ĉiam')" in \
        messages(folder)


def test_the_table_names_the_languages_own_formula(made_up, folder):
    report = review(load_translation(load_catalogue(folder), folder / "eo", "eo"))
    table = format_table(report)
    assert table.startswith("Translation: eo") and "ZI worst" in table and "ZI = Zog index" in table
    assert "FH" not in table


def test_a_folder_of_a_language_nobody_registered_is_refused_by_the_gate(folder):
    with pytest.raises(ValueError, match="no translation language 'eo' is registered"):
        gate_translation.rules("eo")


def test_check_content_judges_each_translation_folder_by_its_own_language(made_up, folder, make_app):
    app = make_app(QUESTIONS_DIR=str(folder))
    out = app.test_cli_runner().invoke(args=["check-content"]).output
    spanish, made = out.index("Translation: es"), out.index("Translation: eo")
    assert "FH worst" in out[spanish:made] and "ZI worst" in out[made:] and "FH worst" not in out[made:]


def test_the_app_offers_a_registered_language_and_its_translated_topic(made_up, folder, make_app):
    app = make_app(QUESTIONS_DIR=str(folder))
    assert app.extensions["catalogues"]["eo"].module("demo").title == "Testa temo"
    reader = app.test_client()
    home = reader.get("/", headers={"Accept-Language": "en"}).text
    assert '<a href="/language/eo?next=/" lang="eo" hreflang="eo">Testlingvo</a>' in home
    assert reader.get("/language/eo?next=/").status_code == 303
    page = reader.get("/").text
    assert '<html lang="eo">' in page and "Testa temo" in page
    create_clinician(app, "eo@clinic.example")
    doctor = app.test_client()
    sign_in(doctor, "eo@clinic.example")
    form = doctor.get("/clinician/assignments/new").text
    assert 'value="eo"' in form and 'lang="eo">Testlingvo</label>' in form
    made = doctor.post("/clinician/assignments/new", data={"csrf_token": token(form), "modules": ["demo"],
                                                           "label": "eo", "days": "30", "lang": "eo"})
    assert made.status_code == 303
    handout = doctor.get(made.location + "/handout").text
    assert '<html lang="eo">' in handout and "Testa temo" in handout


def test_translate_content_writes_stubs_into_a_registered_languages_folder_and_refuses_other_codes(made_up, folder,
                                                                                                  make_app):
    runner = make_app(QUESTIONS_DIR=str(folder)).test_cli_runner()
    written = runner.invoke(translate_content, ["--lang", "eo", "--path", str(folder), "--write"])
    assert written.exit_code == 0 and f"files in {folder / 'eo'}." in written.output
    assert "# EN: Part two" in (folder / "eo" / "01-demo.yaml").read_text(encoding="utf-8")
    for code in ("fr", "en", "EO"):
        refused = runner.invoke(translate_content, ["--lang", code, "--path", str(folder)])
        assert refused.exit_code == 2 and "the code of a translation in quizapp/languages.py (es, eo)" in \
            refused.output
