"""A reader's personal resume code, as the results page and the consult sheet show it."""
from __future__ import annotations

from .. import assigning, db
from ..store import resume as store
from .progress import current_participant


def my_resume_code() -> str | None:
    """Return the reading-now person's own code for display (made the first time), or None when there is none."""
    me = current_participant()
    if me is None:
        return None
    code, revoked = store.stored_resume_code(db.session(), me.id)
    if code is None and not revoked:
        code = db.write(lambda s: store.resume_code_of(s, me.id))
    return assigning.display_code(code) if code else None
