"""The Spanish catalogue: translated units show Spanish, the rest falls back to English, and the gate reports both."""
from __future__ import annotations

import shutil

import pytest
import yaml

from quizapp.content import catalogue, gate_translation, load_catalogue
from quizapp.content.cues import found
from quizapp.content.translate_cli import translate_content
from quizapp.content.translated import EXTRA, MISSING, STALE, TRANSLATED, load_translation
from quizapp.languages import language
from quizapp.states import Round
from tests.config import CONTENT

HARD = ("La administración institucional correspondiente necesita consideraciones extraordinariamente "
        "minuciosas respecto de autorizaciones farmacéuticas internacionales y responsabilidades organizativas, "
        "particularmente relacionadas con intervenciones terapéuticas individualizadas y procedimientos "
        "administrativos complementarios.")
SPANISH = language("es").words


def spanish(folder=CONTENT):
    """Load the English content of a folder and its Spanish translation."""
    return load_translation(load_catalogue(folder), folder / "es", "es")


def states(translation) -> dict[str, str]:
    """Each unit's state, by the last words of its place."""
    return {u.place.split(": ", 1)[1]: u.state for u in translation.units}


def errors(folder) -> str:
    return "\n".join(message for _, message in gate_translation.review(spanish(folder)).errors)


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "questions"
    shutil.copytree(CONTENT, target)
    return target


def edit(path, change) -> None:
    """Load a YAML file, apply change(data), write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_a_translated_unit_shows_spanish_marked_es_with_the_english_answer_key():
    cat = spanish().catalogue
    demo = cat.module("demo")
    assert (demo.title, demo.lang, cat.lang) == ("Tema de prueba", "es", "es")
    one = demo.section("one")
    assert one.lang == "es" and 'href="../../../glossary#dna"><strong>ADN</strong></a> guarda' in one.body_html
    q1 = demo.question("demo-q1")
    assert (q1.prompt, q1.lang, q1.correct_choice.id) == ("¿Qué guarda un gen?", "es", "recipe-protein")
    assert q1.choice("copy-virus").text == "Una copia de un virus" and q1.choice("copy-virus").misconception == \
        "germline"
    assert q1.choices[-1].text == "Todavía no lo sé" and q1.choices[-1].lang == "es"
    assert demo.question("demo-q4").sibling.prompt.startswith("¿Podría")
    assert cat.glossary["dna"].term == "ADN" and cat.glossary["gene"].forms == ("gen", "genes")
    assert cat.misconceptions["germline"].lang == "es" and cat.concepts["genes-dna"].label == "Los genes y el ADN"
    assert cat.disclaimer.startswith("Esto es educación") and cat.text_lang("disclaimer") == "es"


def test_a_missing_unit_falls_back_to_english_marked_en():
    translation = spanish()
    cat, english = translation.catalogue, load_catalogue(CONTENT)
    two, q3 = cat.module("demo").section("two"), cat.module("demo").question("demo-q3")
    assert (two.title, two.lang) == ("Part two", "en")
    assert two.body_html == english.module("demo").section("two").body_html
    assert (q3.prompt, q3.lang, q3.choices[0].lang) == ("What does gene editing do?", "en", "en")
    assert q3.choices[-1].text == "Todavía no lo sé"  # the fixed choice belongs to the interface's language
    assert cat.misconceptions["precise"].lang == "en" and cat.text_lang("checklist") == "en"
    assert cat.checklist == english.checklist
    got = states(translation)
    assert got["module demo / section two"] == got["module demo / section two / question demo-q3"] == MISSING
    assert got["module demo / section two / question demo-q4"] == TRANSLATED


def test_english_hashes_are_unchanged_and_spanish_ones_include_the_language():
    english, cat = load_catalogue(CONTENT), spanish().catalogue
    for q_en, q_es in zip(english.module("demo").all_questions, cat.module("demo").all_questions, strict=True):
        assert q_en.content_hash != q_es.content_hash
    assert english.module("demo").question("demo-q1").lang == "en"


def test_a_unit_whose_english_changed_is_stale_and_falls_back(folder):
    edit(folder / "01-demo.yaml", lambda d: d["sections"][0]["questions"][0].update(prompt="What is in a gene?"))
    translation = spanish(folder)
    assert states(translation)["module demo / section one / question demo-q1"] == STALE
    q1 = translation.catalogue.module("demo").question("demo-q1")
    assert (q1.prompt, q1.lang) == ("What is in a gene?", "en")
    assert "question demo-q1: stale: the English text changed since it was translated" in errors(folder)


def test_an_extra_id_is_reported(folder):
    def add(d):
        q1 = d["sections"][0]["questions"][0]
        q1["choices"].append({"id": "made-up", "text": "Otra cosa", "feedback": "No."})
        d["sections"][0]["questions"].append({"id": "demo-q9", "prompt": "¿Qué?"})
    edit(folder / "es" / "01-demo.yaml", add)
    edit(folder / "es" / "_common.yaml", lambda d: d["glossary"].append({"id": "virus", "term": "virus"}))
    got = states(spanish(folder))
    assert got["module demo / section one / question demo-q1 / choice made-up"] == EXTRA
    assert got["module demo / section one / question demo-q9"] == EXTRA and got["term virus"] == EXTRA
    text = errors(folder)
    assert "section one / question demo-q9: extra: the English section has no question with this id" in text
    assert "_common.yaml: term virus: extra: no English term has this id" in text


def test_a_half_translated_unit_is_missing_and_names_what_is_left(folder):
    edit(folder / "es" / "01-demo.yaml", lambda d: d["sections"][0]["questions"][0]["choices"][1].update(feedback=""))
    assert states(spanish(folder))["module demo / section one / question demo-q1"] == MISSING
    assert "question demo-q1: missing: still untranslated: choice copy-virus / field 'feedback'" in errors(folder)


def test_a_section_below_fernandez_huerta_70_is_an_error(folder):
    assert "Fernández-Huerta" not in errors(folder)
    edit(folder / "es" / "01-demo.yaml", lambda d: d["sections"][0].update(body=HARD))
    assert "section one / field 'body': Fernández-Huerta ease" in errors(folder)
    row = next(r for r in gate_translation.review(spanish(folder)).rows if r.id == "demo")
    assert row.score_worst < language("es").readability.limit == 70


def test_spanish_absolute_words_and_hedges_include_phrases():
    assert found("Eso no puede pasar a veces", SPANISH.absolutes, SPANISH) == ["no puede"]
    assert found("Eso no puede pasar a veces", SPANISH.hedges, SPANISH) == ["puede", "a veces"]
    assert found("Sólo en la mayoría", SPANISH.hedges | SPANISH.absolutes, SPANISH) == \
        ["sólo", "la mayoría"]


def test_the_cue_rules_and_the_solver_fire_on_cue_laden_spanish_questions(folder):
    before = errors(folder)
    assert "'three rules'" not in before and "wording" not in before and "'nunca pasa nada'" not in before

    def cues(d):
        first = d["sections"][0]["questions"][0]  # with its parallel forms, so cue-laden questions are the most
        for q in [*d["sections"][0]["questions"], d["sections"][1]["questions"][1], first["sibling"], first["alternate"]]:
            for c, text in zip(q["choices"], ("Puede ser una receta que sus células a veces leen con cuidado",
                                              "Nunca pasa nada", "Siempre un virus"), strict=True):
                c["text"] = text
        d["sections"][0]["questions"][1]["prompt"] = "Ana ya tuvo la quimioterapia y el trasplante. ¿Qué sigue?"
        d["sections"][0]["questions"][1]["choices"][2]["text"] = "Esperar hasta la quimioterapia y el trasplante"
    edit(folder / "es" / "01-demo.yaml", cues)
    text = errors(folder)
    assert "question demo-q1 / field 'choices': the right option is 61 characters" in text
    assert "only the right option uses hedge wording ('puede')" in text
    assert "a wrong option uses absolute wording ('nunca') and the right one does not" in text
    assert "the wrong option 'nunca pasa nada' (or a near-copy of it) is used in 5 questions" in text
    assert "question demo-q2 / choice #3 / field 'text': it waits 'hasta' something the stem says" in text
    assert "module demo: a test-wise reader who never reads scores 89% by playing 'three rules'" in text
    assert "module demo: the right option is the longest one in 56% of its 9 questions" in text
    assert "question demo-q1 / field 'choices': options run from 15 to 61 characters" in text


def test_the_stored_snapshot_of_a_spanish_answer_holds_the_spanish_text(app):
    from quizapp.answering import record_answer
    from quizapp.store import progress as store
    with app.app_context():
        mod = catalogue("es").module("demo")
        assert catalogue() is app.extensions["catalogue"] and catalogue("xx") is catalogue()
    q1 = mod.question("demo-q1")
    with app.extensions["db"].sessions() as s:
        person = store.create_participant(s)
        store.start_attempt(s, person.id, mod.id, mod.version, len(mod.questions))
        assert record_answer(s, mod, store.attempts_of(s, person.id)[0], q1, Round.FIRST, "recipe-protein", None,
                             None)
        s.commit()
        snap = store.question_versions(s, {q1.content_hash})[q1.content_hash]
    assert snap["prompt"] == "¿Qué guarda un gen?"
    assert [c["text"] for c in snap["choices"]] == ["Una receta de proteína", "Una copia de un virus",
                                                     "Una lista de sus hijos", "Todavía no lo sé"]


def test_check_content_prints_the_spanish_table_after_the_english_one(runner):
    result = runner.invoke(args=["check-content"])
    out = result.output
    assert result.exit_code == 1 and out.index("Translation: es") > out.index("solver")
    row = next(x for x in out[out.index("Translation: es"):].splitlines() if x.startswith("demo "))
    assert row.split()[1:6] == ["15", "11", "0", "4", "0"]
    assert "es/01-demo.yaml: 4 units not translated yet (first: module demo / section two)" in out


def test_translate_content_prints_stubs_and_writes_them_so_they_stay_missing(app, folder):
    runner = app.test_cli_runner()
    printed = runner.invoke(translate_content, ["--lang", "es", "--path", str(folder)])
    assert printed.exit_code == 0, printed.output
    assert "# EN: What does gene editing do?\nprompt: \"\"" in printed.output
    assert "6 units to translate into es: 6 missing, 0 stale." in printed.output
    edit(folder / "01-demo.yaml", lambda d: d["sections"][0]["questions"].append(
        {**{k: v for k, v in d["sections"][0]["questions"][0].items() if k not in ("sibling", "alternate")},
         "id": "demo-q5", "prompt": "What is a gene for?"}))
    before = states(spanish(folder))
    written = runner.invoke(translate_content, ["--lang", "es", "--path", str(folder), "--write"])
    assert "Added 3 stubs to 1 files" in written.output
    after = states(spanish(folder))
    assert after == before and after["module demo / section one / question demo-q5"] == MISSING
    assert list(after.values()).count(TRANSLATED) == 19
    (folder / "es" / "01-demo.yaml").unlink()
    assert "Added 16 stubs to 1 files" in runner.invoke(translate_content, ["--lang", "es", "--path", str(folder),
                                                                           "--write"]).output
    assert all(u.state == MISSING for u in spanish(folder).units if u.module == "demo")
    assert "Added 0 stubs" in runner.invoke(translate_content, ["--lang", "es", "--path", str(folder),
                                                                "--write"]).output


def test_a_figure_added_to_the_english_makes_its_section_stale_until_its_words_are_translated(folder):
    from quizapp.content.translation import english_section, source_of
    figure = {"file": "dna-gene-protein.svg", "caption": "A gene is one recipe.", "alt": "A recipe card."}
    edit(folder / "01-demo.yaml", lambda d: d["sections"][0].update(figure=figure))
    assert states(spanish(folder))["module demo / section one"] == STALE
    source = source_of(english_section(load_catalogue(folder).module("demo").section("one")))
    edit(folder / "es" / "01-demo.yaml", lambda d: d["sections"][0].update(source=source, figure={"caption": ""}))
    assert "section one: missing: still untranslated: field 'figure' / 'caption', field 'figure' / 'alt'" in \
        errors(folder)
    edit(folder / "es" / "01-demo.yaml", lambda d: d["sections"][0].update(
        figure={"caption": "Un gen es una receta.", "alt": "Una tarjeta de receta."}))
    one = spanish(folder).catalogue.module("demo").section("one")
    assert (one.lang, one.figure.file, one.figure.caption) == ("es", "dna-gene-protein.svg", "Un gen es una receta.")
