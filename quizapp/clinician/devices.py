"""Browsers a clinician has signed in from: a signed cookie naming the accounts (by keyed fingerprint) that
signed in successfully there. Such a browser is spared the account-wide failure budget, so strangers who
spread wrong passwords over many addresses cannot lock the owner out of their own device."""
from __future__ import annotations

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .. import ratelimit

NAME = "quizapp_device"
DAYS = 90
MOST_ACCOUNTS = 5  # a shared workstation remembers the last few clinicians who signed in on it


def cookie_name() -> str:
    """The cookie's name: `__Host-` (HTTPS only, this host only) whenever the session cookie is."""
    return ("__Host-" if current_app.config["SESSION_COOKIE_NAME"].startswith("__Host-") else "") + NAME


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="clinician-device")


def _accounts() -> list[str]:
    """The fingerprints of the accounts this browser signed in to, or none when the cookie is missing or forged."""
    raw = request.cookies.get(cookie_name())
    if not raw or len(raw) > 1024:
        return []
    try:
        value = _serializer().loads(raw, max_age=DAYS * 86400)
    except BadSignature:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _fingerprint(email: str) -> str:
    return ratelimit.key("device", email)


def known(email: str) -> bool:
    """Tell whether this account has signed in successfully from this browser in the last 90 days."""
    return _fingerprint(email) in _accounts()


def remember(response, email: str):
    """Mark this browser as one the account signed in from (after a successful sign-in) and return the response."""
    kept = [_fingerprint(email)] + [a for a in _accounts() if a != _fingerprint(email)]
    cfg = current_app.config
    response.set_cookie(cookie_name(), _serializer().dumps(kept[:MOST_ACCOUNTS]), max_age=DAYS * 86400,
                        path="/", secure=cfg["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
    return response
