"""A clinician's own account: changing the password (the old one asked first), which ends every other session."""
from __future__ import annotations

import logging

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_user

from .. import db, ratelimit
from ..errors import refuse
from ..states import AuditAction
from ..store import clinicians
from .auth import TOO_MANY, SignedIn, _limits, _verify, hash_password
from .forms import PasswordForm
from .views import bp

log = logging.getLogger("quizapp")


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    """Change one's own password: the current password is checked (and throttled like a sign-in) first."""
    form = PasswordForm()
    if not form.is_submitted():
        return render_template("clinician/password.html", form=form)
    if not form.validate():
        return render_template("clinician/password.html", form=form), 400
    me = clinicians.clinician_by_id(db.session(), current_user.id)
    limits = _limits(current_user.email)
    if ratelimit.over(db.session(), limits) or db.write(lambda s: ratelimit.take(s, limits)):
        log.warning("password change throttled clinician=%s", current_user.id)
        refuse(429, gettext(TOO_MANY, minutes=limits[0].minutes))
    if me is None or not _verify(me.password_hash, form.current.data):
        log.warning("password change refused: wrong current password clinician=%s", current_user.id)
        form.current.errors = [gettext("That is not your current password.")]
        return render_template("clinician/password.html", form=form), 400
    new_hash = hash_password(form.new.data)

    def change(s):
        ratelimit.give_back(s, limits)
        clinicians.set_password_hash(s, me.id, new_hash)
        clinicians.end_sessions(s, me.id)
        clinicians.audit(s, me.id, AuditAction.CHANGE_PASSWORD)
        return clinicians.session_version(s, me.id)
    version = db.write(change)
    login_user(SignedIn(me.id, me.email, version))  # this session goes on; every other one has ended
    log.info("password changed clinician=%s", me.id)
    flash(gettext("Your password is changed. Any other place you were signed in has been signed out."), "info")
    return redirect(url_for(".assignments"), 303)
