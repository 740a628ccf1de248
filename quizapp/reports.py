"""The consult report, built by pure functions from stored records and the content catalogue.

Nothing here touches the database; the interface's words come through Flask-Babel. What a person saw (the
prompt, the choices, which was right, and what each wrong choice reveals) comes from the stored snapshot of the
question version they answered, so editing or reordering content never changes an old result.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from . import phases
from .content.model import Catalogue
from .findings import ConceptLine, Finding, Pick, QuestionLine, findings, not_yet, shaky, understanding
from .learning import TopicLearning, shows_learning, topic_learning
from .records import AnswerRecord, AttemptRecord, PersonRows, VisitRecord
from .scoring import by_round, retry_counts
from .states import N_, ModuleStatus, Ordinal, Round, Say, Severity

ROLE_LABELS = {"patient": Say(N_("Patient")), "parent": Say(N_("Parent or guardian")),
               "caregiver": Say(N_("Caregiver")), "self": Say(N_("Reader"))}
NUMBERED_ROLES = ("parent", "caregiver", "self")  # often several: numbered from 1, so the first keeps its name
TOP_FINDINGS = 3  # misunderstandings named in a person's summary strip
READING_CAP = dt.timedelta(minutes=20)  # longer than this between opening and answering: away, not reading


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
    phase_picks: tuple[tuple[str, str, Round, Pick], ...] = ()  # (question, concept, phase, pick): before, re-check
    read_from: dt.datetime | None = None  # when the first part was first opened

    @property
    def reading_minutes(self) -> int:
        """Whole minutes spent reading, at least 1 once anything was read."""
        return max(1, round(self.reading_seconds / 60)) if self.reading_seconds else 0


@dataclass(frozen=True)
class PersonReport:
    public_id: str
    role: str
    label: Say
    started: dt.datetime
    modules: tuple[ModuleLine, ...]
    discuss: tuple[Finding, ...] = ()
    not_yet: tuple[ConceptLine, ...] = ()
    shaky: tuple[ConceptLine, ...] = ()
    understood: tuple[ConceptLine, ...] = ()
    right_once: tuple[ConceptLine, ...] = ()
    learning: tuple[TopicLearning, ...] = ()  # before reading -> after -> re-check, per topic
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
    def shows_learning(self) -> bool:
        """Someone answered before reading or at a re-check: the learning table has something to say."""
        return any(shows_learning(p.learning) for p in self.people)

    @property
    def answered_people(self) -> tuple[PersonReport, ...]:
        """The people who answered at least one question (shown side by side)."""
        return tuple(p for p in self.people if p.answered)


def person_labels(people: Iterable[PersonRows]) -> dict[str, Say]:
    """Name each person so no name reads as another person: Patient, Caregiver 1, Caregiver 2.

    A second "patient" is most often the patient again on another device, so it says it joined again.
    """
    seen: dict[str, int] = {}
    out = {}
    for p in people:
        n = seen[p.role] = p.number or seen.get(p.role, 0) + 1  # a stored place never shifts
        base = ROLE_LABELS.get(p.role, ROLE_LABELS["self"])
        if p.role in NUMBERED_ROLES:
            out[p.public_id] = Say("%(person)s %(n)s", (("person", base), ("n", n)))
        else:
            out[p.public_id] = base if n == 1 else Say(N_("%(person)s (%(nth)s join)"),
                                                       (("person", base), ("nth", Ordinal(n))))
    return out


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


def _person(cat: Catalogue, modules, rows: PersonRows, label: Say, snapshots: dict) -> PersonReport:
    """Build one person's part of the report."""
    attempts = {a.module_id: a for a in rows.attempts}
    by_attempt: dict[int, list[AnswerRecord]] = {}
    for a in rows.answers:
        by_attempt.setdefault(a.attempt_id, []).append(a)
    lines, learned = [], []
    for mod in modules:
        att = attempts.get(mod.id)
        answers = by_attempt.get(att.id, []) if att else []
        visits = [v for v in rows.visits if att and v.attempt_id == att.id]
        lines.append(_module_line(mod, att, answers, visits, snapshots))
        learned.append(topic_learning(cat, mod, answers))
    questions = [q for m in lines for q in m.questions]
    picks = [(q, q.first) for q in questions if q.first]
    understood, right_once = understanding(cat, evidence(modules, rows.answers, snapshots))
    return PersonReport(public_id=rows.public_id, role=rows.role, label=label, started=rows.created_at,
                        modules=tuple(lines), discuss=findings(cat, questions), not_yet=not_yet(cat, picks),
                        shaky=shaky(cat, picks), understood=understood, right_once=right_once,
                        learning=tuple(learned), langs=languages(rows.answers))


def evidence(modules, answers: Sequence[AnswerRecord], snapshots: dict) -> list[tuple[str, str, Pick]]:
    """Every answer given after reading, as (concept, question id, pick), for deciding what was understood."""
    concept = {f.id: f.concept for m in modules for f in m.all_questions}
    return [(concept[a.question_id], a.question_id, p) for a in answers
            if a.round.counts_for_understanding and a.question_id in concept and (p := pick(a, snapshots))]


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
    missed = [q for q in mod.questions if q.id in first and not first[q.id].correct]
    drawn = phases.retry_forms(mod, missed, answers)
    questions = tuple(
        QuestionLine(question_id=q.id, concept=q.concept, prompt=_pick_or_blank(first.get(q.id), snapshots).prompt,
                     first=pick(first.get(q.id), snapshots),
                     retry=pick(retry.get(drawn[q.id].id), snapshots) if q.id in drawn else None)
        for q in mod.questions if q.id in first)
    retry_total, retry_correct, retry_answered = retry_counts(mod, answers)
    concept_of = {f.id: q.concept for q in mod.questions for f in q.forms}
    extra = tuple((a.question_id, concept_of.get(a.question_id, ""), a.round, p) for a in answers
                  if a.round in (Round.BEFORE, Round.RECHECK) and (p := pick(a, snapshots)) is not None)
    return ModuleLine(module_id=mod.id, title=mod.title, status=status_of(att), total=len(mod.questions),
                      answered=len(first), first_correct=sum(a.correct for a in first.values()),
                      retry_total=retry_total, retry_correct=retry_correct, retry_answered=retry_answered,
                      reading_seconds=reading_seconds(mod, visits, first), questions=questions,
                      phase_picks=extra, read_from=min((v.opened_at for v in visits), default=None))


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
                prompt=snap.get("prompt", ""), lang=answer.lang, form=answer.form)


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


@dataclass(frozen=True)
class GridRow:
    """One question of a topic on the every-answer page: its words as first shown, and each person's answers."""
    prompt: str
    lang: str
    cells: tuple[QuestionLine | None, ...]


def answer_grid(report: Report, index: int, question_ids: Sequence[str]) -> tuple[GridRow, ...]:
    """The questions of the report's topic at `index` that anyone answered, in reading order, with one cell per
    person who answered anything (None where that person has not answered that question)."""
    by_person = [{line.question_id: line for line in p.modules[index].questions} for p in report.answered_people]
    rows = []
    for qid in question_ids:
        cells = tuple(lines.get(qid) for lines in by_person)
        seen = next((c for c in cells if c is not None), None)
        if seen is not None:
            rows.append(GridRow(seen.prompt, seen.first.lang if seen.first else "en", cells))
    return tuple(rows)
