"""The real curriculum in questions/ passes the content gate and covers what the brief asks for."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from quizapp.content import load_catalogue
from quizapp.content.gate import CURE_PROMISES, review

QUESTIONS = Path(__file__).resolve().parent.parent / "questions"
KEY_CONCEPTS = ("addition-vs-editing", "in-vivo-vs-ex-vivo", "insertional-oncogenesis", "off-target-editing",
                "immune-reaction", "gene-activation", "somatic-vs-germline", "trial-vs-approved")
BRIEF_GLOSSARY = ("dna", "gene", "variant", "gene-therapy", "gene-addition", "gene-editing", "crispr", "off-target",
                  "vector", "aav", "lentiviral-vector", "in-vivo", "ex-vivo", "blood-stem-cells", "apheresis",
                  "conditioning", "engraftment", "insertional-oncogenesis", "somatic", "germline", "boxed-warning",
                  "clinical-trial", "accelerated-approval")
BRIEF_MISCONCEPTIONS = ("changes-children-dna", "same-as-mrna-vaccine", "always-cures", "always-permanent",
                        "easy-repeat-dose", "virus-causes-infection", "editing-perfectly-precise",
                        "cancer-shows-early", "only-inherited-disease", "infusion-riskiest-part",
                        "needs-matched-donor", "trial-is-best-care", "fixes-every-cell")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(QUESTIONS)


@pytest.fixture(scope="module")
def report(catalogue):
    return review(catalogue, today=max(m.reviewed for m in catalogue.modules.values()))


def questions(catalogue):
    return [q for m in catalogue.modules.values() for q in m.questions]


def test_the_gate_finds_no_errors_in_the_real_content(report):
    assert report.errors == [], "\n".join(report.errors)


def test_six_modules_in_order_from_basics_to_families(catalogue):
    assert list(catalogue.modules) == ["basics", "how-it-works", "how-it-is-given", "risks", "trials", "families"]
    assert [Path(m.path).name[:3] for m in catalogue.modules.values()] == ["01-", "02-", "03-", "04-", "05-", "06-"]


def test_the_first_module_stands_on_its_own(catalogue):
    basics = catalogue.module("basics")
    assert basics.title == "Gene therapy basics"
    assert len(basics.sections) >= 5 and len(basics.questions) >= 15


def test_at_least_90_questions_with_unique_module_prefixed_ids(catalogue):
    items = questions(catalogue)
    assert len(items) >= 90
    assert len({q.id for q in items}) == len(items)
    assert all(q.id.startswith(q.module_id + "-") for q in items)


def test_each_key_concept_is_tested_by_at_least_four_questions(catalogue):
    counts = Counter(q.concept for q in questions(catalogue))
    assert {c: counts[c] for c in KEY_CONCEPTS if counts[c] < 4} == {}


def test_glossary_has_the_brief_terms_each_defined_in_one_sentence(catalogue):
    assert len(catalogue.glossary) >= 22
    assert [t for t in BRIEF_GLOSSARY if t not in catalogue.glossary] == []
    for term in catalogue.glossary.values():
        assert len(re.findall(r"[.!?](?:\s|$)", term.definition)) == 1, term.id


def test_worst_section_reads_at_grade_8_or_below(report):
    assert max(row.grade_worst for row in report.rows) <= 8
    assert min(row.fre for row in report.rows) >= 60


def test_every_misconception_a_choice_names_exists_and_the_brief_ones_are_all_there(catalogue):
    named = {c.misconception for q in questions(catalogue) for c in q.choices if c.misconception}
    assert named - set(catalogue.misconceptions) == set()
    assert [m for m in BRIEF_MISCONCEPTIONS if m not in catalogue.misconceptions] == []
    assert all(1 <= m.priority <= 3 and 2 <= len(m.talking_points) <= 3 for m in catalogue.misconceptions.values())


def test_nothing_shown_to_patients_promises_a_cure(catalogue):
    texts = [catalogue.disclaimer, *catalogue.checklist]
    texts += [t.definition for t in catalogue.glossary.values()]
    texts += [m.correction for m in catalogue.misconceptions.values()]
    for m in catalogue.modules.values():
        texts += [m.title, m.summary]
        for s in m.sections:
            texts += [s.title, s.body]
            for q in s.questions:
                texts += [q.prompt, q.explanation, *[c.text for c in q.choices], *[c.feedback for c in q.choices]]
    assert [t for t in texts if CURE_PROMISES.search(t)] == []


def test_modules_record_when_they_were_checked_and_name_their_sources(catalogue):
    for m in catalogue.modules.values():
        assert dt.date(2026, 11, 24) <= m.reviewed <= dt.date.today() and m.sources, m.id
        assert all(s.sources for s in m.sections), m.id


def test_the_checklist_is_phrased_as_the_patient_would_ask(catalogue):
    assert len(catalogue.checklist) >= 8
    assert all(item.endswith("?") and re.search(r"\b(I|my|me)\b", item) for item in catalogue.checklist)
