"""Who is on an assignment: removing a person (out of the report, the CSV and the question statistics), and a
new link and code when strangers filled it."""
from __future__ import annotations

import hashlib
import hmac
import logging

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from .. import assigning, clock, db, reports
from ..errors import refuse
from ..records import assignment_open
from ..states import AuditAction
from ..store import clinicians, resume
from .forms import EmptyForm
from .views import _owned, bp

log = logging.getLogger("quizapp")


@bp.app_template_global()
def person_handle(public_id: str) -> str:
    """Name a person in a form by a keyed hash of their id: the id itself is their cookie's secret."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, b"person:" + public_id.encode(), hashlib.sha256).hexdigest()[:24]


def person_of(a, handle: str):
    """The person of this assignment a page names by its handle, or a 404."""
    people = clinicians.people_of(db.session(), [a.id])
    found = next((p for p in people if hmac.compare_digest(person_handle(p.public_id), handle)), None)
    return found if found is not None else abort(404)


def _posted(public_id: str, person: str):
    """Check a person's form (its token, the owner, the person) and return the assignment and the person."""
    EmptyForm().validate_on_submit() or refuse(400, gettext("Please use the buttons on the page."))
    a = _owned(public_id)
    return a, person_of(a, person)


@bp.get("/assignments/<public_id>/people/<person>/remove")
def confirm_remove(public_id: str, person: str):
    """Ask before removing: who it is, when they joined, how many answers leave the report."""
    a = _owned(public_id)
    target = person_of(a, person)
    rows = clinicians.report_people(db.session(), [a.id])[a.id]
    mine = next(r for r in rows if r.public_id == target.public_id)
    return render_template("clinician/remove.html", a=a, person=person, form=EmptyForm(),
                           label=reports.person_labels(rows)[mine.public_id], joined=mine.created_at,
                           answers=len(mine.answers))


@bp.post("/assignments/<public_id>/people/<person>/remove")
def remove_person(public_id: str, person: str):
    """Remove one person (a made-up reader, a mistaken join); the removal is audited."""
    a, target = _posted(public_id, person)

    def remove(s):
        if clinicians.remove_person(s, a.clinician_id, target.id):
            clinicians.audit(s, current_user.id, AuditAction.REMOVE_PERSON, a.id)
    db.write(remove)
    log.info("person removed clinician=%s", current_user.id)
    flash(gettext("That person was removed from this report and from the question statistics. "
                  "The others keep their names."), "info")
    return redirect(url_for(".report", public_id=a.public_id), 303)


@bp.post("/assignments/<public_id>/renew")
def renew_link(public_id: str):
    """Give the assignment a new link and code (it filled up with people nobody knows, or the link leaked):
    the old ones stop at once; the people already reading keep their place and their answers."""
    EmptyForm().validate_on_submit() or refuse(400, gettext("Please use the buttons on the page."))
    a = _owned(public_id)
    if not assignment_open(a.expires_at, a.revoked_at, clock.now()):
        refuse(409, gettext("This assignment has ended. Please make a new one."))

    def renew(s):
        clinicians.renew_link(s, a.id, assigning.new_token(), assigning.new_code())
        clinicians.audit(s, current_user.id, AuditAction.RENEW_LINK, a.id)
    db.write(renew)
    log.info("link renewed clinician=%s", current_user.id)
    flash(gettext("This assignment has a new link and code. The old ones no longer work."), "info")
    return redirect(url_for(".report", public_id=a.public_id), 303)


@bp.post("/assignments/<public_id>/people/<person>/code/revoke")
def revoke_resume_code(public_id: str, person: str):
    """Turn off one reader's personal code (say it was shared by mistake); their answers and this device stay."""
    a, target = _posted(public_id, person)

    def revoke(s):
        done = resume.revoke_resume_code(s, target.id)
        if done:
            clinicians.audit(s, current_user.id, AuditAction.REVOKE_RESUME_CODE, a.id)
        return done
    if db.write(revoke):
        log.info("resume code turned off clinician=%s", current_user.id)
        flash(gettext("Their personal code no longer works. They can still read on the phone or computer they "
                      "used."), "info")
    else:
        flash(gettext("Their personal code was already turned off."), "info")
    return redirect(url_for(".report", public_id=a.public_id), 303)
