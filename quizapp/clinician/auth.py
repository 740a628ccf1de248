"""Signing in and out: argon2id hashes, shared throttling, session timeouts and server-side logout."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import UserMixin, current_user, login_user, logout_user

from .. import clock, db, ratelimit
from ..errors import refuse
from ..extensions import login_manager
from ..i18n import N_
from ..logs import where
from ..states import AuditAction
from ..store import clinicians
from . import devices
from .forms import EmptyForm, LoginForm
from .views import bp

log = logging.getLogger("quizapp")
_HASHERS: dict[tuple[int, int], PasswordHasher] = {}
_DUMMY: dict[tuple[int, int], str] = {}  # a hash to check against when there is no such account
MIN_PASSWORD = 12
WRONG = N_("That email and password do not match an account. Please check both and try again.")
TOO_MANY = N_("Too many sign-in attempts. Please wait %(minutes)s minutes, then try again.")
PENDING = "second_factor_for"  # the account whose password was right, waiting for its code


@dataclass
class SignedIn(UserMixin):
    """The signed-in clinician as the session knows them."""
    id: int
    email: str
    version: int
    second_factor: bool = False  # an authenticator app is set up for this account

    def get_id(self) -> str:
        """Tie the session to the account's session version, so logout ends every copy of it."""
        return f"{self.id}.{self.version}"


def hasher() -> PasswordHasher:
    """Return the argon2id hasher with the configured cost (default: OWASP's 7 MiB, 5 passes, 1 lane)."""
    cfg = current_app.config
    params = (cfg["PASSWORD_TIME_COST"], cfg["PASSWORD_MEMORY_KIB"])
    if params not in _HASHERS:
        _HASHERS[params] = PasswordHasher(time_cost=params[0], memory_cost=params[1], parallelism=1)
    return _HASHERS[params]


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return hasher().hash(password)


def _verify(stored: str | None, password: str) -> bool:
    """Check a password; spend the same effort when there is no account."""
    if stored is None:
        params = (current_app.config["PASSWORD_TIME_COST"], current_app.config["PASSWORD_MEMORY_KIB"])
        if params not in _DUMMY:
            _DUMMY[params] = hash_password("not a real password")
        stored, password = _DUMMY[params], password + "\x00"
    try:
        return hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def init_app(app) -> None:
    """Attach Flask-Login with our loader and messages."""
    login_manager.init_app(app)
    # Our own guard replaces Flask-Login's: a fresh session at sign-in, a session version that
    # logout bumps, and idle and absolute timeouts. (Its "basic" mode would also write a flag into
    # every patient's cookie.)
    login_manager.session_protection = None
    login_manager.login_view = "clinician.login"
    login_manager.login_message = N_("Please sign in to see that page.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    app.after_request(_clinician_cookie_ends_with_the_browser)


def _clinician_cookie_ends_with_the_browser(response):
    """A signed-in clinician's cookie is never the 30-day kind a patient's language choice or progress makes:
    on a shared workstation, closing the browser must sign them out."""
    if "_user_id" in session and session.permanent:
        session.permanent = False
    return response


@login_manager.user_loader
def load_user(user_id: str) -> SignedIn | None:
    """Accept the session only for an active account, the current session version, and within timeouts."""
    try:
        cid, version = (int(x) for x in user_id.split("."))
    except ValueError:
        return None
    clinician = clinicians.clinician_by_id(db.session(), cid)
    if clinician is None or not clinician.active or clinician.session_version != version:
        log.warning("denied reason=stale-session route=%s", where())
        return None
    now = clock.now().timestamp()
    cfg = current_app.config
    if (now - session.get("login_at", 0) > cfg["CLINICIAN_ABSOLUTE_HOURS"] * 3600
            or now - session.get("seen_at", 0) > cfg["CLINICIAN_IDLE_MINUTES"] * 60):
        log.info("session timed out clinician=%s", cid)
        session.clear()
        flash(gettext("You were signed out to keep patient information safe. Please sign in again."), "info")
        return None
    session["seen_at"] = now
    return SignedIn(clinician.id, clinician.email, clinician.session_version, bool(clinician.totp_secret))


@bp.before_request
def require_login():
    """Every page here except the two sign-in steps needs a signed-in clinician; with REQUIRE_2FA, one who has
    set up the second factor (until then, only its setup page and sign-out open)."""
    if request.endpoint in ("clinician.login", "clinician.second_factor"):
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if (current_app.config["REQUIRE_2FA"] and not current_user.second_factor
            and request.endpoint not in ("clinician.two_factor", "clinician.logout")):
        flash(gettext("Please set up a second factor before you go on."), "info")
        return redirect(url_for("clinician.two_factor"), 303)
    return None


def safe_next(target: str | None) -> str | None:
    """Allow only a plain path on this site after sign-in: never another host, never a control character."""
    if not target or not target.isprintable() or not target.isascii():
        return None  # urlsplit drops CR, LF and tab, so check the very string we would redirect to
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    return target


def _limits(email: str) -> list[ratelimit.Limit]:
    """Sign-in budgets: per (account, address) first, per address, and per account from everywhere; the last
    is left out for a browser this account has signed in from before, so strangers spread over many
    addresses cannot lock the owner out of their own device."""
    cfg = current_app.config
    where, minutes = ratelimit.network(request.remote_addr), cfg["LOGIN_WINDOW_MINUTES"]
    limits = [ratelimit.Limit("login-pair", ratelimit.key("login", email, where), cfg["LOGIN_LIMIT"], minutes),
              ratelimit.Limit("login-ip", ratelimit.key("addr", where), cfg["LOGIN_LIMIT_PER_ADDRESS"], minutes)]
    if not devices.known(email):
        limits.append(ratelimit.Limit("login", ratelimit.key("login", email), cfg["LOGIN_LIMIT_PER_ACCOUNT"], minutes))
    return limits


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in: count the try, check the hash (always, outside any lock), then give the try back if right."""
    form = LoginForm()
    if request.method == "GET":
        return render_template("clinician/login.html", form=form, next=safe_next(request.args.get("next")))
    if not form.validate_on_submit():
        return render_template("clinician/login.html", form=form, next=safe_next(request.form.get("next"))), 400
    email = form.email.data.strip().lower()
    limits = _limits(email)
    pair, account = limits[0], ratelimit.key("login", email)[:12]  # a keyed fingerprint for the log
    if ratelimit.over(db.session(), limits) or db.write(lambda s: ratelimit.take(s, limits)):
        log.warning("login throttled account=%s", account)
        refuse(429, gettext(TOO_MANY, minutes=pair.minutes))
    c = clinicians.clinician_by_email(db.session(), email)
    usable = c is not None and c.active
    right = _verify(c.password_hash if c is not None and usable else None, form.password.data)  # same work for all
    if c is None or not usable or not right:
        log.warning("login failed account=%s", account)
        form.password.errors = [gettext(WRONG)]
        return render_template("clinician/login.html", form=form, next=safe_next(request.form.get("next"))), 401

    user = SignedIn(c.id, c.email, c.session_version, bool(c.totp_secret))
    target = safe_next(request.form.get("next"))
    if hasher().check_needs_rehash(c.password_hash):
        db.write(lambda s: clinicians.set_password_hash(s, user.id, hash_password(form.password.data)))
    if user.second_factor:  # the password was right; the try stays counted until the code is right too
        return ask_for_code(user, target)
    return finish_sign_in(user, limits, target)


def ask_for_code(user: SignedIn, target: str | None):
    """The password was right: remember for five minutes whose code to ask for, and ask for it."""
    session.clear()
    session[PENDING] = {"id": user.id, "v": user.version, "at": clock.now().timestamp(), "next": target or ""}
    return redirect(url_for(".second_factor"), 303)


def finish_sign_in(user: SignedIn, limits: list[ratelimit.Limit], target: str | None):
    """Every check passed: give the try back, forgive this address's typos, audit, and start a fresh session."""
    def signed_in(s):
        ratelimit.give_back(s, limits[1:])
        ratelimit.clear(s, limits[0])  # earlier typos from this address are forgiven
        clinicians.audit(s, user.id, AuditAction.SIGN_IN)
    db.write(signed_in)
    session.clear()
    login_user(user)
    now = clock.now().timestamp()
    session["login_at"] = session["seen_at"] = now
    log.info("login ok clinician=%s", user.id)
    return devices.remember(redirect(target or url_for(".assignments"), 303), user.email)


@bp.post("/logout")
def logout():
    """Sign out everywhere: bump the session version so an old cookie is refused."""
    EmptyForm().validate_on_submit() or refuse(400, gettext("Please use the Sign out button."))
    cid = current_user.id

    def sign_out(s):
        clinicians.end_sessions(s, cid)
        clinicians.audit(s, cid, AuditAction.SIGN_OUT)
    db.write(sign_out)
    logout_user()
    session.clear()
    log.info("logout clinician=%s", cid)
    flash(gettext("You are signed out."), "info")
    return redirect(url_for(".login"), 303)

