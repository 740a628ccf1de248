"""The content gate: each rule fires on a small broken catalogue, naming the file and the place."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import flask
import pytest
import yaml

from quizapp.content import load_catalogue
from quizapp.content.cli import check_content
from quizapp.content.gate import review
from quizapp.content.gate_report import format_table
from quizapp.content.readability import Glossary
from tests.gate_helpers import BROKEN, GOOD, TODAY, edit, errors, folder, gate, q, renamed, warnings  # noqa: F401 (a fixture)

# ---------------------------------------------------------------- the good case and the table

def test_good_fixture_passes_with_no_errors_and_no_warnings(folder):
    report = gate(folder)
    assert report.errors == [] and report.warnings == [] and report.ok
    row = report.rows[0]
    assert (row.id, row.sections, row.questions, row.siblings, row.alternates) == ("good", 4, 8, 8, 8)
    assert row.grade_worst <= 6 and row.fre >= 60 and row.smog <= 8 and row.solver <= 0.4
    assert (row.errors, row.warnings) == (0, 0)


def test_table_shows_each_module_with_both_grades_solver_and_its_own_counts(folder):
    edit(folder, lambda d: d["sections"][0].update(body=d["sections"][0]["body"] + "\nAsk at the centre.\n"))
    report = gate(folder)
    table = format_table(report)
    header, _, row = table.splitlines()[:3]
    for column in ("module", "sections", "questions", "masked", "worst", "grade", "SMOG", "FRE", "solver",
                   "errors", "warnings"):
        assert column in header
    cells = row.split()
    assert cells[:3] == ["good", "4", "8+8+8"] and cells[-3].endswith("%")
    assert cells[-2:] == [str(len(report.errors)), "0"] and len(report.errors) == 1
    assert "Warnings (0):" in table and "Errors (1):" in table and "FAILED" in table
    assert table.index("Warnings") < table.index("Errors")


# ---------------------------------------------------------------- topic structure

@pytest.mark.parametrize("field_name", ["main_message", "key_points", "actions"])
def test_main_message_key_points_and_actions_are_required(folder, field_name):
    edit(folder, lambda d: d.pop(field_name))
    assert f"01-good.yaml: module good: field '{field_name}': every topic" in errors(folder)


def test_key_points_outside_3_to_5_lines_is_a_warning(folder):
    edit(folder, lambda d: d.update(key_points=d["key_points"] * 2))
    assert "module good: field 'key_points': 6 lines; aim for 3 to 5" in warnings(folder)


def test_every_question_needs_a_sibling(folder):
    edit(folder, lambda d: q(d, 0, 0).pop("sibling"))
    assert ("01-good.yaml: module good / section one / question good-gene-recipe: field 'sibling': every "
            "question needs a sibling") in errors(folder)


def test_every_question_needs_an_alternate(folder):
    edit(folder, lambda d: q(d, 0, 0).pop("alternate"))
    assert ("01-good.yaml: module good / section one / question good-gene-recipe: field 'alternate': every "
            "question needs an alternate") in errors(folder)


@pytest.mark.parametrize("kind", ["sibling", "alternate"])
def test_a_parallel_form_that_near_copies_another_form_is_an_error(folder, kind):
    def change(d):
        first = q(d, 1, 0)
        first[kind]["prompt"] = first["prompt"].replace("What is", "What's")
    edit(folder, change)
    assert (f"question good-vector-job: good-vector-job-{2 if kind == 'sibling' else 3} is a near-copy of "
            "good-vector-job") in errors(folder)


def test_parallel_forms_in_new_scenarios_are_not_near_copies(folder):
    assert "near-copy" not in errors(folder)


def test_each_concept_needs_4_questions_counting_siblings_and_alternates(folder):
    assert "concept vectors" not in errors(folder)                # 2 questions, 2 siblings, 2 alternates
    edit(folder, lambda d: [q(d, 1, n).pop(kind) for n in (0, 1) for kind in ("alternate", "sibling") if n or
                            kind == "alternate"])
    assert ("_common.yaml: concept vectors: tested by 3 questions (siblings and alternates count); each concept "
            "needs 4") in errors(folder)


def test_unused_concepts_are_errors_and_unused_misconceptions_warnings(folder):
    def change(d):
        d["concepts"]["spare"] = "A concept no question tests"
        d["misconceptions"].append({"id": "spare-belief", "statement": "A belief.", "correction": "The truth.",
                                    "talking_points": ["Talk it through."]})
    edit(folder, change, name="_common.yaml")
    assert "_common.yaml: concept spare: tested by 0 questions" in errors(folder)
    assert "_common.yaml: misconception spare-belief: no wrong choice reveals it" in warnings(folder)


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
    used = Glossary(load_catalogue(folder)).used("It is cerebral adrenoleukodystrophy, not a gene.")
    assert used == {"cald": "cerebral adrenoleukodystrophy", "gene": "gene"}


# ---------------------------------------------------------------- sizes

def test_section_over_230_words_is_an_error(folder):
    edit(folder, lambda d: d["sections"][3].update(body=" ".join(["Your cells hold a recipe."] * 47)))
    assert "section four / field 'body': 235 words; keep a section to 230 at most" in errors(folder)


def test_too_few_sections_in_a_module_is_an_error(folder):
    edit(folder, lambda d: d.update(sections=d["sections"][:3]))
    assert "01-good.yaml: module good: has 3 sections; a module needs 4 to 7" in errors(folder)


def test_too_many_sections_in_a_module_is_an_error(folder):
    def change(d):
        for n in range(4):
            s = yaml.safe_load(yaml.safe_dump(d["sections"][3]))
            s.update(id=f"extra-{n}", questions=[renamed(x, f"x{n}") for x in s["questions"]])
            d["sections"].append(s)
    edit(folder, change)
    assert "module good: has 8 sections; a module needs 4 to 7" in errors(folder)


def test_questions_per_section_outside_2_to_4_is_an_error(folder):
    edit(folder, lambda d: d["sections"][0].update(questions=d["sections"][0]["questions"][:1]))
    assert "section one: has 1 questions; a section needs 2 to 4" in errors(folder)
    edit(folder, lambda d: d["sections"][1]["questions"].extend(
        renamed(x, f"m{i}") for i, x in enumerate((d["sections"][1]["questions"] * 2)[:3])))
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


# ---------------------------------------------------------------- the command

def invoke(folder: Path | None, *args: str):
    """Run check-content through a minimal Flask app's CLI runner."""
    app = flask.Flask(__name__)
    app.config["QUESTIONS_DIR"] = str(folder or GOOD)
    return app.test_cli_runner().invoke(check_content, list(args))


def test_check_content_prints_the_table_and_exits_zero_on_good_content():
    result = invoke(GOOD)
    assert result.exit_code == 0, result.output
    assert "solver" in result.output and "good" in result.output and "OK: no errors." in result.output


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
