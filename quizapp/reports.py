"""The consult report, built by pure functions from stored records and the content catalogue.

Nothing here touches the database; the interface's words come through Flask-Babel. What a person saw (the
prompt, the choices, which was right, and what each wrong choice reveals) comes from the stored snapshot of the
question version they answered, so editing or reordering content never changes an old result.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _

from .content.model import DONT_KNOW, Catalogue
from .findings import ConceptLine, Finding, findings, not_yet, shaky, understood
from .records import AnswerRecord, AttemptRecord, PersonRows, VisitRecord
from .scoring import by_round
from .states import ModuleStatus, Round, Severity

ROLE_LABELS = {"patient": _("Patient"), "parent": _("Parent or guardian"), "caregiver": _("Caregiver"),
               "self": _("Reader")}
NUMBERED_ROLES = ("parent", "caregiver", "self")  # often several: numbered from 1, so the first keeps its name
TOP_FINDINGS = 3  # misunderstandings named in a person's summary strip
READING_CAP = dt.timedelta(minutes=20)  # longer than this between opening and answering: away, not reading


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
class ModuleLine:
    module_id: str
    title: str
    status: ModuleStatus
    total: int
    answered: int = 0
    first_correct: int = 0
    retry_total: int = 0
    retry_correct: int = 0
    retry_answered: int = 0
    reading_seconds: int = 0
    questions: tuple[QuestionLine, ...] = ()

    @property
    def reading_minutes(self) -> int:
        """Whole minutes spent reading, at least 1 once anything was read."""
        return max(1, round(self.reading_seconds / 60)) if self.reading_seconds else 0


@dataclass(frozen=True)
class PersonReport:
    public_id: str
    role: str
    label: str
    started: dt.datetime
    modules: tuple[ModuleLine, ...]
    discuss: tuple[Finding, ...] = ()
    not_yet: tuple[ConceptLine, ...] = ()
    shaky: tuple[ConceptLine, ...] = ()
    understood: tuple[ConceptLine, ...] = ()
    langs: tuple[str, ...] = ()  # the languages this person read the questions in, most answers first

    @property
    def status(self) -> ModuleStatus:
        """Not started, in progress or done, over every assigned topic."""
        states = {m.status for m in self.modules}
        if states == {ModuleStatus.DONE}:
            return ModuleStatus.DONE
        if states == {ModuleStatus.NOT_STARTED}:
            return ModuleStatus.NOT_STARTED
        return ModuleStatus.IN_PROGRESS

    @property
    def answered(self) -> int:
        """How many first-try answers this person gave."""
        return sum(m.answered for m in self.modules)

    @property
    def sure_wrong(self) -> int:
        """How many misunderstandings this person held with confidence: the ones that most need a talk."""
        return sum(1 for f in self.discuss if f.severity == Severity.WRONG_AND_SURE)

    @property
    def top(self) -> tuple[Finding, ...]:
        """The misunderstandings to name first (discuss is sorted most urgent first)."""
        return self.discuss[:TOP_FINDINGS]


@dataclass(frozen=True)
class Report:
    people: tuple[PersonReport, ...]
    module_titles: tuple[tuple[str, str], ...] = field(default=())

    @property
    def answered_people(self) -> tuple[PersonReport, ...]:
        """The people who answered at least one question (shown side by side)."""
        return tuple(p for p in self.people if p.answered)


def person_labels(people: Iterable[PersonRows]) -> dict[str, str]:
    """Name each person so no name reads as another person: Patient, Caregiver 1, Caregiver 2.

    A second "patient" is most often the patient again on another device, so it says it joined again.
    """
    seen: dict[str, int] = {}
    out = {}
    for p in people:
        n = seen[p.role] = getattr(p, "number", 0) or seen.get(p.role, 0) + 1
        base = str(ROLE_LABELS.get(p.role, ROLE_LABELS["self"]))
        if p.role in NUMBERED_ROLES:
            out[p.public_id] = f"{base} {n}"
        else:
            out[p.public_id] = base if n == 1 else gettext("%(person)s (%(nth)s join)", person=base, nth=_ordinal(n))
    return out


def _ordinal(n: int) -> str:
    """2 -> "2nd", 3 -> "3rd", 11 -> "11th"."""
    if get_locale() is not None and get_locale().language == "es":
        return f"{n}.ª"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def status_of(attempt: AttemptRecord | None) -> ModuleStatus:
    """Say how far a person got through a topic."""
    if attempt is None:
        return ModuleStatus.NOT_STARTED
    return ModuleStatus.DONE if attempt.finished_at else ModuleStatus.IN_PROGRESS


def build_report(cat: Catalogue, module_ids: list[str], people: list[PersonRows],
                 snapshots: dict[str, dict]) -> Report:
    """Build the whole report for one assignment."""
    labels = person_labels(people)
    modules = [cat.modules[m] for m in module_ids if m in cat.modules]
    reports = [_person(cat, modules, p, labels[p.public_id], snapshots) for p in people]
    return Report(tuple(reports), tuple((m.id, m.title) for m in modules))


def build_summary(cat: Catalogue, module_ids: list[str], people: list[PersonRows],
                  counts: dict[tuple[int, Round], int]) -> Report:
    """Status and scores per person and topic from attempts alone (for the list of assignments).

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
            lines.append(ModuleLine(
                module_id=mod.id, title=mod.title, status=status_of(a), total=len(mod.questions),
                answered=counts.get((a.id, Round.FIRST), 0) if a else 0, first_correct=a.first_correct if a else 0,
                retry_total=a.retry_total if a else 0, retry_correct=a.retry_correct if a else 0,
                retry_answered=counts.get((a.id, Round.RETRY), 0) if a else 0))
        out.append(PersonReport(public_id=p.public_id, role=p.role, label=labels[p.public_id], started=p.created_at,
                                modules=tuple(lines)))
    return Report(tuple(out), tuple((m.id, m.title) for m in modules))


def _person(cat: Catalogue, modules, rows: PersonRows, label: str, snapshots: dict) -> PersonReport:
    """Build one person's part of the report."""
    attempts = {a.module_id: a for a in rows.attempts}
    by_attempt: dict[int, list[AnswerRecord]] = {}
    for a in rows.answers:
        by_attempt.setdefault(a.attempt_id, []).append(a)
    lines = []
    for mod in modules:
        att = attempts.get(mod.id)
        answers = by_attempt.get(att.id, []) if att else []
        visits = [v for v in rows.visits if att and v.attempt_id == att.id]
        lines.append(_module_line(mod, att, answers, visits, snapshots))
    questions = [q for m in lines for q in m.questions]
    picks = [(q, q.first) for q in questions if q.first]
    return PersonReport(public_id=rows.public_id, role=rows.role, label=label, started=rows.created_at,
                        modules=tuple(lines), discuss=findings(cat, questions), not_yet=not_yet(cat, picks),
                        shaky=shaky(cat, picks), understood=understood(cat, picks), langs=languages(rows.answers))


def languages(answers: Sequence[AnswerRecord]) -> tuple[str, ...]:
    """Name the languages a person answered in, the one of most answers first (ties in order of first use)."""
    counts: dict[str, int] = {}
    for a in answers:
        counts[a.lang] = counts.get(a.lang, 0) + 1
    return tuple(sorted(counts, key=lambda code: -counts[code]))


def _module_line(mod, att: AttemptRecord | None, answers: list[AnswerRecord], visits: Sequence[VisitRecord],
                 snapshots: dict) -> ModuleLine:
    """Summarise one topic for one person, question by question."""
    first = by_round(answers, Round.FIRST)
    retry = by_round(answers, Round.RETRY)
    questions = tuple(
        QuestionLine(question_id=q.id, concept=q.concept, prompt=_pick_or_blank(first.get(q.id), snapshots).prompt,
                     first=pick(first.get(q.id), snapshots), retry=pick(retry.get(q.retry_question.id), snapshots))
        for q in mod.questions if q.id in first)
    missed = [q for q in mod.questions if q.id in first and not first[q.id].correct]
    asked = [q.retry_question.id for q in missed]
    return ModuleLine(module_id=mod.id, title=mod.title, status=status_of(att), total=len(mod.questions),
                      answered=len(first), first_correct=sum(a.correct for a in first.values()),
                      retry_total=len(missed), retry_correct=sum(1 for i in asked if i in retry and retry[i].correct),
                      retry_answered=sum(1 for i in asked if i in retry),
                      reading_seconds=reading_seconds(mod, visits, first), questions=questions)


def pick(answer: AnswerRecord | None, snapshots: dict[str, dict]) -> Pick | None:
    """Describe an answer with the prompt and choice the person saw, and what that choice meant then."""
    if answer is None:
        return None
    snap = snapshots.get(answer.content_hash) or {}
    shown = {c["id"]: c for c in snap.get("choices", [])}
    choice = shown.get(answer.choice, {})
    return Pick(choice_id=answer.choice, text=choice.get("text", answer.choice), correct=bool(answer.correct),
                confidence=answer.confidence, answered_at=answer.answered_at,
                misconception=None if answer.correct else choice.get("misconception"),
                prompt=snap.get("prompt", ""), lang=answer.lang)


def _pick_or_blank(answer: AnswerRecord | None, snapshots: dict[str, dict]) -> Pick:
    """Return the pick, or an empty one (for a prompt when nothing was stored)."""
    return pick(answer, snapshots) or Pick("", "", False, None, dt.datetime.min, None)


def reading_seconds(mod, visits: Sequence[VisitRecord], first: dict[str, AnswerRecord]) -> int:
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
