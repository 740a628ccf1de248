"""A third parallel form per question: loaded, found by id, id-locked and translated like a sibling."""
from __future__ import annotations

import shutil

import pytest
import yaml

from quizapp.content import ids, load_catalogue
from quizapp.content.translate_cli import translate_content
from quizapp.content.translated import EXTRA, MISSING, TRANSLATED, load_translation
from quizapp.content.translation import english_question, source_of
from tests.config import CONTENT
from tests.gate_helpers import GOOD
from tests.test_content_translation import edit

ALTERNATE = {"id": "demo-q4-third", "prompt": "After an edit, could a spot nobody chose be changed?",
             "choices": [{"id": "it-could", "text": "Yes, now and then", "correct": True, "feedback": "Yes."},
                         {"id": "not-ever", "text": "No, edits are exact", "misconception": "precise",
                          "feedback": "They can land elsewhere."},
                         {"id": "kids-alone", "text": "Just in small kids", "misconception": "germline",
                          "feedback": "Age does not decide it."}],
             "explanation": "An edit now and then lands at a spot nobody chose."}
SPANISH = {"id": "demo-q4-third", "prompt": "Tras una edición, ¿podría cambiar un sitio que nadie eligió?",
           "choices": [{"id": "it-could", "text": "Sí, de vez en cuando", "feedback": "Sí."},
                       {"id": "not-ever", "text": "No, es exacta", "feedback": "Puede quedar en otro sitio."},
                       {"id": "kids-alone", "text": "En niños pequeños", "feedback": "La edad no lo decide."}],
           "explanation": "Una edición a veces queda en un sitio que nadie eligió."}


@pytest.fixture
def folder(tmp_path):
    """The demo content, with an alternate added to demo-q4 in English."""
    target = tmp_path / "questions"
    shutil.copytree(CONTENT, target)
    edit(target / "01-demo.yaml", lambda d: d["sections"][1]["questions"][1].update(alternate=ALTERNATE))
    edit(target / "es" / "01-demo.yaml", lambda d: d["sections"][1]["questions"][1].pop("alternate", None))
    return target


def test_forms_are_the_question_its_sibling_and_its_alternate_in_order_on_one_concept():
    module = load_catalogue(GOOD).module("good")
    first = module.question("good-gene-recipe")
    assert [f.id for f in first.forms] == ["good-gene-recipe", "good-gene-recipe-2", "good-gene-recipe-3"]
    assert first.alternate.concept == first.concept and first.alternate.section_id == first.section_id
    assert module.question("good-gene-recipe-3") is first.alternate
    assert [x.id for x in module.all_questions[:4]] == [*(f.id for f in first.forms), "good-dna-where"]
    assert len(module.all_questions) == 3 * len(module.questions) == 24
    assert "good-gene-recipe-3" not in [x.id for x in module.questions]    # not asked in the first round
    assert 'href="../../../glossary#dna"' in module.sections[0].body_html     # glossary links still made


def test_forms_leave_out_what_a_question_does_not_have(folder):
    edit(folder / "01-demo.yaml", lambda d: [d["sections"][1]["questions"][0].pop(k) for k in ("sibling", "alternate")])
    demo = load_catalogue(folder).module("demo")
    q3, q4 = demo.question("demo-q3"), demo.question("demo-q4")
    assert q3.sibling is None and q3.alternate is None and q3.forms == (q3,)
    assert q4.alternate is not None and [f.id for f in q4.forms] == ["demo-q4", "demo-q4-again", "demo-q4-third"]


def test_an_alternate_sharing_an_id_with_another_question_is_refused(folder):
    from quizapp.content import ContentError
    edit(folder / "01-demo.yaml", lambda d: d["sections"][1]["questions"][1]["alternate"].update(id="demo-q1"))
    with pytest.raises(ContentError, match="question demo-q4 / alternate demo-q1: duplicate question id"):
        load_catalogue(folder)


def test_choice_ids_of_alternates_are_locked_like_any_other(folder):
    cat = load_catalogue(folder)
    lock = ids.read_lock(folder)
    assert "demo-q4-third / it-could" in ids.unrecorded(cat, lock)
    lock["demo-q4-third"] = {"it-could": [False, "precise"]}
    assert any("question demo-q4-third / choice it-could: this id meant a wrong answer" in p
               for p in ids.changed(cat, lock))


def test_a_translated_alternate_shows_spanish_and_a_missing_one_falls_back(folder):
    english = load_catalogue(folder)
    alternate = english.module("demo").question("demo-q4-third")
    place = "module demo / section two / question demo-q4 / alternate demo-q4-third"
    spanish = load_translation(english, folder / "es", "es")
    assert {u.place.split(": ", 1)[1]: u.state for u in spanish.units}[place] == MISSING
    assert spanish.catalogue.module("demo").question("demo-q4-third").lang == "en"
    source = source_of(english_question(alternate))
    edit(folder / "es" / "01-demo.yaml",
         lambda d: d["sections"][1]["questions"][1].update(alternate={**SPANISH, "source": source}))
    spanish = load_translation(english, folder / "es", "es")
    assert {u.place.split(": ", 1)[1]: u.state for u in spanish.units}[place] == TRANSLATED
    got = spanish.catalogue.module("demo").question("demo-q4").alternate
    assert (got.prompt, got.lang, got.correct_choice.id) == (SPANISH["prompt"], "es", "it-could")


def test_an_alternate_with_an_unknown_id_is_extra(folder):
    edit(folder / "es" / "01-demo.yaml",
         lambda d: d["sections"][1]["questions"][1].update(alternate={**SPANISH, "id": "demo-q4-other"}))
    units = load_translation(load_catalogue(folder), folder / "es", "es").units
    assert any(u.state == EXTRA and u.place.endswith("question demo-q4 / alternate demo-q4-other") for u in units)


def test_translate_content_writes_an_alternate_stub_under_its_question_with_the_english(app, folder):
    runner = app.test_cli_runner()
    written = runner.invoke(translate_content, ["--lang", "es", "--path", str(folder), "--write"])
    assert written.exit_code == 0, written.output
    text = (folder / "es" / "01-demo.yaml").read_text(encoding="utf-8")
    block = text[text.index("alternate:"):]
    source = source_of(english_question(load_catalogue(folder).module("demo").question("demo-q4-third")))
    assert "id: demo-q4-third" in block and f"source: {source}" in block
    assert "# EN: After an edit, could a spot nobody chose be changed?\n" in block and 'prompt: ""' in block
    raw = yaml.safe_load(text)["sections"][1]["questions"][1]
    assert raw["sibling"]["id"] == "demo-q4-again" and raw["alternate"]["id"] == "demo-q4-third"


def test_spanish_forms_of_one_question_must_not_near_copy_each_other(folder):
    from quizapp.content import gate_translation
    english = load_catalogue(folder)
    source = source_of(english_question(english.module("demo").question("demo-q4-third")))
    spanish = yaml.safe_load((folder / "es" / "01-demo.yaml").read_text(encoding="utf-8"))
    copied = {**SPANISH, "source": source, "prompt": spanish["sections"][1]["questions"][1]["prompt"]}
    edit(folder / "es" / "01-demo.yaml", lambda d: d["sections"][1]["questions"][1].update(alternate=copied))
    found = [m for _, m in gate_translation.review(load_translation(english, folder / "es", "es")).errors]
    assert any("question demo-q4: demo-q4-third is a near-copy of demo-q4" in m for m in found)
    edit(folder / "es" / "01-demo.yaml", lambda d: d["sections"][1]["questions"][1].update(
        alternate={**SPANISH, "source": source}))
    assert not any("near-copy" in m for _, m in gate_translation.review(load_translation(english, folder / "es", "es")).errors)


@pytest.mark.parametrize("kind", ["sibling", "alternate"])
def test_editing_a_parallel_form_makes_a_new_version_of_the_topic(folder, kind):
    before = load_catalogue(folder).module("demo").version
    edit(folder / "01-demo.yaml",
         lambda d: d["sections"][1]["questions"][1][kind].update(explanation="Said another way, the same idea."))
    assert load_catalogue(folder).module("demo").version != before
