"""Content: the catalogue of modules loaded once at start from questions/."""
from __future__ import annotations

import importlib
from pathlib import Path

import click
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
    from .cli import check_content
    app.cli.add_command(check_content)
    app.cli.add_command(LazyCommand("translate-content", "quizapp.content.translate_cli:translate_content"))
    app.cli.add_command(LazyCommand("translate-figures", "quizapp.content.figure_languages:translate_figures"))


class LazyCommand(click.Command):
    """A command whose module is imported only when the command runs or shows its help.

    The translators' command pulls in YAML, the loader and pydantic (about 10 MB): every web worker
    builds the app, and none of them ever runs it.
    """

    def __init__(self, name: str, target: str):
        super().__init__(name)
        self.target = target

    def real(self) -> click.Command:
        """Import and return the command itself."""
        module, attr = self.target.split(":")
        return getattr(importlib.import_module(module), attr)

    def get_params(self, ctx: click.Context) -> list:
        """The real command's options."""
        return self.real().get_params(ctx)

    def invoke(self, ctx: click.Context):
        """Run the real command."""
        return self.real().invoke(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The real command's one-line help, for `flask --help`."""
        return self.real().get_short_help_str(limit)

    def format_help(self, ctx: click.Context, formatter) -> None:
        """The real command's help."""
        self.real().format_help(ctx, formatter)


def catalogue(lang: str = "en") -> Catalogue:
    """Return the running app's catalogue in a language (English for a language it does not offer)."""
    found = current_app.extensions.get("catalogues", {}).get(lang) if lang != "en" else None
    return found or current_app.extensions["catalogue"]
