"""The patient's state in a topic, built from the cookie's opaque id and the stored answers."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import g, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import clock, db, phases, scoring
from ..content import catalogue
from ..content.model import Module, Question
from ..i18n import READING_LANG_KEY, lang
from ..records import AnswerRecord, AttemptRecord, PersonRecord
from ..states import Round, StepKind
from ..store import progress as store

COOKIE_KEY = "p"
DEVICE_KEY = "ps"  # everyone who has read on this device: opaque ids only, never names
DEVICE_MOST = 8
RECHECK_DAYS = 3  # the re-check is offered from this many days before the consult


@dataclass
class Progress:
    module: Module
    attempt: AttemptRecord | None = None
    answers: list[AnswerRecord] = field(default_factory=list)
    person: PersonRecord | None = None

    @property
    def score(self) -> scoring.Score:
        """Scores recomputed from the stored answers."""
        return scoring.score(self.module, self.answers)

    @property
    def finished(self) -> bool:
        """Every question has a first-try answer."""
        return scoring.is_finished(self.module, self.answers)

    @property
    def current(self) -> AttemptRecord:
        """The attempt of a reader who has started (the views send anyone else to the topic page)."""
        if self.attempt is None:
            raise LookupError("this reader has not started the topic")
        return self.attempt

    @property
    def retrying(self) -> bool:
        """The patient has opened the retry round."""
        return bool(self.attempt and self.attempt.retry_started_at)

    @property
    def step(self) -> scoring.Step:
        """Where the patient should continue."""
        return scoring.next_step(self.module, self.answers, self.retrying, self.before)

    @property
    def before(self) -> list[Question]:
        """The check before reading this reader gets: one question per concept, when the assignment asks for it."""
        if self.attempt is None or self.person is None or not self.person.pre_check:
            return []
        return phases.before_questions(self.module, self.attempt.public_id, self.answers)

    @property
    def recheck(self) -> list[Question]:
        """The re-check's questions for this reader (once the first round is done)."""
        if self.attempt is None or not self.finished:
            return []
        missed = scoring.missed_questions(self.module, self.answers)
        return phases.recheck_questions(self.module, self.attempt.public_id, self.answers, missed)

    def recheck_open(self, today: dt.date) -> bool:
        """The re-check is offered: the first round is done and the consult is at most three days away."""
        consult = self.person.consult_on if self.person else None
        return (consult is not None and not (self.person and self.person.closed) and self.finished
                and consult - dt.timedelta(days=RECHECK_DAYS) <= today <= consult)

    @property
    def recheck_pending(self) -> list[Question]:
        """The re-check questions not answered yet."""
        done = scoring.by_round(self.answers, Round.RECHECK)
        return [q for q in self.recheck if q.id not in done]

    def drawn(self, rnd: Round) -> list[Question]:
        """What a phase drew for this reader: before reading or at the re-check (other phases need no list)."""
        return self.before if rnd == Round.BEFORE else self.recheck if rnd == Round.RECHECK else []

    @property
    def answered(self) -> int:
        """How many questions have a first-try answer."""
        return len(scoring.by_round(self.answers, Round.FIRST))

    def answer(self, question_id: str, rnd: Round) -> AnswerRecord | None:
        """Return the stored answer to a question in a round."""
        return scoring.by_round(self.answers, rnd).get(question_id)

    @property
    def next_url(self) -> str:
        """Where the reader carries on, for a page reached off the usual path (re-reading a part)."""
        return step_url(self)

    def reached(self, section_id: str) -> bool:
        """Tell whether a part may be read (again): the topic is started and every part before it answered."""
        return self.attempt is not None and scoring.may_open_section(self.module, self.answers, section_id)

    @property
    def parts_done(self) -> set[str]:
        """The parts whose questions all have a first-try answer."""
        first = scoring.by_round(self.answers, Round.FIRST)
        return {s.id for s in self.module.sections if all(q.id in first for q in s.questions)}

    def part_done(self, question_id: str, rnd: Round) -> int | None:
        """Return the number of the part a first-try answer to this question completes, else None."""
        ends = {s.questions[-1].id: n for n, s in enumerate(self.module.sections, 1) if s.questions}
        return ends.get(question_id) if rnd == Round.FIRST else None


def current_participant() -> PersonRecord | None:
    """Return the person named by the signed cookie (cached for the request)."""
    if "participant" not in g:
        g.participant = store.person_by_public_id(db.session(), session.get(COOKIE_KEY))
    return g.participant


def participant_from_cookie(s) -> PersonRecord | None:
    """Return the cookie's person inside a write transaction."""
    return store.person_by_public_id(s, session.get(COOKIE_KEY))


def remember(person: PersonRecord) -> None:
    """Make this person the one reading now, keeping everyone else who reads on this device."""
    ids = device_ids()
    session[DEVICE_KEY] = ids if person.public_id in ids else ids[-(DEVICE_MOST - 1):] + [person.public_id]
    session[COOKIE_KEY] = person.public_id
    if person.lang:  # kept in the cookie so choosing a page's language needs no database query
        session[READING_LANG_KEY] = person.lang
    else:
        session.pop(READING_LANG_KEY, None)
    session.permanent = True
    g.pop("participant", None)


def device_ids() -> list[str]:
    """Return the opaque ids of everyone who has read in this browser (older cookies name only one)."""
    ids = [p for p in session.get(DEVICE_KEY, []) if isinstance(p, str)]
    current = session.get(COOKIE_KEY)
    return ids + [current] if current and current not in ids else ids


def device_people() -> list[PersonRecord]:
    """Return the people who read in this browser, in the order they started."""
    return store.people_by_public_ids(db.session(), device_ids())


def visible_modules(person: PersonRecord | None = None) -> list[Module]:
    """Return the topics this person (or the one reading now) should see: the assigned ones, or all."""
    cat = catalogue(lang())
    p = person or current_participant()
    if p is not None and p.assignment_id is not None:
        return [cat.modules[m] for m in store.assigned_modules(db.session(), p.assignment_id) if m in cat.modules]
    return list(cat.modules.values())


def load_progress(module: Module) -> Progress:
    """Load this browser's attempt and answers for one topic (one query)."""
    person, attempt, answers = store.progress_of(db.session(), session.get(COOKIE_KEY), module.id)
    return Progress(module, attempt, answers, person)


def load_all_progress(modules: list[Module], person: PersonRecord | None = None) -> list[Progress]:
    """Load progress for several topics in two queries, for this person or the one reading now."""
    p = person or current_participant()
    if p is None:
        return [Progress(m) for m in modules]
    s = db.session()
    attempts = {a.module_id: a for a in store.attempts_of(s, p.id)}
    by_attempt: dict[int, list[AnswerRecord]] = {}
    for r in store.answers_of(s, [a.id for a in attempts.values()]):
        by_attempt.setdefault(r.attempt_id, []).append(r)
    return [Progress(m, attempts.get(m.id), by_attempt.get(attempts[m.id].id, []) if m.id in attempts else [], p)
            for m in modules]


def step_url(progress: Progress) -> str:
    """Return the URL of the patient's next step in the topic."""
    step = progress.step
    mid = progress.module.id
    if step.kind == StepKind.BEFORE:
        return url_for("patient.before", module_id=mid)
    if step.kind == StepKind.READ:
        return url_for("patient.read", module_id=mid, section_id=step.section_id)
    if step.kind == StepKind.QUESTION:
        return url_for("patient.question", module_id=mid, question_id=step.question_id, rnd=step.round)
    return url_for("patient.results", module_id=mid)


def step_label(progress: Progress) -> str:
    """Name where the next button goes in a few words, so the button stays one line on a phone."""
    step = progress.step
    if step.kind == StepKind.READ:
        return _("Next part")
    return _("Next question") if step.kind == StepKind.QUESTION else _("See your results")


def coming_part(progress: Progress):
    """Return the part the next step opens (its title is shown above the button), or None."""
    step = progress.step
    return progress.module.section(step.section_id or "") if step.kind == StepKind.READ else None


def resume(mine: list[Progress]) -> dict | None:
    """Pick where a returning reader carries on: the topic last worked on, else the next one not started."""
    open_ = [p for p in mine if p.attempt is not None and not p.finished]
    if open_:
        last = max(open_, key=lambda p: max((a.answered_at for a in p.answers), default=dt.datetime.min))
        return {"title": last.module.title, "lang": last.module.lang, "url": step_url(last),
                "label": _("Continue where you left off"), "button": _("Continue reading"),
                "where": ngettext("%(done)s of %(num)d question answered", "%(done)s of %(num)d questions answered",
                                  len(last.module.questions), done=last.answered)}
    if any(p.attempt is not None for p in mine):
        fresh = next((p for p in mine if p.attempt is None), None)
        if fresh is not None:
            return {"title": fresh.module.title, "lang": fresh.module.lang,
                    "url": url_for("patient.module", module_id=fresh.module.id), "label": _("Start your next topic"),
                    "button": _("Start this topic"),
                    "where": ngettext("About %(num)d minute", "About %(num)d minutes", fresh.module.reading_minutes)}
    return None


def recheck_offers(mine: list[Progress]) -> list[Progress]:
    """The topics whose re-check before the visit is open and not finished yet."""
    today = clock.today()
    return [p for p in mine if p.recheck_open(today) and p.recheck_pending]


def next_topic(mine: list[Progress], after: str) -> dict | None:
    """Pick the topic to offer once one is done: the next one not finished, in the order they are listed."""
    ids = [p.module.id for p in mine]
    here = ids.index(after) if after in ids else -1
    later = mine[here + 1:] + mine[:max(here, 0)]
    fresh = next((p for p in later if not p.finished), None)
    if fresh is None:
        return None
    url = step_url(fresh) if fresh.attempt is not None else url_for("patient.module", module_id=fresh.module.id)
    return {"title": fresh.module.title, "lang": fresh.module.lang, "url": url,
            "where": ngettext("About %(num)d minute", "About %(num)d minutes", fresh.module.reading_minutes)}

