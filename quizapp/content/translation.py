"""The translation format: the shape of questions/<lang>/*.yaml, and what each unit's source hash covers.

A translated file mirrors its English file with the same ids, and holds text only: the answer
key, misconceptions, concepts, terms lists, sources and figure files always come from English.
Each unit (a topic's header, a section, a question, a sibling, an alternate, a glossary term, a misconception,
a concept label, the disclaimer, the checklist, the "I don't know yet" choice) carries
`source:`, the hash of the English text it was translated from: `english_*` below give that
text in canonical form (the fields a translator fills, under the same names) and `source_of`
hashes it. When the English changes, the hash no longer matches and the unit is stale.

An empty or absent text is an untranslated unit (a stub written by translate-content), which
the catalogue shows in English and the gate reports as missing.
"""
from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, StringConstraints

from .loader import _digest
from .model import DONT_KNOW_CHOICE, Concept, Misconception, Module, Question, Section, Term
from .schema import ChoiceId, Slug, Strict

Maybe = Annotated[str, BeforeValidator(lambda v: "" if v is None else v), StringConstraints(strip_whitespace=True)]
Lines = Annotated[list[Maybe], BeforeValidator(lambda v: [] if v is None else v)]
Source = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]


class ChoiceTr(Strict):
    id: ChoiceId
    text: Maybe = ""
    feedback: Maybe = ""


class SiblingTr(Strict):
    id: Slug
    source: Source | None = None
    prompt: Maybe = ""
    explanation: Maybe = ""
    choices: list[ChoiceTr] = []


class QuestionTr(SiblingTr):
    sibling: SiblingTr | None = None
    alternate: SiblingTr | None = None


class FigureTr(Strict):
    caption: Maybe = ""
    alt: Maybe = ""
    description: Maybe = ""


class SectionTr(Strict):
    id: Slug
    source: Source | None = None
    title: Maybe = ""
    body: Maybe = ""
    figure: FigureTr | None = None
    questions: list[QuestionTr] = []


class ModuleTr(Strict):
    id: Slug
    source: Source | None = None
    title: Maybe = ""
    summary: Maybe = ""
    main_message: Maybe = ""
    key_points: Lines = []
    actions: Lines = []
    sections: list[SectionTr] = []


class TermTr(Strict):
    id: Slug
    source: Source | None = None
    term: Maybe = ""
    definition: Maybe = ""
    forms: Lines = []


class MisconceptionTr(Strict):
    id: Slug
    source: Source | None = None
    statement: Maybe = ""
    correction: Maybe = ""
    talking_points: Lines = []


class ConceptTr(Strict):
    source: Source | None = None
    label: Maybe = ""


class TextTr(Strict):
    source: Source | None = None
    text: Maybe = ""


class DontKnowTr(TextTr):
    feedback: Maybe = ""


class ChecklistTr(Strict):
    source: Source | None = None
    items: Lines = []


class CommonTr(Strict):
    dont_know: DontKnowTr | None = None
    disclaimer: TextTr | None = None
    checklist: ChecklistTr | None = None
    concepts: dict[Slug, ConceptTr] = {}
    glossary: list[TermTr] = []
    misconceptions: list[MisconceptionTr] = []


# ---------------------------------------------------------------- the English text of each unit

def english_module(m: Module) -> dict:
    """A topic's header: what opens and closes it."""
    return {"title": m.title, "summary": m.summary, "main_message": m.main_message,
            "key_points": list(m.key_points), "actions": list(m.actions)}


def english_section(s: Section) -> dict:
    """A section's reading, with its figure's words when it has a figure."""
    figure = {"caption": s.figure.caption, "alt": s.figure.alt, "description": s.figure.description} \
        if s.figure else None
    return {"title": s.title, "body": s.body, "figure": figure}


def english_question(q: Question) -> dict:
    """A question, a sibling or an alternate: its prompt, explanation and authored choices (ids keep their order)."""
    return {"prompt": q.prompt,
            "choices": [{"id": c.id, "text": c.text, "feedback": c.feedback} for c in q.authored_choices],
            "explanation": q.explanation}


def english_term(t: Term) -> dict:
    """A glossary entry; forms are the spellings found in the text (optional in a translation)."""
    return {"term": t.term, "definition": t.definition, "forms": list(t.forms)}


def english_misconception(m: Misconception) -> dict:
    """What a person may believe, what is true, and what the care team can say."""
    return {"statement": m.statement, "correction": m.correction, "talking_points": list(m.talking_points)}


def english_concept(c: Concept) -> dict:
    """A concept's label, shown in a person's results."""
    return {"label": c.label}


def english_dont_know() -> dict:
    """The fixed last option every question gets."""
    return {"text": DONT_KNOW_CHOICE.text, "feedback": DONT_KNOW_CHOICE.feedback}


def source_of(text: dict) -> str:
    """The hash a translated unit records: of the canonical English text it was translated from."""
    return _digest(text)
