"""Frozen content objects: the catalogue every other layer reads and none changes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

WORDS_PER_MINUTE = 150
SECONDS_PER_QUESTION = 30  # reading the question and its choices, and picking one
SECONDS_PER_FEEDBACK = 15  # reading why the answer is right or not
RETRY_SHARE = 1 / 3  # about a third of the questions come back in the second try
SECONDS_AT_THE_END = 60  # the results page and a look at the consult sheet
DONT_KNOW = "dont-know"


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    correct: bool
    feedback: str
    misconception: str | None = None
    lang: str = "en"       # the language of text and feedback: "en" when a translation fell back

    @property
    def unknown(self) -> bool:
        """The fixed last option "I don't know yet": a gap to fill, not a misunderstanding."""
        return self.id == DONT_KNOW


DONT_KNOW_CHOICE = Choice(
    DONT_KNOW, "I don't know yet", False,
    "That is fine. Saying so is better than guessing. Read the answer below, and ask your care team about it.")


@dataclass(frozen=True)
class Question:
    id: str
    module_id: str
    section_id: str
    concept: str
    prompt: str
    choices: tuple[Choice, ...]
    explanation: str
    content_hash: str
    sibling: Question | None = None
    lang: str = "en"
    alternate: Question | None = None     # a third parallel form on the same concept

    @property
    def forms(self) -> tuple[Question, ...]:
        """The parallel forms there are, in order: this question, its sibling, its alternate."""
        return tuple(f for f in (self, self.sibling, self.alternate) if f is not None)

    @property
    def authored_choices(self) -> tuple[Choice, ...]:
        """The choices an author wrote, without the fixed "I don't know yet"."""
        return tuple(c for c in self.choices if not c.unknown)

    @property
    def retry_question(self) -> Question:
        """The question the retry round asks when this one was missed: its sibling, or itself."""
        return self.sibling or self

    @property
    def correct_choice(self) -> Choice:
        """Return the one right answer (validation guarantees exactly one)."""
        return next(c for c in self.choices if c.correct)

    def choice(self, choice_id: str) -> Choice | None:
        """Return the choice with this id, or None when it is not one of ours."""
        return next((c for c in self.choices if c.id == choice_id), None)

    def snapshot(self) -> dict:
        """Describe the question exactly as shown, for storing beside answers."""
        return snapshot_of(self.prompt, self.choices)


def snapshot_of(prompt: str, choices) -> dict:
    """What a person is shown: the prompt, and each choice with its meaning (right, misconception)."""
    return {"prompt": prompt,
            "choices": [{"id": c.id, "text": c.text, "correct": c.correct, "misconception": c.misconception}
                        for c in choices]}


@dataclass(frozen=True)
class Figure:
    """A picture placed in a section; description is the long text for a picture that carries facts."""
    file: str
    caption: str
    alt: str
    description: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    body: str
    body_html: str
    sources: tuple[str, ...]
    terms: tuple[str, ...]
    questions: tuple[Question, ...]
    facts_checked: dt.date | None = None
    figure: Figure | None = None
    lang: str = "en"

    @property
    def word_count(self) -> int:
        """Count words in the Markdown body."""
        return len(self.body.split())


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    summary: str
    order: int
    reviewed: dt.date
    sources: tuple[str, ...]
    sections: tuple[Section, ...]
    version: str
    path: str = ""
    main_message: str = ""
    key_points: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    lang: str = "en"       # of the header: title, summary, main message, key points, actions

    # Derived once per module and kept (content never changes while the app runs): every patient page asks.
    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """The first-round questions in reading order (siblings wait for the retry round)."""
        return tuple(q for s in self.sections for q in s.questions)

    @cached_property
    def all_questions(self) -> tuple[Question, ...]:
        """Every question: each first-round question followed by its sibling, then its alternate."""
        return tuple(x for q in self.questions for x in q.forms)

    @cached_property
    def terms(self) -> tuple[str, ...]:
        """Glossary terms used anywhere in the module, first use first."""
        seen: dict[str, None] = {}
        for s in self.sections:
            seen.update(dict.fromkeys(s.terms))
        return tuple(seen)

    @cached_property
    def reading_minutes(self) -> int:
        """Estimate minutes for the whole topic: reading, every question and its feedback, the second try, results."""
        words = sum(s.word_count for s in self.sections)
        per_question = SECONDS_PER_QUESTION + SECONDS_PER_FEEDBACK
        questions = len(self.questions) * per_question * (1 + RETRY_SHARE)
        seconds = words / WORDS_PER_MINUTE * 60 + questions + SECONDS_AT_THE_END
        return max(1, round(seconds / 60))

    def question(self, question_id: str) -> Question | None:
        """Return a question of this module by id, siblings and alternates included."""
        return self._by_id.get(question_id)

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        """Every question, sibling and alternate by id."""
        return {q.id: q for q in reversed(self.all_questions)}  # the first of a repeated id wins, as before

    def section(self, section_id: str) -> Section | None:
        """Return a section of this module by id."""
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    forms: tuple[str, ...] = ()
    lang: str = "en"


@dataclass(frozen=True)
class Misconception:
    id: str
    statement: str
    correction: str
    talking_points: tuple[str, ...]
    priority: int = 2
    lang: str = "en"


@dataclass(frozen=True)
class Concept:
    id: str
    label: str
    lang: str = "en"


@dataclass(frozen=True)
class Bundle:
    """Topics assigned together ("Before an ex vivo consult"), in reading order."""
    id: str
    title: str
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    modules: dict[str, Module]
    glossary: dict[str, Term]
    misconceptions: dict[str, Misconception]
    concepts: dict[str, Concept]
    checklist: tuple[str, ...]
    disclaimer: str = ""
    warnings: tuple[str, ...] = field(default=())
    lang: str = "en"       # the language the catalogue is for; each item says what it shows
    text_langs: dict[str, str] = field(default_factory=dict)   # "disclaimer", "checklist": language shown
    bundles: tuple[Bundle, ...] = ()

    def module(self, module_id: str) -> Module | None:
        """Return a module by id, or None."""
        return self.modules.get(module_id)

    def text_lang(self, name: str) -> str:
        """The language the disclaimer or the checklist is shown in (a translation may fall back)."""
        return self.text_langs.get(name, "en")

    @cached_property
    def rendered(self) -> dict:
        """Pieces of pages drawn from this catalogue alone, kept by the web layer (`templating.fragment`)."""
        return {}
