"""Question statistics for content authors and clinicians: pure functions over grouped counts.

The input is one row per (question, choice, correct, the attempt's first-try score) with a count, so a
million answers arrive as a few thousand rows. Discrimination compares the top and bottom thirds of
the people who answered, ranked by their first-try score in that module (ties are split evenly).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, NamedTuple

from .content.model import Catalogue

LOW_FACILITY, HIGH_FACILITY = 0.3, 0.95
MIN_FOR_FLAGS = 10  # fewer answers than this: show numbers, raise no flags


class CountRow(NamedTuple):
    question_id: str
    choice: str
    correct: bool
    score: int
    n: int


@dataclass(frozen=True)
class ChoiceStat:
    choice_id: str
    text: str
    correct: bool
    share: float
    misconception: str | None


@dataclass(frozen=True)
class QuestionStat:
    question_id: str
    module_id: str
    prompt: str
    answered: int
    facility: float | None
    discrimination: float | None
    choices: tuple[ChoiceStat, ...]
    flags: tuple[str, ...]


def compute(cat: Catalogue, rows: Iterable[CountRow]) -> list[QuestionStat]:
    """Return statistics per question in catalogue order (questions nobody answered included)."""
    by_question: dict[str, list[CountRow]] = {}
    for r in map(CountRow._make, rows):
        by_question.setdefault(r.question_id, []).append(r)
    out = []
    for mod in cat.modules.values():
        for q in mod.questions:
            out.append(_question(q, mod.id, by_question.get(q.id, [])))
    return out


def _question(q, module_id: str, rows: list[CountRow]) -> QuestionStat:
    n = sum(r.n for r in rows)
    picked: dict[str, int] = {}
    for r in rows:
        picked[r.choice] = picked.get(r.choice, 0) + r.n
    choices = tuple(ChoiceStat(c.id, c.text, c.correct, picked.get(c.id, 0) / n if n else 0.0, c.misconception)
                    for c in q.choices)
    facility = sum(r.n for r in rows if r.correct) / n if n else None
    disc = discrimination(rows)
    return QuestionStat(q.id, module_id, q.prompt, n, facility, disc, choices, flags(n, facility, disc, choices))


def discrimination(rows: list[CountRow]) -> float | None:
    """Share right in the top third minus share right in the bottom third (None under 3 answers)."""
    n = sum(r.n for r in rows)
    if n < 3:
        return None
    third = n / 3
    levels: dict[int, list[int]] = {}
    for r in rows:
        lv = levels.setdefault(r.score, [0, 0])
        lv[0] += r.n
        lv[1] += r.n if r.correct else 0
    ordered = sorted(levels.items())
    return _right_share(reversed(ordered), third) - _right_share(ordered, third)


def _right_share(levels, want: float) -> float:
    """Take people level by level until `want` are taken; return the share of them who were right."""
    taken = right = 0.0
    for _, (count, correct) in levels:
        take = min(count, want - taken)
        if take <= 0:
            break
        taken += take
        right += correct * take / count
    return right / taken if taken else 0.0


def flags(n: int, facility: float | None, disc: float | None, choices: tuple[ChoiceStat, ...]) -> tuple[str, ...]:
    """Name what an author should look at: too hard, too easy, upside down, or a dead distractor."""
    if n < MIN_FOR_FLAGS or facility is None:
        return ()
    out = []
    if facility < LOW_FACILITY:
        out.append("very hard")
    if facility > HIGH_FACILITY:
        out.append("very easy")
    if disc is not None and disc < 0:
        out.append("negative discrimination")
    out += [f"nobody picks: {c.text}" for c in choices if not c.correct and c.share == 0]
    return tuple(out)
