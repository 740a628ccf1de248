"""Content: the catalogue of modules loaded once at start from questions/."""
from __future__ import annotations

from flask import Flask, current_app

from .loader import ContentError, load_catalogue
from .model import Catalogue

__all__ = ["Catalogue", "ContentError", "catalogue", "init_app", "load_catalogue"]


def init_app(app: Flask) -> None:
    """Load and check the catalogue; a broken file stops the app from starting."""
    app.extensions["catalogue"] = load_catalogue(app.config["QUESTIONS_DIR"])
    from .cli import check_content
    app.cli.add_command(check_content)


def catalogue() -> Catalogue:
    """Return the catalogue of the running app."""
    return current_app.extensions["catalogue"]
