"""The patient's state in a module, built from the cookie's opaque id and the stored answers."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import g, session, url_for

from .. import db, queries, scoring
from ..content import catalogue
from ..content.model import Module
from ..models import Answer, Participant
from ..queries import AnswerRef, AttemptRef, PersonRef

COOKIE_KEY = "p"


@dataclass
class Progress:
    module: Module
    attempt: AttemptRef | None = None
    answers: list[AnswerRef | Answer] = field(default_factory=list)
    person: PersonRef | None = None

    @property
    def score(self) -> scoring.Score:
        """Scores recomputed from the stored answers."""
        return scoring.score(self.module, self.answers)

    @property
    def finished(self) -> bool:
        """Every question has a first-try answer."""
        return scoring.is_finished(self.module, self.answers)

    @property
    def retrying(self) -> bool:
        """The patient has opened the retry round."""
        return bool(self.attempt and self.attempt.retry_started_at)

    @property
    def step(self) -> scoring.Step:
        """Where the patient should continue."""
        return scoring.next_step(self.module, self.answers, self.retrying)

    @property
    def answered(self) -> int:
        """How many questions have a first-try answer."""
        return len(scoring.by_round(self.answers, scoring.FIRST))

    def answer(self, question_id: str, rnd: int) -> AnswerRef | Answer | None:
        """Return the stored answer to a question in a round."""
        return scoring.by_round(self.answers, rnd).get(question_id)


def current_participant() -> Participant | None:
    """Return the participant named by the signed cookie (cached for the request)."""
    if "participant" not in g:
        g.participant = queries.participant_by_public_id(db.session(), session.get(COOKIE_KEY))
    return g.participant


def participant_id_from_cookie(s) -> int | None:
    """Return the cookie's participant row id inside a write transaction."""
    p = queries.participant_by_public_id(s, session.get(COOKIE_KEY))
    return p.id if p else None


def remember(participant: Participant) -> None:
    """Keep only the participant's opaque id in the signed cookie, across browser restarts."""
    session[COOKIE_KEY] = participant.public_id
    session.permanent = True
    g.pop("participant", None)


def visible_modules() -> list[Module]:
    """Return the modules this person should see: the assigned ones, or all."""
    cat = catalogue()
    p = current_participant()
    if p is not None and p.assignment_id is not None:
        from ..models import Assignment
        a = db.session().get(Assignment, p.assignment_id)
        if a is not None:
            return [cat.modules[m] for m in a.module_ids if m in cat.modules]
    return list(cat.modules.values())


def load_progress(module: Module) -> Progress:
    """Load this browser's attempt and answers for one module (one query)."""
    person, attempt, answers = queries.progress_of(db.session(), session.get(COOKIE_KEY), module.id)
    return Progress(module, attempt, answers, person)


def load_all_progress(modules: list[Module]) -> list[Progress]:
    """Load progress for several modules in two queries."""
    p = current_participant()
    if p is None:
        return [Progress(m) for m in modules]
    s = db.session()
    attempts = {a.module_id: a for a in queries.attempts_of(s, p.id)}
    rows = queries.answers_of(s, [a.id for a in attempts.values()])
    by_attempt: dict[int, list[Answer]] = {}
    for r in rows:
        by_attempt.setdefault(r.attempt_id, []).append(r)
    return [Progress(m, attempts.get(m.id), by_attempt.get(attempts[m.id].id, []) if m.id in attempts else [])
            for m in modules]


def step_url(progress: Progress) -> str:
    """Return the URL of the patient's next step in the module."""
    step = progress.step
    mid = progress.module.id
    if step.kind == "read":
        return url_for("patient.read", module_id=mid, section_id=step.section_id)
    if step.kind == "question":
        return url_for("patient.question", module_id=mid, question_id=step.question_id, rnd=step.round)
    return url_for("patient.results", module_id=mid)
