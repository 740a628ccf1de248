"""The audit trail: every sign-in and sign-out, every assignment made, every page of people's results, every refusal."""
from __future__ import annotations

from quizapp.models import Assignment, AuditEvent
from quizapp.states import AuditAction
from tests.clinician_helpers import assign, assigning_doctor, create_clinician, sign_in
from tests.helpers import rows, token

A, B = "dr.a@clinic.example", "dr.b@clinic.example"


def actions(app) -> list[tuple[str, int | None, int | None]]:
    """Return (action, clinician, assignment) of every audit row, oldest first."""
    return [(e.action, e.clinician_id, e.assignment_id) for e in sorted(rows(app, AuditEvent), key=lambda e: e.id)]


def test_sign_in_sign_out_and_a_new_assignment_are_audited(app):
    doctor, info = assigning_doctor(app, A, ["demo"])
    (a,) = rows(app, Assignment)
    assert info["public_id"] == a.public_id
    page = doctor.get("/clinician/").text
    doctor.post("/clinician/logout", data={"csrf_token": token(page)})
    got = actions(app)
    assert got[0] == (AuditAction.SIGN_IN, a.clinician_id, None)
    assert (AuditAction.CREATE, a.clinician_id, a.id) in got
    assert got[-1] == (AuditAction.SIGN_OUT, a.clinician_id, None)


def test_the_list_and_the_statistics_are_audited(app):
    create_clinician(app, A)
    doctor = app.test_client()
    sign_in(doctor, A)
    doctor.get("/clinician/")
    doctor.get("/clinician/stats")
    got = [action for action, _, _ in actions(app)]
    assert AuditAction.VIEW_LIST in got and AuditAction.VIEW_STATS in got


def test_opening_another_clinicians_assignment_is_audited_as_denied(app):
    create_clinician(app, A)
    create_clinician(app, B)
    first, second = app.test_client(), app.test_client()
    sign_in(first, A)
    sign_in(second, B)
    info = assign(first, ["demo"])
    (a,) = rows(app, Assignment)
    assert second.get(f"/clinician/assignments/{info['public_id']}").status_code == 404
    assert second.get("/clinician/assignments/no-such-assignment").status_code == 404
    denied = [(c, aid) for action, c, aid in actions(app) if action == AuditAction.DENIED]
    assert len(denied) == 2 and denied[0][1] == a.id and denied[1][1] is None
    assert all(c != a.clinician_id for c, _ in denied)


def test_every_audit_row_names_a_known_action(app):
    doctor, info = assigning_doctor(app, A, ["demo"])
    for url in ("/clinician/", "/clinician/stats", f"/clinician/assignments/{info['public_id']}",
                f"/clinician/assignments/{info['public_id']}/answers.csv", "/clinician/answers.csv"):
        doctor.get(url)
    known = {a.value for a in AuditAction}
    assert {action for action, _, _ in actions(app)} <= known
