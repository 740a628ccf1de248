"""Configuration layers: defaults here, then instance/config.py, then QUIZAPP_* environment, then tests."""
from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
SECRET_FILE = "secret_key"
ENV_NAMES = ("development", "production")


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
        "PUBLIC_BASE_URL": "",  # e.g. https://learn.example.org: share links and QR codes are built from it
        "CLINIC_NAME": "",  # shown on the welcome page and handout: who sent this reading
        "CLINIC_PHONE": "",  # shown on the broken-link page, so a patient with an old link can call
        "PROXY_HOPS": 0,  # reverse proxies in front that set X-Forwarded-For, -Proto and -Host
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
        "REQUIRE_2FA": False,  # every clinician must set up an authenticator app (TOTP) before going on
        "LOGIN_LIMIT": 5,  # failed sign-ins per (account, address): a stranger cannot lock a clinician out
        "LOGIN_LIMIT_PER_ACCOUNT": 50,  # from every address together: slows guessing spread over many
        "LOGIN_LIMIT_PER_ADDRESS": 20,
        "LOGIN_WINDOW_MINUTES": 15,
        "CODE_LIMIT": 10,  # wrong codes per address (per /64 for IPv6)
        "CODE_LIMIT_SITE": 100,  # wrong codes from everyone together: past it, an alarm (never a stop) ...
        "CODE_LIMIT_WHEN_BUSY": 3,  # ... that holds each address to this many misses until the window ends
        "CODE_WINDOW_MINUTES": 15,
        "MAX_PEOPLE_PER_ASSIGNMENT": 10,
        "JOIN_LIMIT": 20,  # people joining any assignment from one address
        "JOIN_LIMIT_PER_ASSIGNMENT": 4,  # people joining one assignment from one address: a family on one phone
        "JOIN_WINDOW_MINUTES": 15,
        "START_LIMIT": 30,  # new readers on their own (no link) started from one address ...
        "START_WINDOW_MINUTES": 15,  # ... in this window
        "ASSIGNMENT_DAYS": 30,
        # argon2id at one of OWASP's equal-strength settings (7 MiB, 5 passes, 1 lane), chosen to keep
        # each web worker's peak memory small; raise both together on a roomier server.
        "PASSWORD_TIME_COST": 5,
        "PASSWORD_MEMORY_KIB": 7168,
        "HSTS": False,
        # Compress only large pages (reports, statistics, the word list); the patient's question
        # pages stay small and are sent as they are. No page echoes back text from the address
        # beyond the few parameters our own links use (templating.this_page), so compression reveals
        # nothing about the form tokens, link tokens or codes on them.
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_MIN_SIZE": 8192,
        "COMPRESS_STREAMS": False,
        "SQLITE_BUSY_TIMEOUT_MS": 5000,
        "DB_WRITE_RETRIES": 1,
    }


def load(app: Flask, where: dict[str, Path], test_config: dict | None) -> None:
    """Layer the settings (defaults, instance/config.py, QUIZAPP_* environment, tests), then check them."""
    app.config.from_mapping(defaults(where["instance"], where["questions"]))
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("QUIZAPP")
    if test_config:
        app.config.update(test_config)
    check(app.config)
    production_overrides(app)
    owner_only_folder(Path(app.instance_path))
    ensure_secret_key(app)


def owner_only_folder(folder: Path) -> None:
    """Create the instance folder (database, key, caches) for its owner only, and tighten one made before:
    a fresh clone already has `instance/`, made with the usual 755."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)


def check(cfg) -> None:
    """Refuse to start on a setting that would quietly weaken the app (a typo must not mean development)."""
    if cfg["ENV_NAME"] not in ENV_NAMES:
        raise RuntimeError(f"QUIZAPP_ENV_NAME={cfg['ENV_NAME']!r} is not known: use one of {', '.join(ENV_NAMES)}.")
    if not isinstance(cfg["REQUIRE_2FA"], bool):
        raise RuntimeError("QUIZAPP_REQUIRE_2FA must be true or false.")
    hops = cfg["PROXY_HOPS"]
    if isinstance(hops, bool) or not isinstance(hops, int) or not 0 <= hops <= 10:
        raise RuntimeError("QUIZAPP_PROXY_HOPS must be a whole number of proxies in front of the app (0 for none).")
    base = cfg["PUBLIC_BASE_URL"]
    if base:
        parts = urlsplit(base)
        if (parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/")
                or parts.query or parts.fragment or parts.username):
            raise RuntimeError(f"QUIZAPP_PUBLIC_BASE_URL={base!r} must be a plain origin like https://learn.example.org.")
        cfg["PUBLIC_BASE_URL"] = base.rstrip("/")


def production_overrides(app: Flask) -> None:
    """In production, demand a real secret and public address, and turn on transport protections."""
    cfg = app.config
    if cfg["ENV_NAME"] != "production":
        return
    if not cfg.get("SECRET_KEY"):
        raise RuntimeError("QUIZAPP_SECRET_KEY must be set in production (32+ random bytes).")
    if not cfg["PUBLIC_BASE_URL"].startswith("https://"):
        raise RuntimeError("QUIZAPP_PUBLIC_BASE_URL must be set in production to the https:// address patients "
                           "use: share links and QR codes are built from it.")
    cfg["SESSION_COOKIE_SECURE"] = True
    if not cfg["SESSION_COOKIE_NAME"].startswith("__Host-"):  # bound to this host, sent only over HTTPS
        cfg["SESSION_COOKIE_NAME"] = "__Host-" + cfg["SESSION_COOKIE_NAME"]
    cfg["SESSION_COOKIE_DOMAIN"] = None
    cfg["SESSION_COOKIE_PATH"] = "/"
    cfg["HSTS"] = True


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
