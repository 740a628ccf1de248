"""Templating: what every template can use (the catalogue, fingerprinted static files)."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Flask, request, url_for

from . import i18n
from .content import catalogue
from .links import public_url
from .states import Round


def init_app(app: Flask) -> None:
    """Fingerprint static files once and expose template helpers."""
    static = Path(app.static_folder or "static")
    prints = {p.relative_to(static).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()[:10]
              for p in static.rglob("*") if p.is_file()}

    built: dict[tuple[str, str], str] = {}

    def asset(name: str) -> str:
        """Return a static URL that changes whenever the file does, so it can be cached for a year."""
        key = (request.script_root, name)
        if key not in built:
            built[key] = url_for("static", filename=name, v=prints.get(name, "0"))
        return built[key]

    def figure_file(name: str) -> str:
        """Return a figure's file in the page's language when a copy exists (figures/es/…), else the drawing itself."""
        local = f"figures/{i18n.lang()}/{name}"
        return local if local in prints else f"figures/{name}"

    app.add_template_global(figure_file)
    app.add_template_filter(percent)
    app.add_template_filter(date)
    app.add_template_filter(plural)
    app.add_template_global(aria)
    app.add_template_global(i18n.langattr)
    app.add_template_global(i18n.inlang)
    app.add_template_filter(i18n.language_word, "language")
    app.add_template_filter(i18n.format_decimal, "decimal")

    @app.context_processor
    def _globals():
        lang = i18n.lang()
        return {"asset": asset, "catalogue": catalogue(lang), "public_url": public_url, "Round": Round,
                "clinic": clinic(app.config), "lang": lang, "other_languages": i18n.other_languages()}


def clinic(cfg) -> dict:
    """Return who sent the reading, for the welcome page, the handout and the broken-link page."""
    phone = str(cfg.get("CLINIC_PHONE") or "").strip()
    return {"name": str(cfg.get("CLINIC_NAME") or "").strip(), "phone": phone,
            "tel": re.sub(r"[^0-9+]", "", phone)}


def percent(share: float) -> str:
    """Show a share from 0 to 1 as a whole percentage in the page's language: 0.666 -> "67%" ("67 %")."""
    return i18n.format_percent(share)


def date(value, style: str = "short") -> str:
    """Show a date the same way on every page, in the page's language: "30 Nov 2026" (short), "30 November
    2026" (long), "November 2026" (month), "30 Nov 2026, 14:05" (stamp)."""
    return i18n.format_date(value, style)


def plural(n: int, word: str, many: str | None = None) -> str:
    """Count in words: "1 question", "3 questions"."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def aria(field, hint: str | None, attrs: dict) -> dict:
    """Return a control's attributes with its hint and errors tied to it for screen readers."""
    described = " ".join(([f"{field.id}-hint"] if hint else []) + ([f"{field.id}-error"] if field.errors else []))
    return {**attrs, **({"aria-describedby": described} if described else {}),
            **({"aria-invalid": "true"} if field.errors else {})}
