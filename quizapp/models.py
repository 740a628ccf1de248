"""Tables, as SQLAlchemy 2.0 typed models. Models never commit; the store does the work."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from . import clock


class Base(so.DeclarativeBase):
    metadata = sa.MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class Clinician(Base):
    __tablename__ = "clinician"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(255))
    active: so.Mapped[bool] = so.mapped_column(default=True)
    session_version: so.Mapped[int] = so.mapped_column(default=1)
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=clock.now)
    totp_secret: so.Mapped[str | None] = so.mapped_column(sa.String(64))  # the second factor, once turned on
    totp_last_step: so.Mapped[int | None]  # the last 30-second step a code was accepted for: no replay
    recovery_codes: so.Mapped[str | None] = so.mapped_column(sa.Text)  # their SHA-256 hashes, space-separated


class Assignment(Base):
    __tablename__ = "assignment"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    public_id: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True)
    clinician_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("clinician.id", ondelete="CASCADE"), index=True)
    token: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)  # None: forgotten by purge
    code: so.Mapped[str | None] = so.mapped_column(sa.String(16), unique=True)
    modules: so.Mapped[str] = so.mapped_column(sa.String(500))
    label: so.Mapped[str] = so.mapped_column(sa.String(80), default="")
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=clock.now)
    expires_at: so.Mapped[dt.datetime]
    revoked_at: so.Mapped[dt.datetime | None]
    archived: so.Mapped[bool] = so.mapped_column(default=False)
    lang: so.Mapped[str] = so.mapped_column(sa.String(8), default="en", server_default="en")  # of pages and handout
    pre_check: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.false())  # a check before reading
    consult_on: so.Mapped[dt.date | None]  # the consult date: a re-check is offered in the days before it

    @property
    def module_ids(self) -> list[str]:
        """Return the assigned module ids in reading order."""
        return [m for m in self.modules.split(",") if m]


class Participant(Base):
    """One person reading: the patient, a caregiver, or someone reading on their own."""
    __tablename__ = "participant"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    public_id: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True)
    assignment_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    role: so.Mapped[str] = so.mapped_column(sa.String(16), default="self")
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=clock.now, index=True)
    removed_at: so.Mapped[dt.datetime | None]  # set when the clinician removes this person from the report
    # A personal code to carry on from any browser (made when first shown), and when the clinician turned it off.
    resume_code: so.Mapped[str | None] = so.mapped_column(sa.String(16), unique=True, index=True)
    resume_revoked_at: so.Mapped[dt.datetime | None]


class Attempt(Base):
    """One participant working through one module."""
    __tablename__ = "attempt"
    __table_args__ = (sa.UniqueConstraint("participant_id", "module_id"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    public_id: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"))
    module_id: so.Mapped[str] = so.mapped_column(sa.String(60))
    content_version: so.Mapped[str] = so.mapped_column(sa.String(32))
    started_at: so.Mapped[dt.datetime] = so.mapped_column(default=clock.now, index=True)
    finished_at: so.Mapped[dt.datetime | None]
    question_count: so.Mapped[int] = so.mapped_column(default=0)
    first_correct: so.Mapped[int] = so.mapped_column(default=0)
    retry_started_at: so.Mapped[dt.datetime | None]
    retry_total: so.Mapped[int] = so.mapped_column(default=0)
    retry_correct: so.Mapped[int] = so.mapped_column(default=0)


class SectionVisit(Base):
    __tablename__ = "section_visit"
    attempt_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True)
    section_id: so.Mapped[str] = so.mapped_column(sa.String(60), primary_key=True)
    opened_at: so.Mapped[dt.datetime] = so.mapped_column(default=clock.now)


class Answer(Base):
    __tablename__ = "answer"
    __table_args__ = (
        sa.UniqueConstraint("attempt_id", "question_id", "round", name="uq_answer_attempt_question_round"),
        sa.Index("ix_answer_question_round", "question_id", "round"),
        sa.CheckConstraint("round IN (0, 1, 2, 3)", name="phase"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    attempt_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("attempt.id", ondelete="CASCADE"))
    question_id: so.Mapped[str] = so.mapped_column(sa.String(60))
    round: so.Mapped[int] = so.mapped_column(sa.SmallInteger)
    choice: so.Mapped[str] = so.mapped_column(sa.String(40))
    correct: so.Mapped[bool]
    confidence: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(32), sa.ForeignKey("question_version.content_hash"))
    answered_at: so.Mapped[dt.datetime] = so.mapped_column(default=clock.now)
    lang: so.Mapped[str] = so.mapped_column(sa.String(8), default="en", server_default="en")  # as it was shown
    form: so.Mapped[int] = so.mapped_column(sa.SmallInteger, default=0, server_default="0")  # the parallel form drawn


class QuestionVersion(Base):
    """The question exactly as a patient saw it, kept for reports after the content changes."""
    __tablename__ = "question_version"
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(32), primary_key=True)
    module_id: so.Mapped[str] = so.mapped_column(sa.String(60))
    question_id: so.Mapped[str] = so.mapped_column(sa.String(60))
    snapshot: so.Mapped[str] = so.mapped_column(sa.Text)


class RateCounter(Base):
    """Failures counted per (bucket, key, window) in storage every worker shares: one row, bumped atomically."""
    __tablename__ = "rate_counter"
    bucket: so.Mapped[str] = so.mapped_column(sa.String(16), primary_key=True)
    key: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    window_start: so.Mapped[dt.datetime] = so.mapped_column(primary_key=True, index=True)
    n: so.Mapped[int] = so.mapped_column(default=0)


class AuditEvent(Base):
    """Append-only: which clinician viewed or exported which assignment, and when. Never answers."""
    __tablename__ = "audit_event"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    clinician_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("clinician.id", ondelete="SET NULL"))
    action: so.Mapped[str] = so.mapped_column(sa.String(32))
    assignment_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("assignment.id", ondelete="SET NULL"))
    at: so.Mapped[dt.datetime] = so.mapped_column(default=clock.now, index=True)


class ItemTally(Base):
    """Anonymous counts for question statistics, kept up to date as each first round is finished.

    One row per (clinician, question version, choice, right or wrong, the person's first-try score in
    the topic); clinician 0 holds people reading without an assignment. Holds no link to any person.
    The version (content_hash) says what the choice meant when it was picked, and in which language
    (`lang`, the language the question was shown in, for the statistics' language filter).
    """
    __tablename__ = "item_tally"
    clinician_id: so.Mapped[int] = so.mapped_column(primary_key=True, autoincrement=False)
    question_id: so.Mapped[str] = so.mapped_column(sa.String(60), primary_key=True)
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(32), primary_key=True)
    choice: so.Mapped[str] = so.mapped_column(sa.String(40), primary_key=True)
    correct: so.Mapped[bool] = so.mapped_column(primary_key=True)
    score: so.Mapped[int] = so.mapped_column(primary_key=True, autoincrement=False)
    n: so.Mapped[int] = so.mapped_column(default=0)
    lang: so.Mapped[str] = so.mapped_column(sa.String(8), default="en", server_default="en")


class PhaseTally(Base):
    """Anonymous running counts of the answers given before reading and at the re-check, per question form.

    Added to as each such answer is stored, so statistics by phase cost the same at any number of answers;
    clinician 0 holds people reading without an assignment. Holds no link to any person.
    """
    __tablename__ = "phase_tally"
    clinician_id: so.Mapped[int] = so.mapped_column(primary_key=True, autoincrement=False)
    question_id: so.Mapped[str] = so.mapped_column(sa.String(60), primary_key=True)
    round: so.Mapped[int] = so.mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False)
    correct: so.Mapped[bool] = so.mapped_column(primary_key=True)
    lang: so.Mapped[str] = so.mapped_column(sa.String(8), primary_key=True, default="en", server_default="en")
    n: so.Mapped[int] = so.mapped_column(default=0)
