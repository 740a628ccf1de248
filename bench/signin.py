"""Timing of sign-in: an unknown email must cost what a known one costs, or the time tells who has an account.

Tries alternate (unknown, known with a wrong password, known with the right one), each from a fresh
browser on the sign-in page, one at a time, so the three sets see the same machine. Only the POST is
timed. The ratio compared is unknown / known with a wrong password: both answer 401 with the same page.
"""
from __future__ import annotations

import secrets
import time

from harness import Client, log
from load import CLINICIAN, LoadSetup
from people import PASSWORD
from tables import med

TRIES = 20
LOW, HIGH = 0.8, 1.25


def one_try(setup: LoadSetup, email: str, password: str, expect: int) -> float:
    """Open the sign-in page, then time the POST; return seconds."""
    c = Client(setup.app.port)
    token = Client.token(c.expect("GET", "/clinician/login", 200).text)
    t = time.perf_counter()
    c.expect("POST", "/clinician/login", expect, {"csrf_token": token, "email": email, "password": password})
    return time.perf_counter() - t


def time_sign_in(setup: LoadSetup, tries: int = TRIES) -> dict:
    """Median sign-in time for an unknown email, a known one with a wrong password, and a right sign-in."""
    wrong = "not the password " + secrets.token_hex(4)
    kinds = {"unknown email": (lambda: f"nobody-{secrets.token_hex(4)}@example.org", wrong, 401),
             "known email, wrong password": (lambda: CLINICIAN, wrong, 401),
             "known email, right password": (lambda: CLINICIAN, PASSWORD, 303)}
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(2):  # warm-up: each worker has built its hasher and dummy hash
        for email, password, expect in kinds.values():
            one_try(setup, email(), password, expect)
    for _ in range(tries):
        for name, (email, password, expect) in kinds.items():
            times[name].append(one_try(setup, email(), password, expect))
    out = {k: med(v) for k, v in times.items()}
    out["ratio"] = out["unknown email"] / out["known email, wrong password"]
    out["tries"] = tries
    log("sign-in: " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in out.items() if k not in ("ratio", "tries"))
        + f"; unknown / known {out['ratio']:.2f}")
    return out
