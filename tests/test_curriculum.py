"""The real curriculum in questions/ passes the content gate and covers what the brief asks for."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from quizapp.content import load_catalogue
from quizapp.content.gate import CURE_PROMISES, review
from quizapp.content.readability import Glossary, plain_text

QUESTIONS = Path(__file__).resolve().parent.parent / "questions"
FIRST_TOPIC_CONCEPTS = ("genes-dna", "what-is-gene-therapy", "addition-vs-editing", "in-vivo-vs-ex-vivo",
                        "somatic-vs-germline")
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
    """First-round questions of every topic."""
    return [q for m in catalogue.modules.values() for q in m.questions]


def every_question(catalogue):
    """Every question a person can be asked: first round and retry siblings."""
    return [q for m in catalogue.modules.values() for q in m.all_questions]


def test_the_gate_finds_no_errors_in_the_real_content(report):
    assert report.errors == [], "\n".join(report.errors)


def test_six_modules_in_order_from_basics_to_families(catalogue):
    assert list(catalogue.modules) == ["basics", "how-it-works", "how-it-is-given", "risks", "trials", "families"]
    assert [Path(m.path).name[:3] for m in catalogue.modules.values()] == ["01-", "02-", "03-", "04-", "05-", "06-"]


def test_the_first_topic_stands_on_its_own(catalogue):
    basics = catalogue.module("basics")
    assert basics.title == "Gene therapy basics" and len(basics.sections) >= 5
    tested = {q.concept for q in basics.all_questions}
    assert [c for c in FIRST_TOPIC_CONCEPTS if c not in tested] == []


def test_every_question_has_a_sibling_in_other_words_and_ids_are_unique_and_topic_prefixed(catalogue):
    assert [q.id for q in questions(catalogue) if q.sibling is None] == []
    items = every_question(catalogue)
    assert len({q.id for q in items}) == len(items)
    assert all(q.id.startswith(q.module_id + "-") for q in items)
    for q in questions(catalogue):
        assert q.sibling.concept == q.concept, q.id
        assert q.sibling.prompt != q.prompt and q.sibling.correct_choice.text != q.correct_choice.text, q.id


def test_every_concept_is_tested_by_at_least_four_questions_counting_siblings(catalogue):
    assert [c for c in KEY_CONCEPTS if c not in catalogue.concepts] == []
    counts = Counter(q.concept for q in every_question(catalogue))
    assert {c: counts[c] for c in catalogue.concepts if counts[c] < 4} == {}
    assert set(counts) <= set(catalogue.concepts)


def test_every_wrong_choice_names_a_misconception_and_no_right_one_does(catalogue):
    for q in every_question(catalogue):
        for c in q.authored_choices:
            assert (c.misconception is None) == c.correct, f"{q.id} / {c.id}"
            assert c.correct or c.misconception in catalogue.misconceptions, f"{q.id} / {c.id}"


def test_every_glossary_term_used_is_defined(catalogue):
    assert [t for t in BRIEF_GLOSSARY if t not in catalogue.glossary] == []
    assert [t.id for t in catalogue.glossary.values() if not t.definition.strip().endswith(".")] == []
    glossary = Glossary(catalogue)
    for m in catalogue.modules.values():
        listed: set[str] = set()
        for s in m.sections:
            assert [t for t in s.terms if t not in catalogue.glossary] == [], f"{m.id} / {s.id}"
            listed.update(s.terms)
            used = glossary.used(plain_text(s.body)[0])
            assert {t: form for t, form in used.items() if t not in listed} == {}, f"{m.id} / {s.id}"


def test_every_topic_has_a_main_message_key_points_and_actions(catalogue):
    for m in catalogue.modules.values():
        assert len(m.main_message.split()) >= 8, m.id
        assert 3 <= len(m.key_points) <= 5 and 3 <= len(m.actions) <= 5, m.id
        assert all(line.strip() for line in (*m.key_points, *m.actions)), m.id


def test_every_topic_reads_within_the_limits_unmasked(report):
    assert len(report.rows) == 6
    for row in report.rows:
        assert row.grade_worst <= 8 and row.grade_mean <= 6 and row.smog <= 8, row
        assert row.fre >= 60 and row.solver <= 0.5, row


def test_the_brief_misconceptions_are_all_there_with_talking_points(catalogue):
    assert [m for m in BRIEF_MISCONCEPTIONS if m not in catalogue.misconceptions] == []
    assert all(1 <= m.priority <= 3 and 2 <= len(m.talking_points) <= 3 for m in catalogue.misconceptions.values())


def test_nothing_shown_to_patients_promises_a_cure(catalogue):
    texts = [catalogue.disclaimer, *catalogue.checklist]
    texts += [t.definition for t in catalogue.glossary.values()]
    texts += [m.correction for m in catalogue.misconceptions.values()]
    for m in catalogue.modules.values():
        texts += [m.title, m.summary, m.main_message, *m.key_points, *m.actions]
        texts += [t for s in m.sections for t in (s.title, s.body)]
        for q in m.all_questions:
            texts += [q.prompt, q.explanation, *[c.text for c in q.choices], *[c.feedback for c in q.choices]]
    assert [t for t in texts if CURE_PROMISES.search(t)] == []


def test_modules_record_when_they_were_checked_and_name_their_sources(catalogue):
    for m in catalogue.modules.values():
        assert dt.date(2026, 11, 24) <= m.reviewed <= dt.date.today() and m.sources, m.id
        assert all(s.sources for s in m.sections), m.id


def test_the_checklist_is_phrased_as_the_patient_would_ask(catalogue):
    assert len(catalogue.checklist) >= 8
    assert all(item.endswith("?") and re.search(r"\b(I|my|me)\b", item) for item in catalogue.checklist)
