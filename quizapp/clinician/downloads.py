"""Downloads of answers as CSV: one assignment, or every assignment of the signed-in clinician (streamed)."""
from __future__ import annotations

import io

from flask import Response, stream_with_context
from flask_login import current_user

from .. import db, exports, reports
from ..content import catalogue
from ..i18n import lang
from ..states import AuditAction
from ..store import clinicians, progress
from .auditing import audit
from .views import _owned, _report, bp

EXPORT_CHUNK = 100  # assignments per batch when streaming the CSV of everything


def _csv(rows, filename: str) -> Response:
    buf = io.StringIO()
    writer = exports.writer(buf)
    writer.writerow(exports.CSV_COLUMNS)
    writer.writerows(rows)
    return Response(buf.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/assignments/<public_id>/answers.csv")
def export_one(public_id: str):
    """Every answer of one assignment, one row each (columns documented in README)."""
    a = _owned(public_id)
    rows = list(exports.csv_rows(a.public_id, a.label, _report(a), _statements(catalogue(lang()))))
    audit(AuditAction.EXPORT_CSV, a.id)
    return _csv(rows, f"answers-{a.public_id}.csv")


def _statements(cat) -> dict[str, str]:
    """Each misconception in the plain words the report uses, for the CSV."""
    return {m.id: m.statement for m in cat.misconceptions.values()}


@bp.get("/answers.csv")
def export_all():
    """Every answer of every one of this clinician's assignments, archived ones included, streamed."""
    audit(AuditAction.EXPORT_ALL_CSV)
    s = db.session()
    mine = [(a.id, a.public_id, a.label, a.module_ids)
            for a in clinicians.assignments_of(s, current_user.id, archived=None)]
    cat = catalogue(lang())

    def lines():
        buf = io.StringIO()
        writer = exports.writer(buf)
        writer.writerow(exports.CSV_COLUMNS)
        for start in range(0, len(mine), EXPORT_CHUNK):
            chunk = mine[start:start + EXPORT_CHUNK]
            people = clinicians.report_people(s, [a[0] for a in chunk])
            snaps = progress.question_versions(s, {r.content_hash for ps in people.values() for p in ps
                                                  for r in p.answers})
            for aid, public_id, label, module_ids in chunk:
                writer.writerows(exports.csv_rows(public_id, label,
                                                  reports.build_report(cat, module_ids, people[aid], snaps),
                                                  _statements(cat)))
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
        if buf.getvalue():
            yield buf.getvalue()
    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="answers-all.csv"'})
