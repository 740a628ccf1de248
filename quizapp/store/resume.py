"""Personal resume codes: made the first time a reader's code is shown, found when typed, turned off by a clinician."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from .. import assigning, clock
from ..models import Participant
from ..records import PersonRecord
from .progress import person_by_public_id
from .sql import changed

TRIES = 5  # a new 50-bit code that is already taken is rare; a few tries make it certain


def stored_resume_code(s: orm.Session, participant_id: int) -> tuple[str | None, bool]:
    """Return a reader's code as stored (maybe none yet), and whether a clinician turned it off."""
    code, revoked = s.execute(sa.select(Participant.resume_code, Participant.resume_revoked_at)
                              .where(Participant.id == participant_id)).one()
    return code, revoked is not None


def resume_code_of(s: orm.Session, participant_id: int) -> str | None:
    """Return a reader's code, making one if they have none yet; None once a clinician turned it off."""
    code, revoked = s.execute(sa.select(Participant.resume_code, Participant.resume_revoked_at)
                              .where(Participant.id == participant_id)).one()
    if code or revoked is not None:
        return code
    for _ in range(TRIES):
        fresh = assigning.new_resume_code()
        if s.scalar(sa.select(Participant.id).where(Participant.resume_code == fresh)) is None:
            s.execute(sa.update(Participant).where(Participant.id == participant_id, Participant.resume_code.is_(None))
                      .values(resume_code=fresh), execution_options={"synchronize_session": False})
            return s.scalar(sa.select(Participant.resume_code).where(Participant.id == participant_id))
    raise RuntimeError("could not make a unique resume code")


def person_by_resume_code(s: orm.Session, code: str) -> PersonRecord | None:
    """Find the reader a typed code names: not removed from their report, and their code not turned off."""
    public_id = s.scalar(sa.select(Participant.public_id).where(Participant.resume_code == code,
                                                                Participant.resume_revoked_at.is_(None),
                                                                Participant.removed_at.is_(None)))
    return person_by_public_id(s, public_id) if public_id else None


def revoke_resume_code(s: orm.Session, participant_id: int) -> bool:
    """Turn a reader's code off for good; tell whether it was on."""
    return bool(changed(s.execute(sa.update(Participant)
                             .where(Participant.id == participant_id, Participant.resume_revoked_at.is_(None))
                             .values(resume_code=None, resume_revoked_at=clock.now()),
                             execution_options={"synchronize_session": False})))


def resume_code_state(s: orm.Session, participant_ids: list[int]) -> dict[int, bool]:
    """Tell, for each reader, whether their code is still on (for the clinician's report)."""
    if not participant_ids:
        return {}
    rows = s.execute(sa.select(Participant.id, Participant.resume_revoked_at)
                     .where(Participant.id.in_(participant_ids)))
    return {pid: revoked is None for pid, revoked in rows}
