"""One audit row per thing a clinician does: the append-only trail of who looked at or changed what."""
from __future__ import annotations

import functools

from flask_login import current_user

from .. import db
from ..states import AuditAction
from ..store import clinicians


def audit(action: AuditAction, assignment_id: int | None = None) -> None:
    """Write an audit row for the signed-in clinician. The ids are read now, not inside the write: after the
    write's own rollback, reading them from a loaded row would load it again."""
    db.write(functools.partial(clinicians.audit, clinician_id=current_user.id, action=action,
                               assignment_id=assignment_id))
