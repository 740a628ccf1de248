"""Templating: what every template can use (the catalogue, fingerprinted static files)."""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, request, url_for

from .content import catalogue
from .links import public_url
from .states import Round


def init_app(app: Flask) -> None:
    """Fingerprint static files once and expose template helpers."""
    static = Path(app.static_folder)
    prints = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:10] for p in static.iterdir() if p.is_file()}

    built: dict[tuple[str, str], str] = {}

    def asset(name: str) -> str:
        """Return a static URL that changes whenever the file does, so it can be cached for a year."""
        key = (request.script_root, name)
        if key not in built:
            built[key] = url_for("static", filename=name, v=prints.get(name, "0"))
        return built[key]

    @app.context_processor
    def _globals():
        return {"asset": asset, "catalogue": catalogue(), "public_url": public_url, "Round": Round}
