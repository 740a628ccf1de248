"""What a person's answers show: misunderstandings to discuss, gaps, shaky and understood ideas.

Pure functions over report lines (question by question, with the choice each person picked).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .content.model import DONT_KNOW, Catalogue, Misconception
from .scoring import wrong_and_sure
from .states import N_, Confidence, Round, Say, Severity

STAND_IN = "concept:"      # the id of a stand-in for a wrong answer that names no misconception: concept:<idea>
MISSED = N_("Missed a question about: %(idea)s.")   # a stand-in's words, put on where it is shown


@dataclass(frozen=True)
class Pick:
    """One answer as the person saw and gave it, read from the question version's snapshot."""
    choice_id: str
    text: str
    correct: bool
    confidence: str | None
    answered_at: dt.datetime
    misconception: str | None
    prompt: str = ""
    lang: str = "en"  # the language the question was shown in
    form: int = 0  # the parallel form drawn (see phases.FORM_NAMES)

    @property
    def unknown(self) -> bool:
        """The person chose "I don't know yet": a gap, not a misunderstanding."""
        return self.choice_id == DONT_KNOW


@dataclass(frozen=True)
class QuestionLine:
    question_id: str
    concept: str
    prompt: str
    first: Pick | None
    retry: Pick | None

    @property
    def retried_on_new_question(self) -> bool:
        """The retry asked a sibling question, so a right retry shows the idea, not a remembered answer."""
        return bool(self.retry and self.retry.prompt and self.retry.prompt != self.prompt)


@dataclass(frozen=True)
class Finding:
    """A misconception this person showed, with the questions that showed it."""
    misconception: Misconception
    severity: Severity
    prompts: tuple[str, ...]
    fixed_on_retry: bool
    picks: tuple[tuple[str, str, str], ...] = ()  # (question, choice picked, language), as the person saw them

    @property
    def how(self) -> Say:
        """Say in words how the person answered."""
        return self.severity.words


@dataclass(frozen=True)
class ConceptLine:
    concept: str
    label: str
    prompts: tuple[str, ...] = ()
    sure_given: bool = True  # False: right every time, but the person did not say how sure


def findings(cat: Catalogue, questions: list[QuestionLine]) -> tuple[Finding, ...]:
    """Group wrong first answers by misconception: wrong and sure first, then not sure, then priority.

    "I don't know yet" is a gap, not a misunderstanding: it is listed apart (see `not_yet`).
    """
    grouped: dict[str, dict] = {}
    for q in questions:
        p = q.first
        if p is None or p.correct or p.unknown:
            continue
        mid = p.misconception or f"{STAND_IN}{q.concept}"
        g = grouped.setdefault(mid, {"severity": Severity.WRONG, "prompts": [], "picks": [], "fixed": True})
        g["severity"] = min(g["severity"], _severity(p.confidence))
        g["prompts"].append(q.prompt)
        g["picks"].append((q.prompt, p.text, p.lang))
        g["fixed"] = g["fixed"] and bool(q.retry and q.retry.correct)
    out = [Finding(misconception=_misconception(cat, mid), severity=Severity(g["severity"]),
                   prompts=tuple(g["prompts"]),
                   fixed_on_retry=g["fixed"], picks=tuple(g["picks"])) for mid, g in grouped.items()]
    return tuple(sorted(out, key=lambda f: (f.severity, f.misconception.priority, -len(f.prompts))))


def sure_wrong_counts(cat: Catalogue, rows, snapshots: dict[str, dict]) -> Counter:
    """Count, per assignment, the misunderstandings people held with confidence, grouped as the report groups
    them (one per person and misconception); rows are (assignment, person, question, version, choice)."""
    concept = {q.id: q.concept for m in cat.modules.values() for q in m.questions}
    held = set()
    for assignment_id, person_id, question_id, content_hash, choice in rows:
        if question_id not in concept:  # no longer in the content: the report leaves it out too
            continue
        shown = {c["id"]: c for c in (snapshots.get(content_hash) or {}).get("choices", [])}
        held.add((assignment_id, person_id, shown.get(choice, {}).get("misconception")
                  or f"{STAND_IN}{concept[question_id]}"))
    return Counter(a for a, _, _ in held)


def _severity(confidence: str | None) -> Severity:
    """Rank a wrong answer (never "I don't know yet": that is a gap) by how sure the person was; "wrong and
    sure" is the rule of `scoring.wrong_and_sure`."""
    if wrong_and_sure(Round.FIRST, False, confidence, ""):
        return Severity.WRONG_AND_SURE
    return Severity.WRONG_NOT_SURE if confidence == Confidence.UNSURE else Severity.WRONG


def _misconception(cat: Catalogue, mid: str) -> Misconception:
    """Return the misconception, or a stand-in for a wrong answer that names none, whose statement is the idea's
    label (`statement` words it)."""
    if mid in cat.misconceptions:
        return cat.misconceptions[mid]
    return Misconception(id=mid, statement=_label(cat, mid.removeprefix(STAND_IN)), correction="",
                         talking_points=(), priority=3)


def statement(misconception: Misconception, translate=lambda text, **values: text % values) -> str:
    """A misconception's words; a stand-in says which idea was missed, worded by `translate` (gettext at the edge)."""
    if misconception.id.startswith(STAND_IN):
        return translate(MISSED, idea=misconception.statement)
    return misconception.statement


def not_yet(cat: Catalogue, picks) -> tuple[ConceptLine, ...]:
    """Ideas the person said they did not know yet: something to teach, not to correct."""
    grouped: dict[str, list[str]] = {}
    for q, p in picks:
        if p.unknown:
            grouped.setdefault(q.concept, []).append(q.prompt)
    return tuple(ConceptLine(c, _label(cat, c), tuple(p)) for c, p in grouped.items())


def shaky(cat: Catalogue, picks) -> tuple[ConceptLine, ...]:
    """Concepts answered right but marked not sure."""
    grouped: dict[str, list[str]] = {}
    for q, p in picks:
        if p.correct and p.confidence == Confidence.UNSURE:
            grouped.setdefault(q.concept, []).append(q.prompt)
    return tuple(ConceptLine(c, _label(cat, c), tuple(p)) for c, p in grouped.items())


UNDERSTOOD_QUESTIONS = 2  # different questions on an idea answered right and sure before it counts as understood


def understanding(cat: Catalogue, evidence: Iterable[tuple[str, str, Pick]]
                  ) -> tuple[tuple[ConceptLine, ...], tuple[ConceptLine, ...]]:
    """Split the ideas answered with no wrong answer into (understood, right once).

    `evidence` is every answer that counts: (concept, question id, pick) from the first round, the second
    try and the re-check, never the check before reading. An idea is understood once at least two different
    questions on it were answered right and sure and none wrong ("I don't know yet" is not right either);
    fewer is "right once". A pure function of the stored answers, so an old report reads the same again.
    """
    right_sure: dict[str, set[str]] = {}
    said: dict[str, bool] = {}
    blocked: set[str] = set()
    for concept, question_id, p in evidence:
        if not p.correct:
            blocked.add(concept)
            continue
        right_sure.setdefault(concept, set())
        said[concept] = said.get(concept, True) and p.confidence is not None
        if p.confidence == Confidence.SURE:
            right_sure[concept].add(question_id)
    ok = [c for c in right_sure if c not in blocked]
    understood = tuple(ConceptLine(c, _label(cat, c)) for c in ok if len(right_sure[c]) >= UNDERSTOOD_QUESTIONS)
    once = tuple(ConceptLine(c, _label(cat, c), sure_given=said[c]) for c in ok
                 if len(right_sure[c]) < UNDERSTOOD_QUESTIONS)
    return understood, once


def _label(cat: Catalogue, concept: str) -> str:
    """Return a concept's plain label."""
    return cat.concepts[concept].label if concept in cat.concepts else concept
