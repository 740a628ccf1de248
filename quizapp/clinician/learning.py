"""The consult date of an assignment: setting it offers the reader a re-check in the days before it."""
from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from .. import assigning, clock, db
from ..content import catalogue
from ..errors import refuse
from ..i18n import lang
from ..languages import names
from ..states import AuditAction
from ..store import clinicians
from .forms import ConsultForm, EmptyForm
from .views import _owned, _report, _share, bp


@bp.post("/assignments/<public_id>/consult")
def set_consult(public_id: str):
    """Set or clear the consult date; a date that is not one is refused with the report shown again."""
    a = _owned(public_id)
    form = ConsultForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            refuse(400, gettext("Please use the buttons on the page."))
        state = assigning.status_word(a.expires_at, a.revoked_at, clock.now())
        return render_template("clinician/report.html", a=a, report=_report(a), form=EmptyForm(), consult=form,
                               share=_share(a), state=state, cat=catalogue(lang()), language_names=names(),
                               refused=clinicians.refused_joins(db.session(), a.id)), 400

    def apply(s):
        clinicians.set_consult_date(s, a.id, form.consult_on.data)
        clinicians.audit(s, current_user.id, AuditAction.SET_CONSULT, a.id)
    db.write(apply)
    return redirect(url_for(".report", public_id=a.public_id) + "#consult", 303)
