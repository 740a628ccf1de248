"""The content gate: each rule fires on a small broken catalogue, naming the file and the place."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import flask
import pytest
import yaml

from quizapp.content import load_catalogue
from quizapp.content.cli import check_content
from quizapp.content.gate import (Glossary, format_table, plain_text, review, scores, syllables)

GATE = Path(__file__).parent / "fixtures" / "gate"
GOOD = GATE / "good"
BROKEN = GATE / "broken"
MODULE = "01-good.yaml"
TODAY = dt.date(2026, 11, 24)
HARD = ("Comprehensive institutional documentation necessitates considerable administrative "
        "consideration regarding pharmaceutical authorisation procedures and organisational "
        "responsibilities, particularly concerning individualised therapeutic interventions.")


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "questions"
    shutil.copytree(GOOD, target)
    return target


def edit(folder: Path, change, name: str = MODULE) -> None:
    """Load a YAML file, apply change(data), write it back."""
    path = folder / name
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def gate(folder: Path, today: dt.date = TODAY):
    """Load the folder and run the gate."""
    return review(load_catalogue(folder), today=today)


def errors(folder: Path) -> str:
    return "\n".join(gate(folder).errors)


def warnings(folder: Path) -> str:
    return "\n".join(gate(folder).warnings)


def q(data: dict, section: int, question: int) -> dict:
    return data["sections"][section]["questions"][question]


def replace_question(cat, question_id: str, **changes):
    """Return a catalogue with one question changed (for states the loader already refuses)."""
    modules = {}
    for mid, m in cat.modules.items():
        sections = tuple(dataclasses.replace(s, questions=tuple(
            dataclasses.replace(x, **changes) if x.id == question_id else x for x in s.questions))
            for s in m.sections)
        modules[mid] = dataclasses.replace(m, sections=sections)
    return dataclasses.replace(cat, modules=modules)


# ---------------------------------------------------------------- the good case

def test_good_fixture_passes_with_no_errors_and_no_warnings(folder):
    report = gate(folder)
    assert report.errors == [] and report.warnings == [] and report.ok
    row = report.rows[0]
    assert (row.id, row.sections, row.questions) == ("good", 4, 8)
    assert row.grade_worst <= 6 and row.fre >= 60 and row.reading_minutes >= 1


def test_table_shows_each_module_with_grades_and_then_warnings_and_errors(folder):
    edit(folder, lambda d: q(d, 0, 0)["choices"][1].update(text="A disease you always have"))
    table = format_table(gate(folder))
    header, _, row = table.splitlines()[:3]
    for column in ("module", "sections", "questions", "grade", "worst", "FRE", "SMOG", "minutes"):
        assert column in header
    assert row.split()[:3] == ["good", "4", "8"]
    assert "Warnings (0):" in table and "Errors (1):" in table and "FAILED" in table
    assert table.index("Warnings") < table.index("Errors")


# ---------------------------------------------------------------- readability

def test_section_above_grade_8_is_an_error_naming_file_module_section_and_field(folder):
    edit(folder, lambda d: d["sections"][1].update(body=HARD))
    assert "01-good.yaml: module good / section two / field 'body': reading grade" in errors(folder)


def test_section_between_grade_6_and_8_is_a_warning_not_an_error(folder):
    body = ("Your care team will explain the treatment and answer your questions before you decide. "
            "They will describe the benefits, the possible problems and the other choices you have.")
    assert 6 < scores(body).grade <= 8
    edit(folder, lambda d: d["sections"][3].update(body=body))
    assert "section four / field 'body': reading grade" in warnings(folder)
    assert "section four / field 'body'" not in errors(folder)


def test_low_reading_ease_is_a_warning(folder):
    body = "Medical information regarding your treatment is available. Your physician considers everything."
    assert scores(body).fre < 60
    edit(folder, lambda d: d["sections"][3].update(body=body))
    assert "section four / field 'body': reading ease" in warnings(folder)


def test_glossary_terms_are_masked_so_long_disease_names_do_not_count_as_hard_words(folder):
    cat = load_catalogue(folder)
    body = cat.module("good").section("three").body
    _, scored = plain_text(body)
    assert scores(scored).grade > 8                       # the raw text looks hard ...
    assert scores(Glossary(cat).mask(scored)).grade <= 6  # ... but not once the defined term is masked
    assert "section three / field 'body'" not in errors(folder) + warnings(folder)


def test_markdown_is_stripped_and_each_block_ends_as_a_sentence():
    read, scored = plain_text("## A heading\n\nSome **bold** text\n\n- one item\n- two: items")
    assert read == "A heading. Some bold text. one item. two: items."
    assert scored == "Some bold text. one item. two: items."


def test_prompt_above_grade_8_is_an_error(folder):
    edit(folder, lambda d: q(d, 0, 0).update(prompt=HARD + "?"))
    assert "section one / question good-gene-recipe / field 'prompt': reading grade" in errors(folder)


def test_feedback_is_judged_as_one_text_per_question_and_above_grade_8_is_an_error(folder):
    edit(folder, lambda d: q(d, 0, 1)["choices"][0].update(feedback=HARD))
    assert "question good-dna-where / field 'feedback': feedback and explanation read at grade" in errors(folder)


def test_syllable_counter_matches_common_words_and_reads_acronyms_letter_by_letter():
    expected = {"the": 1, "gene": 1, "genes": 1, "recipe": 3, "people": 2, "therapy": 3, "chemotherapy": 5,
                "helped": 1, "started": 2, "being": 2, "idea": 3, "DNA": 3, "NOT": 1}
    assert {w: syllables(w) for w in expected} == expected


# ---------------------------------------------------------------- item writing

@pytest.mark.parametrize("text, banned", [
    ("All of the above", "'all of the above'"),
    ("None of the above", "'none of the above'"),
    ("It always works", "'always'"),
    ("It NEVER fails", "'never'"),
    ("Both of the above", "a reference to other options"),
    ("Answers a and b", "a reference to other options"),
])
def test_banned_phrases_in_options_are_errors(folder, text, banned):
    edit(folder, lambda d: q(d, 0, 0)["choices"][2].update(text=text))
    assert f"question good-gene-recipe / choice #3 / field 'text': uses {banned}" in errors(folder)


def test_banned_words_match_whole_words_only_and_only_in_options(folder):
    def change(d):
        q(d, 0, 0)["choices"][2].update(text="A germ in the hallways")
        q(d, 0, 0)["choices"][2].update(feedback="Not quite. It is not always easy. A gene is a recipe.")
        q(d, 0, 0).update(explanation="A gene is a recipe, answer a question with it.")
    edit(folder, change)
    assert "uses" not in errors(folder)


def test_lowercase_negative_in_a_prompt_is_an_error_but_capital_not_is_allowed(folder):
    edit(folder, lambda d: q(d, 0, 1).update(prompt="Where is your DNA not kept?"))
    assert "question good-dna-where / field 'prompt': negative wording ('not')" in errors(folder)
    edit(folder, lambda d: q(d, 0, 1).update(prompt="Where is your DNA NOT kept?"))
    assert "negative wording" not in errors(folder)


def test_prompt_ending_in_a_or_an_is_a_grammar_clue(folder):
    edit(folder, lambda d: q(d, 0, 0).update(prompt="A gene is a"))
    assert "question good-gene-recipe / field 'prompt': ends with 'a' or 'an'" in errors(folder)


def test_exactly_one_correct_choice_is_checked_again_by_the_gate(folder):
    cat = load_catalogue(folder)
    question = cat.module("good").question("good-dna-where")
    both = tuple(dataclasses.replace(c, correct=True, misconception=None) for c in question.choices)
    report = review(replace_question(cat, "good-dna-where", choices=both), today=TODAY)
    assert any("01-good.yaml: module good / section one / question good-dna-where: field 'choices': "
               "needs exactly one correct choice, found 3" in e for e in report.errors)


def test_untagged_or_unknown_misconception_on_a_wrong_choice_is_an_error(folder):
    cat = load_catalogue(folder)
    question = cat.module("good").question("good-dna-where")
    choices = (question.choices[0], dataclasses.replace(question.choices[1], misconception=None),
               dataclasses.replace(question.choices[2], misconception="made-up"))
    text = "\n".join(review(replace_question(cat, "good-dna-where", choices=choices), today=TODAY).errors)
    assert "question good-dna-where / choice #2: a wrong choice must name the misconception it reveals" in text
    assert "question good-dna-where / choice #3 / field 'misconception': unknown misconception 'made-up'" in text


def test_options_of_very_different_length_are_a_warning(folder):
    edit(folder, lambda d: q(d, 1, 0)["choices"][1].update(text="A virus"))
    assert "question good-vector-job / field 'choices': options differ a lot in length" in warnings(folder)


def test_a_right_answer_much_longer_than_every_distractor_is_a_warning(folder):
    edit(folder, lambda d: q(d, 1, 0)["choices"][0].update(text="To carry a new gene safely into your cells"))
    assert "question good-vector-job / field 'choices': the right answer is clearly the longest" in warnings(folder)


def test_duplicate_prompts_are_an_error_naming_both_questions(folder):
    edit(folder, lambda d: q(d, 3, 1).update(prompt="what does a gene hold"))
    assert ("section four / question good-bring-list / field 'prompt': the same prompt as question "
            "good-gene-recipe") in errors(folder)


def test_question_id_without_the_module_prefix_is_a_warning(folder):
    edit(folder, lambda d: q(d, 3, 1).update(id="bring-list"))
    assert "question bring-list / field 'id': question ids start with the module id ('good-')" in warnings(folder)


# ---------------------------------------------------------------- glossary terms

def test_glossary_term_used_but_not_listed_is_an_error(folder):
    edit(folder, lambda d: d["sections"][1].update(terms=[]))
    assert ("01-good.yaml: module good / section two / field 'terms': the body uses the glossary term vector "
            "(as 'vector') but it is not listed here or in an earlier section") in errors(folder)


def test_a_term_listed_in_an_earlier_section_counts_as_defined(folder):
    assert "gene" not in load_catalogue(folder).module("good").section("two").terms
    assert "glossary term gene" not in errors(folder)


def test_a_term_listed_but_not_used_is_a_warning(folder):
    edit(folder, lambda d: d["sections"][3].update(terms=["vector"]))
    assert "section four / field 'terms': lists vector but the body does not use it" in warnings(folder)


def test_longest_form_wins_so_a_two_word_term_does_not_also_count_as_its_parts(folder):
    cat = load_catalogue(folder)
    used = Glossary(cat).used("It is cerebral adrenoleukodystrophy, not a gene.")
    assert used == {"cald": "cerebral adrenoleukodystrophy", "gene": "gene"}


# ---------------------------------------------------------------- sizes

def test_section_over_230_words_is_an_error(folder):
    body = " ".join(["Your cells hold a recipe."] * 47)
    edit(folder, lambda d: d["sections"][3].update(body=body))
    assert "section four / field 'body': 235 words; keep a section to 230 at most" in errors(folder)


def test_too_few_sections_in_a_module_is_an_error(folder):
    edit(folder, lambda d: d.update(sections=d["sections"][:3]))
    assert "01-good.yaml: module good: has 3 sections; a module needs 4 to 7" in errors(folder)


def test_too_many_sections_in_a_module_is_an_error(folder):
    def change(d):
        extra = []
        for n in range(4):
            s = yaml.safe_load(yaml.safe_dump(d["sections"][3]))
            s["id"] = f"extra-{n}"
            for i, question in enumerate(s["questions"]):
                question["id"] = f"good-extra-{n}-{i}"
                question["prompt"] = f"{question['prompt']} ({n})"
            extra.append(s)
        d["sections"].extend(extra)
    edit(folder, change)
    assert "module good: has 8 sections; a module needs 4 to 7" in errors(folder)


def test_questions_per_section_outside_2_to_4_is_an_error(folder):
    edit(folder, lambda d: d["sections"][0].update(questions=d["sections"][0]["questions"][:1]))
    assert "section one: has 1 questions; a section needs 2 to 4" in errors(folder)

    def five(d):
        extra = yaml.safe_load(yaml.safe_dump(d["sections"][1]["questions"]))
        for i, question in enumerate(extra + extra[:1]):
            question = dict(question, id=f"good-more-{i}", prompt=f"{question['prompt']} ({i})")
            d["sections"][1]["questions"].append(question)
    edit(folder, five)
    assert "section two: has 5 questions; a section needs 2 to 4" in errors(folder)


# ---------------------------------------------------------------- honesty and upkeep

@pytest.mark.parametrize("place, phrase", [
    ("body", "This treatment will cure you."),
    ("feedback", "Yes. It is guaranteed to work."),
    ("option", "It cures your disease"),
])
def test_cure_promises_are_errors(folder, place, phrase):
    def change(d):
        if place == "body":
            d["sections"][0]["body"] += "\n" + phrase + "\n"
        elif place == "feedback":
            q(d, 0, 0)["choices"][0]["feedback"] = phrase
        else:
            q(d, 0, 0)["choices"][1]["text"] = phrase
    edit(folder, change)
    text = errors(folder)
    assert "01-good.yaml: module good / section one" in text and "promises too much" in text


def test_a_misconception_statement_may_voice_the_belief_but_its_correction_may_not_promise(folder):
    edit(folder, lambda d: d["misconceptions"][0].update(statement="One dose will cure me for good."),
         name="_common.yaml")
    assert "promises too much" not in errors(folder)
    edit(folder, lambda d: d["misconceptions"][0].update(correction="Gene therapy will cure everyone."),
         name="_common.yaml")
    assert "_common.yaml: misconception gene-is-disease / field 'correction': promises too much" in errors(folder)


def test_module_reviewed_more_than_a_year_ago_is_a_warning(folder):
    reviewed = load_catalogue(folder).module("good").reviewed
    assert "field 'reviewed'" not in "\n".join(gate(folder, today=reviewed + dt.timedelta(days=365)).warnings)
    late = gate(folder, today=reviewed + dt.timedelta(days=366)).warnings
    assert any("01-good.yaml: module good: field 'reviewed': last checked 2026-11-01 (366 days ago)" in w
               for w in late)


def test_module_reviewed_in_the_future_is_a_warning(folder):
    late = gate(folder, today=dt.date(2026, 10, 1)).warnings
    assert any("module good: field 'reviewed': the date 2026-11-01 is in the future" in w for w in late)


def test_module_or_section_without_sources_is_an_error(folder):
    cat = load_catalogue(folder)
    module = cat.module("good")
    bare = dataclasses.replace(module, sources=(), sections=(
        dataclasses.replace(module.sections[0], sources=("  ",)), *module.sections[1:]))
    text = "\n".join(review(dataclasses.replace(cat, modules={"good": bare}), today=TODAY).errors)
    assert "01-good.yaml: module good: field 'sources': a module must name its sources" in text
    assert "01-good.yaml: module good / section one: field 'sources': a section must name the sources" in text


def test_unused_concepts_and_misconceptions_are_warnings(folder):
    def change(d):
        d["concepts"]["spare"] = "A concept no question tests"
        d["misconceptions"].append({"id": "spare-belief", "statement": "A belief.", "correction": "The truth.",
                                    "talking_points": ["Talk it through."]})
    edit(folder, change, name="_common.yaml")
    text = warnings(folder)
    assert "_common.yaml: concept spare: no question tests this concept" in text
    assert "_common.yaml: misconception spare-belief: no wrong choice reveals it" in text


# ---------------------------------------------------------------- the command

def invoke(folder: Path | None, *args: str):
    """Run check-content through a minimal Flask app's CLI runner."""
    app = flask.Flask(__name__)
    app.config["QUESTIONS_DIR"] = str(folder or GOOD)
    return app.test_cli_runner().invoke(check_content, list(args))


def test_check_content_prints_the_table_and_exits_zero_on_good_content():
    result = invoke(GOOD)
    assert result.exit_code == 0, result.output
    assert "sections" in result.output and "good" in result.output and "OK: no errors." in result.output


def test_check_content_exits_one_naming_the_gate_error_on_the_broken_fixture():
    result = invoke(GOOD, "--path", str(BROKEN))
    assert result.exit_code == 1
    assert "01-broken.yaml: module broken / section one / question broken-gene-recipe / choice #3" in result.output
    assert "uses 'all of the above'" in result.output and "promises too much" in result.output
    assert "FAILED" in result.output


def test_check_content_exits_one_on_a_loader_error(tmp_path):
    (tmp_path / "_common.yaml").write_text("disclaimer: x\n")
    (tmp_path / "01-x.yaml").write_text("id: x\n")
    result = invoke(tmp_path)
    assert result.exit_code == 1
    assert "01-x.yaml" in result.output and "field 'title'" in result.output
