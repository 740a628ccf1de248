"""Clinician accounts, their assignments, the people of an assignment, and the audit trail."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import orm

from .. import clock
from ..content.model import DONT_KNOW
from ..models import Answer, Assignment, Attempt, AuditEvent, Clinician, ItemTally, Participant, PhaseTally
from ..records import PersonRows
from ..states import Round
from . import stats
from .progress import _attempt, answers_of, visits
from .sql import changed, new_public_id


def clinician_by_email(s: orm.Session, email: str) -> Clinician | None:
    """Find a clinician account by email (stored lower-case)."""
    return s.scalar(sa.select(Clinician).where(Clinician.email == email.strip().lower()))


def clinician_by_id(s: orm.Session, clinician_id: int) -> Clinician | None:
    """Find a clinician account by its row id."""
    return s.get(Clinician, clinician_id)


def create_clinician(s: orm.Session, email: str, password_hash: str) -> Clinician:
    """Add a clinician account."""
    c = Clinician(email=email.strip().lower(), password_hash=password_hash)
    s.add(c)
    s.flush()
    return c


def set_password_hash(s: orm.Session, clinician_id: int, password_hash: str) -> None:
    """Store a new password hash (after a sign-in with outdated hash settings)."""
    s.execute(sa.update(Clinician).where(Clinician.id == clinician_id).values(password_hash=password_hash),
              execution_options={"synchronize_session": False})


def set_second_factor(s: orm.Session, clinician_id: int, secret: str | None, recovery_hashes: str | None) -> None:
    """Turn the second factor on (a secret and recovery code hashes) or off (None); other sessions end."""
    s.execute(sa.update(Clinician).where(Clinician.id == clinician_id)
              .values(totp_secret=secret, recovery_codes=recovery_hashes, totp_last_step=None,
                      session_version=Clinician.session_version + 1),
              execution_options={"synchronize_session": False})


def use_totp_step(s: orm.Session, clinician_id: int, step: int) -> bool:
    """Record the time step of an accepted code; False when it (or a later one) was used already (a replay)."""
    return bool(changed(s.execute(
        sa.update(Clinician).where(Clinician.id == clinician_id,
                                   sa.or_(Clinician.totp_last_step.is_(None), Clinician.totp_last_step < step))
        .values(totp_last_step=step), execution_options={"synchronize_session": False})))


def use_recovery_code(s: orm.Session, clinician_id: int, before: str, after: str) -> bool:
    """Spend a recovery code: store the hashes left, only if nobody spent one meanwhile."""
    return bool(changed(s.execute(
        sa.update(Clinician).where(Clinician.id == clinician_id, Clinician.recovery_codes == before)
        .values(recovery_codes=after), execution_options={"synchronize_session": False})))


def set_active(s: orm.Session, clinician_id: int, active: bool) -> None:
    """Enable or disable an account; either way its sessions end (a disabled account's at once)."""
    s.execute(sa.update(Clinician).where(Clinician.id == clinician_id)
              .values(active=active, session_version=Clinician.session_version + 1),
              execution_options={"synchronize_session": False})


def session_version(s: orm.Session, clinician_id: int) -> int:
    """Return an account's current session version (after a change that ended the other sessions)."""
    return s.scalar(sa.select(Clinician.session_version).where(Clinician.id == clinician_id)) or 0


def end_sessions(s: orm.Session, clinician_id: int) -> None:
    """Sign a clinician out everywhere: a cookie with the old session version is refused."""
    s.execute(sa.update(Clinician).where(Clinician.id == clinician_id)
              .values(session_version=Clinician.session_version + 1),
              execution_options={"synchronize_session": False})


def create_assignment(s: orm.Session, clinician_id: int, modules: list[str], label: str,
                      days: int, token: str, code: str, lang: str = "en", pre_check: bool = False,
                      consult_on: dt.date | None = None) -> Assignment:
    """Add an assignment with its secrets, working for this many days from now, read in a language, with or
    without a check before reading, and the consult date when known."""
    now = clock.now()
    a = Assignment(public_id=new_public_id(), clinician_id=clinician_id, token=token, code=code,
                   modules=",".join(modules), label=label, expires_at=now + dt.timedelta(days=days),
                   created_at=now, lang=lang, pre_check=pre_check, consult_on=consult_on)
    s.add(a)
    s.flush()
    return a


def owned_assignment(s: orm.Session, clinician_id: int, public_id: str) -> Assignment | None:
    """Return the assignment only if this clinician owns it."""
    return s.scalar(sa.select(Assignment).where(Assignment.public_id == public_id,
                                                Assignment.clinician_id == clinician_id))


def revoke_assignment(s: orm.Session, assignment_id: int) -> None:
    """Stop an assignment's link and code (once: the first revocation time is kept)."""
    s.execute(sa.update(Assignment).where(Assignment.id == assignment_id, Assignment.revoked_at.is_(None))
              .values(revoked_at=clock.now()), execution_options={"synchronize_session": False})


def set_consult_date(s: orm.Session, assignment_id: int, consult_on: dt.date | None) -> None:
    """Set (or clear) the consult date the re-check is offered before."""
    s.execute(sa.update(Assignment).where(Assignment.id == assignment_id).values(consult_on=consult_on),
              execution_options={"synchronize_session": False})


def set_archived(s: orm.Session, assignment_id: int, archived: bool) -> None:
    """Move an assignment out of (or back into) the current list."""
    s.execute(sa.update(Assignment).where(Assignment.id == assignment_id).values(archived=archived),
              execution_options={"synchronize_session": False})


def assignments_of(s: orm.Session, clinician_id: int, archived: bool | None = False, limit: int | None = None,
                   offset: int = 0) -> list[Assignment]:
    """Return a clinician's assignments, newest first (archived ones, current ones, or with None both)."""
    q = sa.select(Assignment).where(Assignment.clinician_id == clinician_id)
    if archived is not None:
        q = q.where(Assignment.archived == archived)
    q = q.order_by(Assignment.created_at.desc(), Assignment.id.desc()).offset(offset).limit(limit)
    return list(s.scalars(q))


def count_assignments(s: orm.Session, clinician_id: int, archived: bool = False) -> int:
    """Count a clinician's current (or archived) assignments."""
    return s.scalar(sa.select(sa.func.count()).select_from(Assignment)
                    .where(Assignment.clinician_id == clinician_id, Assignment.archived == archived)) or 0


def assignment_id_of(s: orm.Session, public_id: str) -> int | None:
    """Return the row id of an assignment by its public id, whoever owns it (for the audit of a refusal)."""
    return s.scalar(sa.select(Assignment.id).where(Assignment.public_id == public_id))


def assignment_by_token(s: orm.Session, token: str) -> Assignment | None:
    """Find an assignment by its link token."""
    return s.scalar(sa.select(Assignment).where(Assignment.token == token))


def assignment_by_code(s: orm.Session, code: str) -> Assignment | None:
    """Find an assignment by its normalised short code."""
    return s.scalar(sa.select(Assignment).where(Assignment.code == code))


def people_of(s: orm.Session, assignment_ids: list[int]) -> list[Participant]:
    """Return the people of these assignments, in the order they joined (removed people left out)."""
    if not assignment_ids:
        return []
    return list(s.scalars(sa.select(Participant).where(Participant.assignment_id.in_(assignment_ids),
                                                       Participant.removed_at.is_(None))
                          .order_by(Participant.created_at, Participant.id)))


def role_numbers(s: orm.Session, assignment_ids: list[int]) -> dict[int, int]:
    """Number each person within their role on their assignment in the order they joined, removed people counted,
    so taking one person out of a report never renumbers the others."""
    out: dict[int, int] = {}
    seen: dict[tuple, int] = {}
    if assignment_ids:
        for pid, aid, role in s.execute(sa.select(Participant.id, Participant.assignment_id, Participant.role)
                                        .where(Participant.assignment_id.in_(assignment_ids))
                                        .order_by(Participant.created_at, Participant.id)):
            out[pid] = seen[(aid, role)] = seen.get((aid, role), 0) + 1
    return out


def count_people(s: orm.Session, assignment_id: int, lock: bool = False) -> int:
    """Count the people still on an assignment; with lock, hold its row so concurrent joins queue."""
    if lock:  # PostgreSQL: FOR UPDATE; SQLite already holds its one write lock
        s.execute(sa.select(Assignment.id).where(Assignment.id == assignment_id).with_for_update())
    return s.scalar(sa.select(sa.func.count()).select_from(Participant)
                    .where(Participant.assignment_id == assignment_id, Participant.removed_at.is_(None))) or 0


def _attempts_by_person(s: orm.Session, people: list[Participant]) -> dict[int, list]:
    """Return the attempts of several people at once, by person."""
    out: dict[int, list] = {}
    if people:
        for a in s.scalars(sa.select(Attempt).where(Attempt.participant_id.in_([p.id for p in people]))):
            out.setdefault(a.participant_id, []).append(_attempt(a))
    return out


def summary_people(s: orm.Session, assignment_ids: list[int]
                   ) -> tuple[dict[int, list[PersonRows]], dict[tuple[int, Round], int]]:
    """Load people and attempts of these assignments, and how many answers each attempt has per round.

    Three queries and no answer rows, so the list of assignments stays quick however much is stored.
    """
    people, numbers = people_of(s, assignment_ids), role_numbers(s, assignment_ids)
    by_person = _attempts_by_person(s, people)
    attempt_ids = [a.id for rows in by_person.values() for a in rows]
    counts: dict[tuple[int, Round], int] = {}
    if attempt_ids:
        rows = s.execute(sa.select(Answer.attempt_id, Answer.round, sa.func.count())
                         .where(Answer.attempt_id.in_(attempt_ids)).group_by(Answer.attempt_id, Answer.round))
        counts = {(aid, Round(rnd)): n for aid, rnd, n in rows}
    out: dict[int, list[PersonRows]] = {i: [] for i in assignment_ids}
    for p in people:
        if p.assignment_id is not None:
            out[p.assignment_id].append(PersonRows(p.public_id, p.role, p.created_at, tuple(by_person.get(p.id, ())),
                                                   number=numbers.get(p.id, 0)))
    return out, counts


def report_people(s: orm.Session, assignment_ids: list[int]) -> dict[int, list[PersonRows]]:
    """Load everyone's attempts, answers and visits for these assignments in four queries."""
    people, numbers = people_of(s, assignment_ids), role_numbers(s, assignment_ids)
    by_person = _attempts_by_person(s, people)
    owner = {a.id: pid for pid, rows in by_person.items() for a in rows}
    answers_by: dict[int, list] = {}
    for row in answers_of(s, list(owner)):
        answers_by.setdefault(owner[row.attempt_id], []).append(row)
    visits_by: dict[int, list] = {}
    for v in visits(s, list(owner)):
        visits_by.setdefault(owner[v.attempt_id], []).append(v)
    out: dict[int, list[PersonRows]] = {i: [] for i in assignment_ids}
    for p in people:
        if p.assignment_id is not None:
            out[p.assignment_id].append(PersonRows(p.public_id, p.role, p.created_at, tuple(by_person.get(p.id, ())),
                                                   tuple(answers_by.get(p.id, ())), tuple(visits_by.get(p.id, ())),
                                                   numbers.get(p.id, 0)))
    return out


def sure_but_wrong(s: orm.Session, assignment_ids: list[int]) -> list[tuple]:
    """Return first-try answers given wrongly and with confidence, as (assignment, person, question, version,
    choice): few rows, however many answers are stored, so the list of assignments can count what needs a talk."""
    if not assignment_ids:
        return []
    rows = s.execute(sa.select(Participant.assignment_id, Participant.id, Answer.question_id, Answer.content_hash,
                               Answer.choice)
                     .join(Attempt, Attempt.participant_id == Participant.id)
                     .join(Answer, Answer.attempt_id == Attempt.id)
                     .where(Participant.assignment_id.in_(assignment_ids), Participant.removed_at.is_(None),
                            Answer.round == int(Round.FIRST), Answer.correct.is_(False),
                            Answer.confidence == "sure", Answer.choice != DONT_KNOW))
    return [tuple(r) for r in rows]


def _ended_before(before: dt.datetime):
    """Assignments that expired or were revoked before a moment and still hold a link or code."""
    ended = sa.or_(Assignment.expires_at < before, Assignment.revoked_at < before)
    return sa.and_(ended, sa.or_(Assignment.token.is_not(None), Assignment.code.is_not(None)))


def old_links_count(s: orm.Session, before: dt.datetime) -> int:
    """Count assignments that ended before a moment and still hold their link token or code."""
    return s.scalar(sa.select(sa.func.count()).select_from(Assignment).where(_ended_before(before))) or 0


def forget_old_links(s: orm.Session, before: dt.datetime) -> int:
    """Forget the link tokens and codes of assignments that ended before a moment; return how many."""
    return changed(s.execute(sa.update(Assignment).where(_ended_before(before)).values(token=None, code=None),
                     execution_options={"synchronize_session": False}))


def remove_person(s: orm.Session, clinician_id: int, participant_id: int) -> bool:
    """Take a person off an assignment and out of the statistics, in one transaction; tell if they were there.

    The report and the CSV leave removed people out; their finished first rounds are subtracted from
    the running counts here, exactly as they were added when each first round finished.
    """
    gone = changed(s.execute(sa.update(Participant)
                             .where(Participant.id == participant_id, Participant.removed_at.is_(None))
                             .values(removed_at=clock.now()), execution_options={"synchronize_session": False}))
    if not gone:
        return False
    finished = s.scalars(sa.select(Attempt).where(Attempt.participant_id == participant_id,
                                                  Attempt.finished_at.is_not(None)))
    for attempt in list(finished):
        stats.add_first_round(s, clinician_id, answers_of(s, [attempt.id]), attempt.first_correct, sign=-1)
    every = [a.id for a in s.scalars(sa.select(Attempt).where(Attempt.participant_id == participant_id))]
    for a in answers_of(s, every):
        if a.round in (Round.BEFORE, Round.RECHECK):
            stats.add_phase_answer(s, clinician_id, a.question_id, a.round, a.correct, a.lang, sign=-1)
    s.execute(sa.delete(ItemTally).where(ItemTally.clinician_id == clinician_id, ItemTally.n <= 0))
    s.execute(sa.delete(PhaseTally).where(PhaseTally.clinician_id == clinician_id, PhaseTally.n <= 0))
    return True


def renew_link(s: orm.Session, assignment_id: int, token: str, code: str) -> None:
    """Give an assignment a new link token and code: the old ones stop at once, the people already on it stay."""
    s.execute(sa.update(Assignment).where(Assignment.id == assignment_id).values(token=token, code=code),
              execution_options={"synchronize_session": False})


def refused_joins(s: orm.Session, assignment_id: int) -> int:
    """Count the joins refused because the assignment was full, since its link and code were last renewed."""
    renewed = s.scalar(sa.select(sa.func.max(AuditEvent.at)).where(AuditEvent.assignment_id == assignment_id,
                                                                   AuditEvent.action == "renew-link"))
    q = sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.assignment_id == assignment_id,
                                                                 AuditEvent.action == "join-refused-full")
    return s.scalar(q.where(AuditEvent.at > renewed) if renewed is not None else q) or 0


def audit(s: orm.Session, clinician_id: int | None, action: str, assignment_id: int | None = None) -> None:
    """Append an audit row: who did what to which assignment, and when. Never answers."""
    s.add(AuditEvent(clinician_id=clinician_id, action=str(action), assignment_id=assignment_id, at=clock.now()))
