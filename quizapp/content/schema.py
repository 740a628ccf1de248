"""The shape of the YAML files in questions/, checked by pydantic before anything is built."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
# A choice id is a short slug of two or more characters, so it never meets the one-letter ids
# ("a", "b", ...) that answers stored before choice ids existed still carry.
ChoiceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$", max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChoiceIn(Strict):
    id: ChoiceId
    text: Text
    correct: bool = False
    feedback: Text
    misconception: Slug | None = None


class SiblingIn(Strict):
    """A parallel question: the same idea in another scenario and wording (the sibling and the alternate)."""
    id: Slug
    prompt: Text
    choices: list[ChoiceIn] = Field(min_length=3, max_length=4)
    explanation: Text


class QuestionIn(SiblingIn):
    concept: Slug
    sibling: SiblingIn | None = None       # asked in the retry round
    alternate: SiblingIn | None = None     # a third form: the check before reading, the re-check before the consult


class FigureIn(Strict):
    """A picture for a section: an SVG in quizapp/static/figures/, with words for those who cannot see it."""
    file: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*\.svg$", max_length=80)]
    caption: Text
    alt: Text
    description: Text | None = None


class SectionIn(Strict):
    id: Slug
    title: Text
    body: Text
    sources: list[Text] = Field(min_length=1)
    terms: list[Slug] = []
    facts_checked: dt.date | None = None
    figure: FigureIn | None = None
    questions: list[QuestionIn] = Field(min_length=1)


class ModuleIn(Strict):
    id: Slug
    order: int = Field(ge=1)
    title: Text
    summary: Text
    reviewed: dt.date
    main_message: Text | None = None
    key_points: list[Text] = []
    actions: list[Text] = []
    sources: list[Text] = Field(min_length=1)
    sections: list[SectionIn] = Field(min_length=1)


class TermIn(Strict):
    id: Slug
    term: Text
    definition: Text
    forms: list[Text] = []


class MisconceptionIn(Strict):
    id: Slug
    statement: Text
    correction: Text
    talking_points: list[Text] = Field(min_length=1)
    priority: int = Field(default=2, ge=1, le=3)


class BundleIn(Strict):
    """A set of topics a clinician often assigns together, offered on the new-assignment form."""
    id: Slug
    title: Text
    modules: list[Slug] = Field(min_length=1)


class CommonIn(Strict):
    disclaimer: Text
    concepts: dict[Slug, Text] = Field(min_length=1)
    glossary: list[TermIn] = Field(min_length=1)
    misconceptions: list[MisconceptionIn] = Field(min_length=1)
    checklist: list[Text] = Field(min_length=1)
    bundles: list[BundleIn] = []
