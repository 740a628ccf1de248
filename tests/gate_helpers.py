"""Shared by the content gate tests: a copy of the good catalogue, and ways to break one thing in it."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from quizapp.content import load_catalogue
from quizapp.content.gate import review

GATE = Path(__file__).parent / "fixtures" / "gate"
GOOD = GATE / "good"
BROKEN = GATE / "broken"
MODULE = "01-good.yaml"
TODAY = dt.date(2026, 11, 24)
HARD = ("Comprehensive institutional documentation necessitates considerable administrative "
        "consideration regarding pharmaceutical authorization procedures and organizational "
        "responsibilities, particularly concerning individualized therapeutic interventions.")
MIDDLING = ("Your care team will explain the treatment and answer your questions before you decide. "
            "They will describe the benefits, the possible problems and the other choices you have.")


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "questions"
    shutil.copytree(GOOD, target)
    return target


def edit(folder: Path, change, name: str = MODULE) -> None:
    """Load a YAML file, apply change(data), write it back."""
    path = folder / name
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def gate(folder: Path, today: dt.date = TODAY):
    """Load the folder and run the gate."""
    return review(load_catalogue(folder), today=today)


def errors(folder: Path) -> str:
    return "\n".join(gate(folder).errors)


def warnings(folder: Path) -> str:
    return "\n".join(gate(folder).warnings)


def q(data: dict, section: int, question: int) -> dict:
    return data["sections"][section]["questions"][question]


def renamed(question: dict, suffix: str) -> dict:
    """A copy of a question (and its sibling and alternate) with new ids and prompts, so the loader takes it."""
    copy = yaml.safe_load(yaml.safe_dump(question))
    for x in filter(None, (copy, copy.get("sibling"), copy.get("alternate"))):
        x.update(id=f"{x['id']}-{suffix}", prompt=f"{x['prompt']} ({suffix})")
    return copy
