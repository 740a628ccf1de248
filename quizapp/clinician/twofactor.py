"""The clinicians' second factor: the code step of signing in, and turning an authenticator app on or off.

While a clinician sets it up, the secret is derived from the app's key, the account and its session version
(never stored until the first code proves the app has it); turning it on or off ends every other session."""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_user

from .. import clock, db, ratelimit, secondfactor
from ..errors import refuse
from ..states import AuditAction
from ..store import clinicians
from .auth import PENDING, TOO_MANY, SignedIn, _limits, _verify, finish_sign_in
from .forms import CodeForm, PasswordCheckForm
from .views import bp

log = logging.getLogger("quizapp")
PENDING_SECONDS = 300


@bp.route("/login/code", methods=["GET", "POST"])
def second_factor():
    """The second step of signing in: a code from the authenticator app, or a recovery code (used once)."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or clock.now().timestamp() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop(PENDING, None)
        flash(gettext("Please sign in again."), "info")
        return redirect(url_for(".login"), 303)
    form = CodeForm()
    if not form.is_submitted():
        return render_template("clinician/second_factor.html", form=form)
    if not form.validate():
        return render_template("clinician/second_factor.html", form=form), 400
    c = clinicians.clinician_by_id(db.session(), pending["id"])
    if c is None or not c.active or c.session_version != pending["v"] or not c.totp_secret:
        session.pop(PENDING, None)
        return redirect(url_for(".login"), 303)
    limits = _limits(c.email)
    if ratelimit.over(db.session(), limits) or db.write(lambda s: ratelimit.take(s, limits)):
        log.warning("second factor throttled clinician=%s", c.id)
        refuse(429, gettext(TOO_MANY, minutes=limits[0].minutes))
    ok, left = _use_code(c, form.code.data)
    if not ok:
        log.warning("second factor failed clinician=%s", c.id)
        form.code.errors = [gettext("That code did not work. Codes change every 30 seconds: try the newest.")]
        return render_template("clinician/second_factor.html", form=form), 401
    if left is not None:
        flash(gettext("You used a recovery code. %(n)s are left.", n=len(left.split())), "info")
    return finish_sign_in(SignedIn(c.id, c.email, c.session_version, True), limits, pending["next"] or None)


def _use_code(c, code: str) -> tuple[bool, str | None]:
    """Spend a code from the authenticator app (each 30-second step once) or a recovery code (each once); say
    whether it worked, and which recovery codes are left when one was used."""
    step = secondfactor.matching_step(c.totp_secret, code, c.totp_last_step)
    if step is not None:
        return bool(db.write(lambda s: clinicians.use_totp_step(s, c.id, step))), None
    stored = c.recovery_codes
    left = secondfactor.remaining_after(stored, code)
    if left is None:
        return False, None
    return bool(db.write(lambda s: clinicians.use_recovery_code(s, c.id, stored or "", left))), left


def _setup_secret(clinician_id: int, version: int) -> str:
    """The secret offered while setting up: the same on every reload of the page, new after any change."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, f"totp-setup:{clinician_id}:{version}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


@bp.route("/account/2fa", methods=["GET", "POST"])
def two_factor():
    """Set up an authenticator app: scan the QR code, type a code to prove it works, keep the recovery codes."""
    me = clinicians.clinician_by_id(db.session(), current_user.id)
    if me is None:
        refuse(404, gettext("We could not find your account."))
    if me.totp_secret:
        return render_template("clinician/two_factor.html", on=True, form=PasswordCheckForm(),
                               required=current_app.config["REQUIRE_2FA"])
    secret = _setup_secret(me.id, me.session_version)
    form = CodeForm()
    status = 200
    if form.is_submitted():
        if form.validate() and secondfactor.matching_step(secret, form.code.data, None) is not None:
            codes = secondfactor.new_recovery_codes()
            hashes = " ".join(secondfactor.code_hash(c) for c in codes)
            version = _change(me.id, AuditAction.TWO_FACTOR_ON, lambda s: clinicians.set_second_factor(
                s, me.id, secret, hashes))
            login_user(SignedIn(me.id, me.email, version, True))
            return render_template("clinician/recovery_codes.html", codes=[secondfactor.shown(c) for c in codes])
        if not form.code.errors:
            form.code.errors = [gettext("That code did not work. Codes change every 30 seconds: try the newest.")]
        status = 400
    import segno  # only this page draws the QR code
    qr = segno.make(secondfactor.provisioning_uri(secret, me.email), error="m").svg_inline(
        scale=4, title=gettext("QR code for your authenticator app"))
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render_template("clinician/two_factor.html", on=False, form=form, qr=qr, secret=grouped), status


@bp.post("/account/2fa/off")
def two_factor_off():
    """Turn the second factor off (the password is asked again); not while the deployment requires it."""
    if current_app.config["REQUIRE_2FA"]:
        refuse(403, gettext("This site requires a second factor for every clinician."))
    form = PasswordCheckForm()
    me = clinicians.clinician_by_id(db.session(), current_user.id)
    limits = _limits(current_user.email)
    if not form.validate_on_submit():
        return render_template("clinician/two_factor.html", on=True, form=form, required=False), 400
    if ratelimit.over(db.session(), limits) or db.write(lambda s: ratelimit.take(s, limits)):
        refuse(429, gettext(TOO_MANY, minutes=limits[0].minutes))
    if me is None or not _verify(me.password_hash, form.current.data):
        form.current.errors = [gettext("That is not your current password.")]
        return render_template("clinician/two_factor.html", on=True, form=form, required=False), 400
    db.write(lambda s: ratelimit.give_back(s, limits))
    version = _change(me.id, AuditAction.TWO_FACTOR_OFF, lambda s: clinicians.set_second_factor(s, me.id, None, None))
    login_user(SignedIn(me.id, me.email, version, False))
    flash(gettext("The second factor is off. You sign in with your password alone."), "info")
    return redirect(url_for(".two_factor"), 303)


def _change(clinician_id: int, action: AuditAction, change) -> int:
    """Change how an account signs in, audit it, and return its new session version (other sessions end)."""
    def work(s):
        change(s)
        clinicians.audit(s, clinician_id, action)
        return clinicians.session_version(s, clinician_id)
    return db.write(work)
