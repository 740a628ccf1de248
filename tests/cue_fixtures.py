"""Content folders built from the cue fixtures in tests/fixtures/gate/cues/, one row per question.

A fixture lists, per language and topic, rows of [prompt, right option, wrong option, wrong option];
a fixture with `base:` starts from that one and replaces the rows it numbers (from 1). `build`
writes a content folder the loader reads: one topic file per topic (one section holding every
row), the shared file, and the Spanish files in es/ with each question's current source hash,
so every Spanish question counts as translated.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from quizapp.content import load_catalogue
from quizapp.content.gate import review
from quizapp.content.gate_es import review as review_es
from quizapp.content.translated import load_translation
from quizapp.content.translation import english_question, source_of
from tests.gate_helpers import GOOD, TODAY

CUES = Path(__file__).parent / "fixtures" / "gate" / "cues"
CHOICES = ("right", "wrong-one", "wrong-two")


def rows(name: str) -> dict[str, dict[str, list[list[str]]]]:
    """The rows of a fixture by language and topic, its base's rows replaced where it says."""
    spec = yaml.safe_load((CUES / f"{name}.yaml").read_text(encoding="utf-8"))
    if "base" not in spec:
        return spec
    out = rows(spec["base"])
    for lang, topics in spec.items():
        for topic, changes in (topics.items() if lang != "base" else ()):
            for n, row in changes.items():
                out[lang][topic][n - 1] = row
    return out


def build(tmp_path: Path, name: str) -> Path:
    """Write the content folder of a fixture and return it."""
    folder, spec = tmp_path / name, rows(name)
    (folder / "es").mkdir(parents=True)
    shutil.copy(GOOD / "_common.yaml", folder / "_common.yaml")
    for order, (topic, questions) in enumerate(spec["en"].items(), 1):
        (folder / f"0{order}-{topic}.yaml").write_text(yaml.safe_dump(_module(topic, order, questions),
                                                                       sort_keys=False), encoding="utf-8")
    english = load_catalogue(folder)
    for order, (topic, questions) in enumerate(spec.get("es", {}).items(), 1):
        module = english.module(topic)
        translated = [{"id": q.id, "source": source_of(english_question(q)), **_texts(row, "Sí.", "No.", "Porque.")}
                      for q, row in zip(module.questions, questions, strict=True)]
        doc = {"id": topic, "sections": [{"id": "one", "questions": translated}]}
        (folder / "es" / f"0{order}-{topic}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False,
                                                                             allow_unicode=True), encoding="utf-8")
    return folder


def _module(topic: str, order: int, questions: list[list[str]]) -> dict:
    """A topic file: one section holding a question per row."""
    return {"id": topic, "order": order, "title": f"Topic {topic}", "summary": "A topic for the cue rules.",
            "reviewed": "2026-11-01", "sources": ["MedlinePlus Genetics"],
            "sections": [{"id": "one", "title": "Part one", "body": "A gene is a recipe.",
                          "sources": ["MedlinePlus Genetics"],
                          "questions": [{"id": f"{topic}-q{n}", "concept": "genes-dna", **_texts(row),
                                         "choices": [{**c, **({"correct": True} if c["id"] == "right" else
                                                              {"misconception": "gene-is-disease"})}
                                                     for c in _texts(row)["choices"]]}
                                        for n, row in enumerate(questions, 1)]}]}


def _texts(row: list[str], yes: str = "Yes.", no: str = "No.", why: str = "Because.") -> dict:
    """A row's prompt, choices (ids and texts, with short feedback) and explanation."""
    return {"prompt": row[0], "explanation": why,
            "choices": [{"id": cid, "text": text, "feedback": yes if cid == "right" else no}
                        for cid, text in zip(CHOICES, row[1:], strict=True)]}


def errors(folder: Path, lang: str = "en") -> str:
    """Every gate error for a built folder, in English or in Spanish, one per line."""
    english = load_catalogue(folder)
    if lang == "en":
        return "\n".join(review(english, today=TODAY).errors)
    return "\n".join(message for _, message in review_es(load_translation(english, folder / lang, lang)).errors)


def cues(folder: Path, lang: str = "en"):
    """The bank report (key ranks, solver scores) of a built folder in a language."""
    english = load_catalogue(folder)
    if lang == "en":
        return review(english, today=TODAY).cues
    return review_es(load_translation(english, folder / lang, lang)).cues
