"""Choice ids keep their meaning: a lock file records what every id ever used meant.

A choice's meaning is whether it is right and which misconception it reveals. Reports read old
answers through their stored snapshots, but statistics add counts up by choice id across versions,
so an id must never be reused for another meaning. The lock (`choice-ids.lock.json` beside the
content) lists every id ever released; ids are added, never changed or removed.
"""
from __future__ import annotations

import json
from pathlib import Path

from .model import Catalogue

LOCK_NAME = "choice-ids.lock.json"


def meanings(cat: Catalogue) -> dict[str, dict[str, list]]:
    """Return {question id: {choice id: [right, misconception]}} for every authored choice."""
    out: dict[str, dict[str, list]] = {}
    for mod in cat.modules.values():
        for q in mod.all_questions:
            out[q.id] = {c.id: [c.correct, c.misconception] for c in q.authored_choices}
    return out


def read_lock(folder: str | Path) -> dict[str, dict[str, list]]:
    """Return the recorded meanings (empty when there is no lock yet)."""
    path = Path(folder) / LOCK_NAME
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def changed(cat: Catalogue, lock: dict[str, dict[str, list]]) -> list[str]:
    """Name every choice whose id is recorded with another meaning; each needs a new id."""
    problems = []
    for mod in cat.modules.values():
        for q in mod.all_questions:
            for c in q.authored_choices:
                was = lock.get(q.id, {}).get(c.id)
                if was is not None and was != [c.correct, c.misconception]:
                    problems.append(
                        f"{mod.path}: module {mod.id} / question {q.id} / choice {c.id}: this id meant "
                        f"{_words(was)}; it now means {_words([c.correct, c.misconception])}. A choice whose "
                        "meaning changes needs a new id, so old answers keep theirs")
    return problems


def unrecorded(cat: Catalogue, lock: dict[str, dict[str, list]]) -> list[str]:
    """Name choices not in the lock yet (new ones: record them with --update-lock)."""
    return [f"{q.id} / {c.id}" for mod in cat.modules.values() for q in mod.all_questions
            for c in q.authored_choices if c.id not in lock.get(q.id, {})]


def write_lock(folder: str | Path, cat: Catalogue, lock: dict[str, dict[str, list]]) -> int:
    """Add new choices to the lock (existing entries are kept as they are); return how many were added."""
    added = 0
    for qid, choices in meanings(cat).items():
        for cid, meaning in choices.items():
            if cid not in lock.setdefault(qid, {}):
                lock[qid][cid] = meaning
                added += 1
    path = Path(folder) / LOCK_NAME
    path.write_text(json.dumps(lock, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return added


def _words(meaning: list) -> str:
    """Describe a meaning in words."""
    right, misconception = meaning
    return "the right answer" if right else f"a wrong answer showing '{misconception}'"
