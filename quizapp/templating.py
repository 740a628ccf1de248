"""Templating: what every template can use (the catalogue, fingerprinted static files)."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Callable

from flask import Flask, request, url_for
from flask_babel import gettext
from markupsafe import Markup

from . import findings, i18n, wording
from .content import Catalogue, catalogue
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

    wording.install(app)

    def figure_file(name: str) -> str:
        """Return a figure's file in the page's language when a copy exists (figures/es/…), else the drawing itself."""
        local = f"figures/{i18n.lang()}/{name}"
        return local if local in prints else f"figures/{name}"

    app.add_template_global(figure_file)
    app.add_template_filter(percent)
    app.add_template_filter(date)
    app.add_template_filter(plural)
    app.add_template_global(aria)
    app.add_template_global(this_page)
    app.add_template_global(i18n.langattr)
    app.add_template_global(i18n.inlang)
    app.add_template_filter(i18n.language_word, "language")
    app.add_template_filter(i18n.format_decimal, "decimal")
    app.add_template_filter(statement)

    @app.context_processor
    def _globals():
        lang = i18n.lang()
        return {"asset": asset, "catalogue": catalogue(lang), "public_url": public_url, "Round": Round,
                "clinic": clinic(app.config), "lang": lang, "other_languages": i18n.other_languages()}


KEPT_PARAMETERS = ("module", "page", "archived", "sort", "lang")  # what our own links put in a query string


def this_page() -> str:
    """The path of this page with only the query parameters our own links use, for the language switch: any other
    text in the address is never echoed into the page (a compressed page must not reflect what others typed)."""
    from urllib.parse import urlencode
    kept = [(k, v) for k, v in request.args.items(multi=True) if k in KEPT_PARAMETERS and len(v) <= 40]
    return request.path + ("?" + urlencode(kept) if kept else "")


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


def statement(misconception) -> str:
    """A misconception's words in the page's language (a stand-in for one says which idea was missed)."""
    return findings.statement(misconception, gettext)


def plural(n: int, word: str, many: str | None = None) -> str:
    """Count in words: "1 question", "3 questions"."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def aria(field, hint: str | None, attrs: dict) -> dict:
    """Return a control's attributes with its hint and errors tied to it for screen readers."""
    described = " ".join(([f"{field.id}-hint"] if hint else []) + ([f"{field.id}-error"] if field.errors else []))
    return {**attrs, **({"aria-describedby": described} if described else {}),
            **({"aria-invalid": "true"} if field.errors else {})}


def fragment(cat: Catalogue, name: str, draw: Callable[[], str]) -> Markup:
    """A piece of a page drawn from the content alone, drawn once per (catalogue, page language, name) and kept
    with the catalogue. Content never changes while the app runs, so a content version is a catalogue, and each
    language has its own: neither a content change nor another language can show a stale piece. Only for what
    depends on nothing else: not the person, the request, the time or a form."""
    key = (i18n.lang(), name)
    found = cat.rendered.get(key)
    if found is None:
        found = cat.rendered[key] = Markup(draw())
    return found
