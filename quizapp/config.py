"""Configuration layers: defaults here, then instance/config.py, then QUIZAPP_* environment, then tests."""
from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
SECRET_FILE = "secret_key"


def paths() -> dict[str, Path]:
    """Return the project folders, each overridable by environment (read at call time)."""
    root = Path(os.environ.get("QUIZAPP_ROOT", ROOT))
    return {
        "root": root,
        "instance": Path(os.environ.get("QUIZAPP_INSTANCE_PATH", root / "instance")).resolve(),
        "templates": root / "templates",
        "questions": root / "questions",
    }


def defaults(instance: Path, questions: Path) -> dict:
    """Return the default settings: safe for a single machine, SQLite in instance/."""
    return {
        "ENV_NAME": "development",
        "DATABASE_URL": f"sqlite:///{instance / 'quizapp.sqlite'}",
        "QUESTIONS_DIR": str(questions),
        "MAX_CONTENT_LENGTH": 64 * 1024,
        "SEND_FILE_MAX_AGE_DEFAULT": dt.timedelta(days=365),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_NAME": "quizapp",
        "PERMANENT_SESSION_LIFETIME": dt.timedelta(days=30),
        "SESSION_REFRESH_EACH_REQUEST": False,  # re-sign the cookie only when it changes
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": False,
        "CLINICIAN_IDLE_MINUTES": 30,
        "CLINICIAN_ABSOLUTE_HOURS": 12,
        "LOGIN_LIMIT": 5,
        "LOGIN_WINDOW_MINUTES": 15,
        "LOGIN_LIMIT_PER_ADDRESS": 20,
        "CODE_LIMIT": 10,
        "CODE_WINDOW_MINUTES": 15,
        "ASSIGNMENT_DAYS": 30,
        # argon2id at one of OWASP's equal-strength settings (7 MiB, 5 passes, 1 lane), chosen to keep
        # each web worker's peak memory small; raise both together on a roomier server.
        "PASSWORD_TIME_COST": 5,
        "PASSWORD_MEMORY_KIB": 7168,
        "HSTS": False,
        # Compress only large pages (reports, statistics, the word list); the patient's question
        # pages stay small and are sent as they are. None of the compressed pages echoes back text
        # that someone else typed, so compression reveals nothing about the form tokens on them.
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_MIN_SIZE": 8192,
        "COMPRESS_STREAMS": False,
        "SQLITE_BUSY_TIMEOUT_MS": 5000,
        "DB_WRITE_RETRIES": 1,
    }


def production_overrides(app: Flask) -> None:
    """In production, demand a real secret and turn on transport protections."""
    if app.config["ENV_NAME"] != "production":
        return
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("QUIZAPP_SECRET_KEY must be set in production (32+ random bytes).")
    app.config.setdefault("SESSION_COOKIE_SECURE", True)
    app.config["SESSION_COOKIE_SECURE"] = True
    app.config["HSTS"] = True


def ensure_secret_key(app: Flask) -> None:
    """Use the configured key, or one generated once into instance/ for local use."""
    if app.config.get("SECRET_KEY"):
        if len(str(app.config["SECRET_KEY"])) < 32:
            raise RuntimeError("SECRET_KEY is too short: use at least 32 random bytes.")
        return
    path = Path(app.instance_path) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    app.config["SECRET_KEY"] = path.read_text().strip()
