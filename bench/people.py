"""Acting like the people who use the app: patients walking a topic, a clinician signing in and assigning.

Everything goes through HTTP except `forge_cookie`, which signs a session exactly as Flask and Flask-WTF
do, for the hundreds of writers of a load run that HTTP sign-ups would take longer to make than the run.
"""
from __future__ import annotations

import functools
import hashlib
import os
import random
import re
import secrets
import subprocess
import sys

from harness import ROOT, Client

PASSWORD = "bench password " + secrets.token_hex(8)


def pick(q, rng: random.Random, right: float = 0.7) -> str:
    """Pick the right choice most of the time, else a wrong one (now and then "I don't know yet")."""
    if rng.random() < right:
        return q.correct_choice.id
    return rng.choice([c for c in q.choices if not c.correct]).id


def walk_module(c: Client, mod, rng: random.Random, retry: bool = True) -> None:
    """Start a topic, read each section and answer every question through HTTP; retry the missed ones."""
    page = c.expect("GET", f"/m/{mod.id}", 200)
    c.expect("POST", f"/m/{mod.id}/start", 303, {"csrf_token": c.token(page.text)})
    missed = []
    for section in mod.sections:
        c.expect("GET", f"/m/{mod.id}/read/{section.id}", 200)
        for q in section.questions:
            url = f"/m/{mod.id}/q/{q.id}"
            page = c.expect("GET", url, 200)
            choice = pick(q, rng)
            c.expect("POST", url, 303, {"csrf_token": c.token(page.text), "choice": choice,
                                        "confidence": rng.choice(["sure", "unsure"])})
            c.expect("GET", url + "/feedback", 200)
            if choice != q.correct_choice.id:
                missed.append(q)
    results = c.expect("GET", f"/m/{mod.id}/results", 200)
    if retry and missed:
        c.expect("POST", f"/m/{mod.id}/retry", 303, {"csrf_token": c.token(results.text)})
        for q in (m.retry_question for m in missed):  # the retry round asks each missed question's sibling
            url = f"/m/{mod.id}/retry/{q.id}"
            page = c.expect("GET", url, 200)
            c.expect("POST", url, 303, {"csrf_token": c.token(page.text), "choice": pick(q, rng, 0.8),
                                        "confidence": "sure"})
            c.expect("GET", url + "/feedback", 200)
        c.expect("GET", f"/m/{mod.id}/results", 200)


def create_clinician(env: dict, email: str) -> None:
    """Create an account through the real command, answering its two password prompts."""
    r = subprocess.run([sys.executable, "-m", "flask", "--app", "quizapp", "create-clinician", email],
                       input=f"{PASSWORD}\n{PASSWORD}\n", text=True, capture_output=True, env={**os.environ, **env},
                       cwd=ROOT)
    if r.returncode != 0:
        raise RuntimeError(f"create-clinician failed: {r.stdout}{r.stderr}")


def sign_in(port: int, email: str) -> Client:
    """Sign a clinician in through the login form."""
    c = Client(port)
    page = c.expect("GET", "/clinician/login", 200)
    c.expect("POST", "/clinician/login", 303, {"csrf_token": c.token(page.text), "email": email,
                                               "password": PASSWORD})
    return c


def new_assignment(c: Client, module_ids: list[str], label: str = "bench") -> tuple[str, str]:
    """Create an assignment; return its report path and the patient link path."""
    page = c.expect("GET", "/clinician/assignments/new", 200)
    r = c.expect("POST", "/clinician/assignments/new", 303, {"csrf_token": c.token(page.text),
                                                             "modules": module_ids, "label": label, "days": "30"})
    report = c.expect("GET", r.location, 200)
    link = re.search(r'href="[^"]*?(/a/[A-Za-z0-9_\-]+)"', report.text).group(1)
    return r.location, link


def join(port: int, link: str, role: str) -> Client:
    """Open the assignment link and say who is reading."""
    c = Client(port)
    page = c.expect("GET", link, 200)
    c.expect("POST", link, 303, {"csrf_token": c.token(page.text), "role": role})
    return c


def forge_cookie(secret: str, cookie_name: str, public_id: str) -> tuple[str, str]:
    """Return (Cookie header, form token) for a person, signed exactly as Flask and Flask-WTF sign them."""
    session, tokens = _signers(secret)
    raw = hashlib.sha1(os.urandom(64)).hexdigest()
    cookie = session.dumps({"p": public_id, "csrf_token": raw, "_permanent": True})
    return f"{cookie_name}={cookie}", tokens.dumps(raw)


@functools.lru_cache
def _signers(secret: str):
    """Build Flask's session signer and Flask-WTF's token signer once per secret (thousands of cookies a run)."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface
    from itsdangerous import URLSafeTimedSerializer
    app = Flask("forge")
    app.secret_key = secret
    return (SecureCookieSessionInterface().get_signing_serializer(app),
            URLSafeTimedSerializer(secret, salt="wtf-csrf-token"))
