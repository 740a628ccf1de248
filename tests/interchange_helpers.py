"""Helpers for the exchange-format tests: an app on the shipped content, and a folder's contents to compare."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from quizapp import create_app
from tests.config import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "questions"


def shipped_app(instance: Path, questions: Path = SHIPPED):
    """An app on the shipped topics (or a copy of them), with its own instance folder and database."""
    os.environ["QUIZAPP_INSTANCE_PATH"] = str(instance)
    try:
        return create_app({**SETTINGS, "QUESTIONS_DIR": str(questions),
                           "DATABASE_URL": f"sqlite:///{instance / 'test.sqlite'}"})
    finally:
        del os.environ["QUIZAPP_INSTANCE_PATH"]


def strip(data):
    """Text as the content loader reads it: surrounding spaces and line ends do not count."""
    if isinstance(data, dict):
        return {k: strip(v) for k, v in data.items()}
    if isinstance(data, list):
        return [strip(v) for v in data]
    return data.strip() if isinstance(data, str) else data


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under a folder with a hash of its bytes, to show nothing changed."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
