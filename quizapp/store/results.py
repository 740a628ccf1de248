"""What the results export reads beyond the report: an assignment by public id, each attempt's content version."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from ..models import Assignment, Attempt


def assignment_by_public_id(s: orm.Session, public_id: str) -> Assignment | None:
    """Find any clinician's assignment by its public id (for operators' commands only)."""
    return s.scalar(sa.select(Assignment).where(Assignment.public_id == public_id))


def attempt_versions(s: orm.Session, attempt_ids: list[int]) -> dict[int, str]:
    """Return {attempt id: the content version it was started on}."""
    if not attempt_ids:
        return {}
    rows = s.execute(sa.select(Attempt.id, Attempt.content_version).where(Attempt.id.in_(attempt_ids)))
    return {attempt_id: version for attempt_id, version in rows}
