"""Content: the catalogue of modules loaded once at start from questions/."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from .model import Catalogue

__all__ = ["Catalogue", "ContentError", "catalogue", "init_app", "load_catalogue"]


def __getattr__(name: str):
    """Import the loader (YAML, Markdown, pydantic) only when someone asks for it."""
    if name in ("ContentError", "load_catalogue"):
        from . import loader
        return getattr(loader, name)
    raise AttributeError(name)


def init_app(app: Flask) -> None:
    """Load and check the catalogue (or reuse the checked copy); broken content stops the app starting."""
    from . import compiled
    app.extensions["catalogues"] = compiled.load_all(app.config["QUESTIONS_DIR"], Path(app.instance_path) / "cache")
    app.extensions["catalogue"] = app.extensions["catalogues"]["en"]


def catalogue(lang: str = "en") -> Catalogue:
    """Return the running app's catalogue in a language (English for a language it does not offer)."""
    found = current_app.extensions.get("catalogues", {}).get(lang) if lang != "en" else None
    return found or current_app.extensions["catalogue"]
