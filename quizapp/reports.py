"""The consult report, built by pure functions from stored rows and the content catalogue.

Nothing here touches Flask or the database. Question text comes from the stored snapshot of what the
person saw, so the report stays true after the content changes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Protocol

from .content.model import Catalogue, Misconception
from .scoring import FIRST, RETRY, by_round

ROLE_LABELS = {"patient": "Patient", "caregiver": "Family member or caregiver", "self": "Reader"}
READING_CAP = dt.timedelta(minutes=20)  # longer than this between opening and answering: away, not reading
SURE, UNSURE = "sure", "unsure"


class AnswerRow(Protocol):
    attempt_id: int
    question_id: str
    round: int
    choice: str
    correct: bool
    confidence: str | None
    content_hash: str
    answered_at: dt.datetime


@dataclass(frozen=True)
class Pick:
    """One answer as shown in the report."""
    choice_id: str
    text: str
    correct: bool
    confidence: str | None
    answered_at: dt.datetime
    misconception: str | None


@dataclass(frozen=True)
class QuestionLine:
    question_id: str
    concept: str
    prompt: str
    first: Pick | None
    retry: Pick | None


@dataclass(frozen=True)
class ModuleLine:
    module_id: str
    title: str
    status: str  # "not started", "in progress", "done"
    total: int
    answered: int
    first_correct: int
    retry_total: int
    retry_correct: int
    retry_answered: int
    reading_seconds: int
    questions: tuple[QuestionLine, ...] = ()

    @property
    def reading_minutes(self) -> int:
        """Whole minutes spent reading, at least 1 once anything was read."""
        return max(1, round(self.reading_seconds / 60)) if self.reading_seconds else 0


@dataclass(frozen=True)
class Finding:
    """A misconception this person showed, with the questions that showed it."""
    misconception: Misconception
    severity: int  # 0 wrong and sure, 1 wrong and not sure, 2 sureness not given
    prompts: tuple[str, ...]
    fixed_on_retry: bool

    @property
    def how(self) -> str:
        """Say in words how the person answered."""
        return ("Answered wrongly and was sure", "Answered wrongly and was not sure",
                "Answered wrongly")[self.severity]


@dataclass(frozen=True)
class ConceptLine:
    concept: str
    label: str
    prompts: tuple[str, ...] = ()
    sure_given: bool = True  # False: right every time, but the person did not say how sure


@dataclass(frozen=True)
class PersonReport:
    public_id: str
    role: str
    label: str
    started: dt.datetime
    modules: tuple[ModuleLine, ...]
    discuss: tuple[Finding, ...]
    shaky: tuple[ConceptLine, ...]
    understood: tuple[ConceptLine, ...]

    @property
    def status(self) -> str:
        """Not started, in progress or done, over every assigned module."""
        states = {m.status for m in self.modules}
        if states == {"done"}:
            return "done"
        if states == {"not started"}:
            return "not started"
        return "in progress"

    @property
    def answered(self) -> int:
        """How many first-try answers this person gave."""
        return sum(m.answered for m in self.modules)


@dataclass(frozen=True)
class Report:
    people: tuple[PersonReport, ...]
    module_titles: tuple[tuple[str, str], ...] = field(default=())

    @property
    def answered_people(self) -> tuple[PersonReport, ...]:
        """The people who answered at least one question (shown side by side)."""
        return tuple(p for p in self.people if p.answered)


@dataclass(frozen=True)
class PersonRows:
    """Everything stored for one person, as plain records."""
    public_id: str
    role: str
    created_at: dt.datetime
    attempts: tuple = ()   # objects with id, module_id, finished_at
    answers: tuple = ()    # AnswerRow
    visits: tuple = ()     # objects with attempt_id, section_id, opened_at


def person_labels(people: Iterable[PersonRows]) -> dict[str, str]:
    """Name each person by role, numbering repeats: Patient, Family member or caregiver 2."""
    seen: dict[str, int] = {}
    out = {}
    for p in people:
        seen[p.role] = seen.get(p.role, 0) + 1
        base = ROLE_LABELS.get(p.role, "Reader")
        out[p.public_id] = base if seen[p.role] == 1 else f"{base} {seen[p.role]}"
    return out


def build_report(cat: Catalogue, module_ids: list[str], people: list[PersonRows],
                 snapshots: dict[str, dict]) -> Report:
    """Build the whole report for one assignment."""
    labels = person_labels(people)
    modules = [cat.modules[m] for m in module_ids if m in cat.modules]
    return Report(tuple(_person(cat, modules, p, labels[p.public_id], snapshots) for p in people),
                  tuple((m.id, m.title) for m in modules))


def build_summary(cat: Catalogue, module_ids: list[str], people: list[PersonRows],
                  counts: dict[tuple[int, int], int]) -> Report:
    """Status and scores per person and module from attempts alone (for the list of assignments).

    `counts` holds how many answers each attempt has per round: {(attempt_id, round): n}.
    """
    labels = person_labels(people)
    modules = [cat.modules[m] for m in module_ids if m in cat.modules]
    out = []
    for p in people:
        attempts = {a.module_id: a for a in p.attempts}
        lines = []
        for mod in modules:
            a = attempts.get(mod.id)
            status = "not started" if a is None else ("done" if a.finished_at else "in progress")
            lines.append(ModuleLine(mod.id, mod.title, status, len(mod.questions),
                                    counts.get((a.id, FIRST), 0) if a else 0, a.first_correct if a else 0,
                                    a.retry_total if a else 0, a.retry_correct if a else 0,
                                    counts.get((a.id, RETRY), 0) if a else 0, 0))
        out.append(PersonReport(p.public_id, p.role, labels[p.public_id], p.created_at, tuple(lines), (), (), ()))
    return Report(tuple(out), tuple((m.id, m.title) for m in modules))


def _person(cat: Catalogue, modules, rows: PersonRows, label: str, snapshots: dict) -> PersonReport:
    attempts = {a.module_id: a for a in rows.attempts}
    by_attempt: dict[int, list[AnswerRow]] = {}
    for a in rows.answers:
        by_attempt.setdefault(a.attempt_id, []).append(a)
    lines = []
    for mod in modules:
        att = attempts.get(mod.id)
        answers = by_attempt.get(att.id, []) if att else []
        visits = [v for v in rows.visits if att and v.attempt_id == att.id]
        lines.append(_module_line(mod, att, answers, visits, snapshots))
    picks = [(q, q.first) for m in lines for q in m.questions if q.first]
    return PersonReport(rows.public_id, rows.role, label, rows.created_at, tuple(lines),
                        findings(cat, [q for m in lines for q in m.questions]),
                        _shaky(cat, picks), _understood(cat, picks))


def _module_line(mod, att, answers: list[AnswerRow], visits, snapshots: dict) -> ModuleLine:
    first = by_round(answers, FIRST)
    retry = by_round(answers, RETRY)
    questions = tuple(
        QuestionLine(q.id, q.concept, _prompt(q, first.get(q.id), snapshots),
                     _pick(q, first.get(q.id), snapshots), _pick(q, retry.get(q.id), snapshots))
        for q in mod.questions if q.id in first or q.id in retry)
    status = "not started" if att is None else ("done" if att.finished_at else "in progress")
    missed = [q for q in mod.questions if q.id in first and not first[q.id].correct]
    return ModuleLine(mod.id, mod.title, status, len(mod.questions), len(first),
                      sum(a.correct for a in first.values()), len(missed),
                      sum(1 for q in missed if q.id in retry and retry[q.id].correct),
                      sum(1 for q in missed if q.id in retry), reading_seconds(mod, visits, first), questions)


def _prompt(question, answer: AnswerRow | None, snapshots: dict) -> str:
    snap = snapshots.get(answer.content_hash) if answer else None
    return snap["prompt"] if snap else question.prompt


def _pick(question, answer: AnswerRow | None, snapshots: dict) -> Pick | None:
    """Describe an answer with the choice text the person saw."""
    if answer is None:
        return None
    snap = snapshots.get(answer.content_hash) or {}
    shown = {c["id"]: c["text"] for c in snap.get("choices", [])}
    current = question.choice(answer.choice)
    text = shown.get(answer.choice) or (current.text if current else answer.choice)
    return Pick(answer.choice, text, bool(answer.correct), answer.confidence, answer.answered_at,
                current.misconception if current and not answer.correct else None)


def reading_seconds(mod, visits, first: dict[str, AnswerRow]) -> int:
    """Sum, per section, the time from opening it to answering its first question (capped)."""
    total = dt.timedelta()
    for v in visits:
        section = mod.section(v.section_id)
        if section is None or not section.questions:
            continue
        answered = [first[q.id].answered_at for q in section.questions if q.id in first]
        if answered:
            total += max(dt.timedelta(), min(min(answered) - v.opened_at, READING_CAP))
    return int(total.total_seconds())


def findings(cat: Catalogue, questions: list[QuestionLine]) -> tuple[Finding, ...]:
    """Group wrong first answers by misconception: wrong and sure first, then not sure, then priority."""
    grouped: dict[str, dict] = {}
    for q in questions:
        pick = q.first
        if pick is None or pick.correct:
            continue
        mid = pick.misconception or f"concept:{q.concept}"
        g = grouped.setdefault(mid, {"severity": 2, "prompts": [], "fixed": True})
        g["severity"] = min(g["severity"], _severity(pick.confidence))
        g["prompts"].append(q.prompt)
        g["fixed"] = g["fixed"] and bool(q.retry and q.retry.correct)
    out = [Finding(_misconception(cat, mid), g["severity"], tuple(g["prompts"]), g["fixed"])
           for mid, g in grouped.items()]
    return tuple(sorted(out, key=lambda f: (f.severity, f.misconception.priority, -len(f.prompts))))


def _severity(confidence: str | None) -> int:
    return 0 if confidence == SURE else 1 if confidence == UNSURE else 2


def _misconception(cat: Catalogue, mid: str) -> Misconception:
    """Return the misconception, or a plain stand-in for a wrong answer that names none."""
    if mid in cat.misconceptions:
        return cat.misconceptions[mid]
    concept = mid.split(":", 1)[-1]
    label = cat.concepts[concept].label if concept in cat.concepts else concept
    return Misconception(mid, f"Missed a question about: {label}.", "", (), 3)


def _shaky(cat: Catalogue, picks) -> tuple[ConceptLine, ...]:
    """Concepts answered right but marked not sure."""
    grouped: dict[str, list[str]] = {}
    for q, pick in picks:
        if pick.correct and pick.confidence == UNSURE:
            grouped.setdefault(q.concept, []).append(q.prompt)
    return tuple(ConceptLine(c, _label(cat, c), tuple(p)) for c, p in grouped.items())


def _understood(cat: Catalogue, picks) -> tuple[ConceptLine, ...]:
    """Concepts where every first answer was right and none was marked not sure (flagged when unsaid)."""
    state: dict[str, list[bool]] = {}
    for q, pick in picks:
        ok, said = state.setdefault(q.concept, [True, True])
        state[q.concept] = [ok and pick.correct and pick.confidence != UNSURE, said and pick.confidence == SURE]
    return tuple(ConceptLine(c, _label(cat, c), sure_given=said) for c, (ok, said) in state.items() if ok)


def _label(cat: Catalogue, concept: str) -> str:
    return cat.concepts[concept].label if concept in cat.concepts else concept


CSV_COLUMNS = ("assignment", "label", "person", "role", "module", "question_id", "concept", "round",
               "choice", "correct", "confidence", "misconception", "answered_at_utc")


def csv_rows(assignment_public_id: str, label: str, report: Report):
    """Yield one CSV row per stored answer (columns: CSV_COLUMNS)."""
    for person in report.people:
        for m in person.modules:
            for q in m.questions:
                for rnd, pick in ((FIRST, q.first), (RETRY, q.retry)):
                    if pick is None:
                        continue
                    yield (assignment_public_id, cell(label), person.label, person.role, m.module_id, q.question_id,
                           q.concept, "first" if rnd == FIRST else "retry", cell(pick.text),
                           "yes" if pick.correct else "no", pick.confidence or "",
                           pick.misconception or "", pick.answered_at.strftime("%Y-%m-%dT%H:%M:%SZ"))


def cell(text: str) -> str:
    """Keep a spreadsheet from reading free text as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
