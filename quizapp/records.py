"""Plain records the store returns and the domain reads: one type per concept, no ORM objects."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .states import Round


@dataclass(frozen=True)
class AnswerRecord:
    """One stored answer, pointing at the question version the person saw (content_hash)."""
    question_id: str
    round: Round
    choice: str
    correct: bool
    confidence: str | None
    answered_at: dt.datetime
    content_hash: str = ""
    attempt_id: int = 0
    lang: str = "en"  # the language the question was shown in
    form: int = 0  # the parallel form drawn: 0 the first-round question, 1 its sibling, 2 its alternate


@dataclass(frozen=True)
class PersonRecord:
    """The person a cookie names, as read on every patient page."""
    id: int
    public_id: str
    assignment_id: int | None
    role: str
    clinician_id: int | None = None
    closed: bool = False  # the assignment was revoked or has expired: results stay readable, no new answers
    lang: str | None = None  # the language of the person's assignment (None when reading on their own)
    pre_check: bool = False  # the assignment asks for a check before reading (never for someone on their own)
    consult_on: dt.date | None = None  # the consult date of the person's assignment


@dataclass(frozen=True)
class AttemptRecord:
    """One person's pass through one topic, with the scores kept on it."""
    id: int
    public_id: str
    module_id: str = ""
    finished_at: dt.datetime | None = None
    retry_started_at: dt.datetime | None = None
    retry_total: int = 0
    first_correct: int = 0
    retry_correct: int = 0


@dataclass(frozen=True)
class VisitRecord:
    """When a person first opened a part's reading."""
    attempt_id: int
    section_id: str
    opened_at: dt.datetime


@dataclass(frozen=True)
class PersonRows:
    """Everything stored for one person of an assignment."""
    public_id: str
    role: str
    created_at: dt.datetime
    attempts: tuple[AttemptRecord, ...] = ()
    answers: tuple[AnswerRecord, ...] = ()
    visits: tuple[VisitRecord, ...] = ()
    number: int = 0  # place among the assignment's people of this role, removed people counted: labels never shift


def assignment_open(expires_at: dt.datetime, revoked_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Tell whether people may still join and read an assignment: not revoked and not past its expiry."""
    return revoked_at is None and now < expires_at
