"""Readability and patient wording in the content gate: our own counts and formulas, headings, US spelling."""
from __future__ import annotations

import configparser
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.content import load_catalogue
from quizapp.content.gate import review
from quizapp.content.readability import Glossary, Scores, language_score, plain_text, scores
from quizapp.content.syllables import sentence_count, syllables
from tests.gate_helpers import HARD, MIDDLING, TODAY, edit, errors, folder, q, warnings  # noqa: F401 (folder: a fixture)

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- readability

@pytest.mark.parametrize("word, count", [
    ("recipe", 3), ("medicine", 3), ("chemotherapy", 5), ("cerebral", 3), ("adrenoleukodystrophy", 8),
    ("platelets", 2), ("ideas", 3), ("anyone", 3), ("copying", 3), ("virus’s", 3),      # pyphen alone is wrong
    ("the", 1), ("gene", 1), ("genes", 1), ("helped", 1), ("started", 2), ("being", 2), ("idea", 3),
    ("sea", 1), ("something", 2), ("caregivers", 3), ("careful", 2), ("HLA-matched", 4),
    ("DNA", 3), ("mRNA", 4), ("NOT", 1), ("AAV9", 4),                                   # acronyms letter by letter
    ("100", 3), ("30", 2), ("2017", 5), ("2,000", 3), ("1.5", 3), ("30%", 4),           # numbers read aloud
])
def test_syllable_counter_counts_as_the_cmu_dictionary_does(word, count):
    assert syllables(word) == count


def test_the_gate_scores_with_textstat_unimportable_and_setup_does_not_require_it():
    code = ("import sys; sys.modules['textstat'] = None; from quizapp.content.gate import review; "
            "from quizapp.content.readability import scores; print(round(scores('A recipe for a cell.').grade, 2))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "2.88"               # 0.39 * 5 + 11.8 * 7 / 5 - 15.59
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg")
    required = setup["options"]["install_requires"]
    assert "textstat" not in required and "pyphen" in required


def test_formulas_on_a_hand_counted_passage():
    # Chemotherapy(5) is a strong medicine(3): 5 words, 11 syllables.
    # Your care team will explain(2) the recipe(3): 7 words, 10 syllables. 3 words of 3+ syllables.
    s = scores("Chemotherapy is a strong medicine. Your care team will explain the recipe.")
    assert (s.words, s.sentences, s.syllables, s.polysyllables) == (12, 2, 21, 3)
    assert s.grade == pytest.approx(0.39 * 12 / 2 + 11.8 * 21 / 12 - 15.59) == pytest.approx(7.4)
    assert s.ease == pytest.approx(206.835 - 1.015 * 12 / 2 - 84.6 * 21 / 12) == pytest.approx(52.695)
    assert s.smog == pytest.approx(1.043 * (3 * 30 / 2) ** 0.5 + 3.1291) == pytest.approx(10.1258, abs=1e-4)
    assert scores("") == Scores(0, 1, 0, 0) and scores("").grade == 0.0 and scores("").ease == 100.0


@pytest.mark.parametrize("text, count", [
    ("One two three. Four five six!", 2),
    ("It rose by 1.5 points. Is that a lot?", 2),      # a decimal point ends no sentence
    ("Signs to watch for. Fever. Bad headache.", 1),   # fragments of two words are not sentences
    ("no full stop at all here", 1),
])
def test_sentences_end_at_a_full_stop_question_or_exclamation_mark(text, count):
    assert sentence_count(text) == count


@pytest.mark.parametrize("word, count", [
    ("que", 1), ("guerra", 2), ("pingüino", 3), ("hay", 1), ("muy", 1), ("ciudad", 2), ("aire", 2),
    ("día", 2), ("país", 2), ("reír", 2), ("leer", 2), ("poeta", 3), ("terapia", 3), ("médico", 3),
    ("enfermedad", 4), ("ADN", 4),
])
def test_spanish_syllables_split_at_each_hiatus_and_not_at_a_diphthong(word, count):
    assert syllables(word, "es") == count


def test_fernandez_huerta_on_a_hand_counted_passage_and_shorter_sentences_read_easier():
    # Tu cuer-po tie-ne ge-nes: 4 words, 7 syllables. Ca-da gen es u-na re-ce-ta: 5 words, 9 syllables.
    text = "Tu cuerpo tiene genes. Cada gen es una receta."
    assert language_score(text, "es") == pytest.approx(206.84 - 0.60 * 100 * 16 / 9 - 1.02 * 9 / 2)
    one = "Tu cuerpo tiene genes y cada gen es una receta para hacer algo."
    three = "Tu cuerpo tiene genes. Cada gen es una receta. Sirve para hacer algo."
    assert language_score(three, "es") > language_score(one, "es")


def test_section_above_grade_8_unmasked_is_an_error_naming_file_module_section_and_field(folder):
    edit(folder, lambda d: d["sections"][1].update(body=HARD))
    assert "01-good.yaml: module good / section two / field 'body': reading grade" in errors(folder)


def test_section_between_grade_6_and_8_is_a_warning_not_an_error(folder):
    assert 6 < scores(MIDDLING).grade <= 8
    edit(folder, lambda d: d["sections"][3].update(body=MIDDLING))
    assert "section four / field 'body': reading grade" in warnings(folder)
    assert "section four / field 'body'" not in errors(folder)


def test_topic_mean_above_grade_6_is_an_error_on_the_module(folder):
    edit(folder, lambda d: [s.update(body=MIDDLING) for s in d["sections"]])
    assert "01-good.yaml: module good: mean reading grade of its sections is 7.6, above 6" in errors(folder)


def test_smog_over_the_whole_reading_above_8_is_an_error(folder):
    body = " ".join(["Chemotherapy medicines are powerful, dangerous, unpredictable."] * 4)
    assert scores(body).smog > 8
    edit(folder, lambda d: [s.update(body=body) for s in d["sections"]])
    assert "01-good.yaml: module good: SMOG grade" in errors(folder)


def test_low_reading_ease_is_a_warning(folder):
    body = "Medical information regarding your treatment is available. Your physician considers everything."
    assert scores(body).ease < 60
    edit(folder, lambda d: d["sections"][3].update(body=body))
    assert "section four / field 'body': reading ease" in warnings(folder)


def test_limits_apply_unmasked_and_the_masked_grade_is_reported_beside_it(folder):
    words = {"oncogenesis": "insertional oncogenesis", "low-immunity": "immunosuppression",
             "low-platelets": "thrombocytopenia"}
    edit(folder, lambda d: d["glossary"].extend({"id": k, "term": v, "definition": "A hard word."}
                                                for k, v in words.items()), name="_common.yaml")
    body = "Insertional oncogenesis can follow immunosuppression. Thrombocytopenia can follow insertional oncogenesis."
    edit(folder, lambda d: d["sections"][2].update(body=body, terms=["cald", *words]))
    cat = load_catalogue(folder)
    _, scored = plain_text(cat.module("good").section("three").body)
    assert scores(scored).grade > 8 >= 6 >= scores(Glossary(cat).mask(scored)).grade
    report = review(cat, today=TODAY)
    assert any("section three / field 'body': reading grade" in e and "with glossary terms masked" in e
               for e in report.errors)
    assert report.rows[0].masked_worst < report.rows[0].grade_worst


def test_markdown_is_stripped_and_each_block_ends_as_a_sentence():
    read, scored = plain_text("## A heading\n\nSome **bold** text\n\n- one item\n- two: items")
    assert read == "A heading. Some bold text. one item. two: items."
    assert scored == "Some bold text. one item. two: items."


def test_prompt_above_grade_8_is_an_error(folder):
    edit(folder, lambda d: q(d, 0, 0).update(prompt=HARD + "?"))
    assert "section one / question good-gene-recipe / field 'prompt': reading grade" in errors(folder)


def test_a_sibling_is_checked_like_its_question(folder):
    edit(folder, lambda d: q(d, 0, 0)["sibling"].update(prompt=HARD + "?"))
    assert ("section one / question good-gene-recipe / sibling good-gene-recipe-2 / field 'prompt': "
            "reading grade") in errors(folder)


def test_feedback_is_judged_as_one_text_per_question_and_above_grade_8_is_an_error(folder):
    edit(folder, lambda d: q(d, 0, 1)["choices"][0].update(feedback=HARD))
    assert "question good-dna-where / field 'feedback': feedback and explanation read at grade" in errors(folder)


@pytest.mark.parametrize("body, bad", [
    ("### Too deep\n\nText.", "heading 'Too deep' is level 3 after level 1"),
    ("# The page title again\n\nText.", "heading 'The page title again' is level 1 after level 1"),
    ("## Fine\n\nText.\n\n#### Skipped\n\nText.", "heading 'Skipped' is level 4 after level 2"),
])
def test_headings_start_at_level_2_and_never_skip_a_level(folder, body, bad):
    edit(folder, lambda d: d["sections"][3].update(body=body))
    assert f"section four / field 'body': {bad}; headings start at ##" in errors(folder)


def test_headings_in_order_pass(folder):
    edit(folder, lambda d: d["sections"][3].update(body="## One\n\nText here.\n\n### Two\n\nText.\n\n## Three\n\nOk."))
    assert "heading" not in errors(folder)


# ---------------------------------------------------------------- patient wording

@pytest.mark.parametrize("british, us", [
    ("haemoglobin", "hem-"), ("thalassaemia", "thalassemia"), ("leukaemia", "leukemia"),
    ("haemophilia", "hem-"), ("mobilisation", "-ize / -ization"), ("centres", "center"),
    ("licence", "license"), ("drip", "IV"), ("counselling", "counseling"),
])
def test_british_spelling_is_an_error_naming_the_us_form(folder, british, us):
    edit(folder, lambda d: q(d, 0, 0)["choices"][1].update(feedback=f"Not quite. Ask about {british}."))
    assert (f"question good-gene-recipe / choice #2 / field 'feedback': British spelling '{british}'; "
            f"write the US form ({us})") in errors(folder)


def test_us_spelling_passes_and_british_in_the_glossary_is_caught_too(folder):
    edit(folder, lambda d: q(d, 0, 0)["choices"][1].update(feedback="Not quite. Ask at the center about an IV."))
    assert "British spelling" not in errors(folder)
    edit(folder, lambda d: d["glossary"][0].update(definition="The haemoglobin recipe."), name="_common.yaml")
    assert "_common.yaml: term dna / field 'definition': British spelling 'haemoglobin'" in errors(folder)


def test_the_word_module_in_patient_text_is_an_error_but_not_in_clinician_notes(folder):
    edit(folder, lambda d: d["misconceptions"][0].update(talking_points=["Use the next module."]),
         name="_common.yaml")
    assert "say 'topic'" not in errors(folder)
    edit(folder, lambda d: d.update(summary="A short module that passes the gate."))
    assert "01-good.yaml: module good / field 'summary': says 'module'; patients see topics" in errors(folder)


def test_more_than_3_acronyms_in_a_topic_is_an_error_and_capitals_for_emphasis_do_not_count(folder):
    edit(folder, lambda d: d["sections"][3].update(body="Talk with your care team. Do NOT skip a visit."))
    assert "acronyms" not in errors(folder)
    edit(folder, lambda d: d["sections"][3].update(body="Talk with your care team about the FDA and AAV9 vectors."))
    assert "01-good.yaml: module good: uses 4 acronyms (AAV, CALD, DNA, FDA); 3 at most per topic" in errors(folder)


def test_more_than_5_words_to_know_in_a_section_is_an_error(folder):
    def change(d):
        d["glossary"] += [{"id": f"word-{n}", "term": f"word {n}", "definition": "A word."} for n in range(4)]
    edit(folder, change, name="_common.yaml")
    edit(folder, lambda d: d["sections"][0].update(terms=["dna", "gene", "word-0", "word-1", "word-2", "word-3"]))
    assert "section one / field 'terms': 6 words to know; list 5 at most" in errors(folder)


@pytest.mark.parametrize("fact", ["It was first used in 2017.", "It is for boys aged 4 to 17.",
                                  "It is for children age 2 and older.", "Zolgensma is one example."])
def test_a_dated_fact_needs_facts_checked(folder, fact):
    edit(folder, lambda d: d["glossary"].append({"id": "zolgensma", "term": "Zolgensma", "definition": "A gene "
                                                 "therapy for a muscle disease."}), name="_common.yaml")
    edit(folder, lambda d: d["sections"][2].update(body=d["sections"][2]["body"] + fact + "\n",
                                                   terms=["cald", "zolgensma"] if "Zolg" in fact else ["cald"]))
    assert "section three: field 'facts_checked': the section states a dated fact" in errors(folder)
    edit(folder, lambda d: d["sections"][2].update(facts_checked=dt.date(2026, 11, 20)))
    assert "facts_checked" not in errors(folder)


def test_product_names_come_from_the_glossary_not_from_any_capitalised_word(folder):
    assert "facts_checked" not in errors(folder)                 # CALD and DNA are terms, not products
    edit(folder, lambda d: q(d, 2, 0)["choices"][0].update(feedback="Yes. Boys, as Casgevy notes."))
    assert "facts_checked" not in errors(folder)
