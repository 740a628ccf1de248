"""Templating: what every template can use (the catalogue, fingerprinted static files)."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Flask, request, url_for

from .content import catalogue
from .links import public_url
from .states import Round


def init_app(app: Flask) -> None:
    """Fingerprint static files once and expose template helpers."""
    static = Path(app.static_folder)
    prints = {p.relative_to(static).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()[:10]
              for p in static.rglob("*") if p.is_file()}

    built: dict[tuple[str, str], str] = {}

    def asset(name: str) -> str:
        """Return a static URL that changes whenever the file does, so it can be cached for a year."""
        key = (request.script_root, name)
        if key not in built:
            built[key] = url_for("static", filename=name, v=prints.get(name, "0"))
        return built[key]

    app.add_template_filter(percent)
    app.add_template_filter(date)
    app.add_template_filter(plural)
    app.add_template_global(aria)

    @app.context_processor
    def _globals():
        return {"asset": asset, "catalogue": catalogue(), "public_url": public_url, "Round": Round,
                "clinic": clinic(app.config)}


def clinic(cfg) -> dict:
    """Return who sent the reading, for the welcome page, the handout and the broken-link page."""
    phone = str(cfg.get("CLINIC_PHONE") or "").strip()
    return {"name": str(cfg.get("CLINIC_NAME") or "").strip(), "phone": phone,
            "tel": re.sub(r"[^0-9+]", "", phone)}


def percent(share: float) -> str:
    """Show a share from 0 to 1 as a whole percentage: 0.666 -> "67%"."""
    return f"{round(share * 100)}%"


def date(value, fmt: str = "%-d %b %Y") -> str:
    """Show a date the same way on every page: "30 Nov 2026"."""
    return value.strftime(fmt)


def plural(n: int, word: str, many: str | None = None) -> str:
    """Count in words: "1 question", "3 questions"."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def aria(field, hint: str | None, attrs: dict) -> dict:
    """Return a control's attributes with its hint and errors tied to it for screen readers."""
    described = " ".join(([f"{field.id}-hint"] if hint else []) + ([f"{field.id}-error"] if field.errors else []))
    return {**attrs, **({"aria-describedby": described} if described else {}),
            **({"aria-invalid": "true"} if field.errors else {})}
