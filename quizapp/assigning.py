"""Assignments as pure rules: the link token, the short code, expiry, and labels free of identifiers.

The short code is 40 random bits in Crockford's base32 (no I, L, O or U), shown as two groups of four.
A reader's personal resume code is 50 bits in the same alphabet, shown as two groups of five, so the two
never look alike and one code box takes both. Typing is forgiving: case, dashes, spaces, O for 0 and I or L
for 1 are all accepted.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets

import base32_crockford

CODE_BITS = 40
CODE_LENGTH = 8
RESUME_BITS = 50
RESUME_LENGTH = 10
TOKEN_BYTES = 16  # 128 bits


def new_token() -> str:
    """Return an unguessable link token (128 bits, URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_code() -> str:
    """Return a short code in its stored form: eight symbols, no dash."""
    return base32_crockford.encode(secrets.randbits(CODE_BITS)).rjust(CODE_LENGTH, "0")


def new_resume_code() -> str:
    """Return a personal resume code in its stored form: ten symbols, no dash."""
    return base32_crockford.encode(secrets.randbits(RESUME_BITS)).rjust(RESUME_LENGTH, "0")


def normalise_code(typed: str, length: int = CODE_LENGTH) -> str | None:
    """Turn what a person typed into the stored form of a code of this length, or None when it cannot be one."""
    cleaned = re.sub(r"[\s\-–—_.]", "", typed or "")
    if not cleaned or len(cleaned) != length:
        return None
    try:
        return base32_crockford.normalize(cleaned)
    except ValueError:
        return None


def display_code(stored: str) -> str:
    """Group a stored code for reading aloud: K7QM-3XTP (an assignment), 7QM3X-TPK2D (a reader's own)."""
    half = len(stored) // 2
    return f"{stored[:half]}-{stored[half:]}"


def status_word(expires_at: dt.datetime, revoked_at: dt.datetime | None, now: dt.datetime) -> str:
    """Say in one word why an assignment is closed, or that it is open."""
    if revoked_at is not None:
        return "revoked"
    return "open" if now < expires_at else "expired"


IDENTIFIER_PATTERNS = (
    (re.compile(r"\S+@\S+"), "an email address"),
    (re.compile(r"\b\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}\b"), "a date"),
    (re.compile(r"\d{5,}"), "a record or phone number"),
    (re.compile(r"\b(dob|d\.o\.b|mrn|nhs|born|birthday)\b", re.I), "a date of birth or record number"),
)


def identifier_in(label: str) -> str | None:
    """Name the kind of identifier a label seems to hold, or None when it looks safe."""
    for pattern, kind in IDENTIFIER_PATTERNS:
        if pattern.search(label or ""):
            return kind
    return None
