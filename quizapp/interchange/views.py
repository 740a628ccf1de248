"""A clinician downloads one person's results as a FHIR R4 Bundle for the medical record (audited)."""
from __future__ import annotations

import json
import logging

from flask import Response
from flask_login import current_user

from .. import db
from ..clinician.auditing import audit
from ..clinician.people import person_of
from ..clinician.views import _owned, bp
from ..states import AuditAction
from . import results

log = logging.getLogger("quizapp")


@bp.get("/assignments/<public_id>/people/<person>/fhir")
def fhir_bundle(public_id: str, person: str):
    """One person's Questionnaires, responses per topic and phase, and consult note, as a FHIR JSON download."""
    a = _owned(public_id)
    target = person_of(a, person)
    bundle = results.person_bundle(db.session(), a, target.public_id)
    audit(AuditAction.EXPORT_FHIR, a.id)
    log.info("fhir export clinician=%s", current_user.id)
    return Response(json.dumps(bundle, ensure_ascii=False, indent=1), mimetype="application/fhir+json",
                    headers={"Content-Disposition": f'attachment; filename="{a.public_id}-{person[:8]}-fhir.json"',
                             "Cache-Control": "no-store"})
