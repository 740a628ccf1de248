"""The clinicians' second factor as pure rules: TOTP (RFC 6238, 30-second steps, 6 digits) from an
authenticator app, and one-time recovery codes for a lost phone. No Flask here; the store keeps the state."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp

ISSUER = "Understanding gene therapy"
RECOVERY_CODES = 10
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to copy from paper


def new_secret() -> str:
    """A new random TOTP secret (160 bits, base32), as authenticator apps expect."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def matching_step(secret: str, code: str, last_step: int | None, now: float | None = None) -> int | None:
    """Return the time step a typed code belongs to (this one, or one either side for a slow clock), or None.
    A step at or before `last_step` was used already: a code works once."""
    typed = "".join(ch for ch in code if ch.isdigit())
    if len(typed) != 6:
        return None
    totp = pyotp.TOTP(secret)
    moment = time.time() if now is None else now
    current = int(moment // totp.interval)
    for step in (current - 1, current, current + 1):
        if (last_step is None or step > last_step) and hmac.compare_digest(totp.generate_otp(step), typed):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Ten one-time codes of 10 characters (about 50 bits each), shown once as XXXXX-XXXXX."""
    return ["".join(secrets.choice(_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]


def shown(code: str) -> str:
    """A recovery code as printed: two groups of five."""
    return f"{code[:5]}-{code[5:]}"


def code_hash(code: str) -> str:
    """The stored form of a recovery code (high entropy, so a plain SHA-256 is enough)."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(cleaned.encode()).hexdigest()


def remaining_after(stored: str | None, typed: str) -> str | None:
    """If a typed recovery code is one of the stored hashes, return the hashes left once it is used; else None."""
    hashes = (stored or "").split()
    wanted = code_hash(typed)
    if not any(hmac.compare_digest(h, wanted) for h in hashes):
        return None
    return " ".join(h for h in hashes if h != wanted)
