"""Question statistics for content authors and clinicians: pure functions over grouped counts.

The input is one row per (question, version, choice, correct, the attempt's first-try score) with a count, so
a million answers arrive as a few thousand rows. What a choice said and meant is read from the snapshot of the
version it was picked in, never from today's content. Choice ids keep their meaning across versions, so counts
add up by id; "I don't know yet" is counted apart from the wrong choices. Discrimination compares the top and
bottom thirds of the people who answered, ranked by their first-try score in that module (ties are split
evenly)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, NamedTuple

from .content.model import DONT_KNOW, Catalogue
from .states import N_, Round, Say

LOW_FACILITY, HIGH_FACILITY = 0.3, 0.95
RIGHT_BEFORE_MOST = 0.5  # more than this share right before reading: the reading teaches nothing, or it is guessable
MIN_FOR_FLAGS = 10  # fewer answers than this: show numbers, raise no flags
MIN_FOR_DISCRIMINATION = 10  # below this, thirds of 1-3 people swing from -1 to 1: show no number at all


class CountRow(NamedTuple):
    question_id: str
    content_hash: str
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
    flags: tuple[Say, ...]
    dont_know: float = 0.0  # share who said "I don't know yet": a gap, left out of the wrong-choice analysis
    before_answered: int = 0  # answers before reading to any parallel form of this question
    right_before: float | None = None  # share of them right: high means the reading teaches nothing here


def compute(cat: Catalogue, rows: Iterable[tuple], snapshots: dict[str, dict],
            phase_rows: Iterable[tuple] = ()) -> list[QuestionStat]:
    """Return statistics per question in catalogue order (questions nobody answered included).

    `snapshots` maps each version's content hash to what was shown (see `Question.snapshot`); `phase_rows`
    are (question form, phase, right, count) for answers before reading and at the re-check: a question's
    "right before reading" rate counts the answers before reading to any of its parallel forms.
    """
    by_question: dict[str, list[CountRow]] = {}
    for r in map(CountRow._make, rows):
        by_question.setdefault(r.question_id, []).append(r)
    before: dict[str, list[int]] = {}
    for question_id, rnd, correct, n in phase_rows:
        if rnd == Round.BEFORE:
            tally = before.setdefault(question_id, [0, 0])
            tally[0] += n
            tally[1] += n if correct else 0
    out = []
    for mod in cat.modules.values():
        for q in mod.questions:  # first-round questions: the counts come from first tries
            shown = {q.content_hash: q.snapshot(), **snapshots}
            stat = _question(q, mod.id, by_question.get(q.id, []), shown)
            n, right = (sum(before.get(f.id, [0, 0])[i] for f in q.forms) for i in (0, 1))
            share = right / n if n else None
            flag = (Say(N_("right before reading by most")),) if n >= MIN_FOR_FLAGS and share and \
                share > RIGHT_BEFORE_MOST else ()
            out.append(replace(stat, before_answered=n, right_before=share, flags=stat.flags + flag))
    return out


def _key(row: CountRow) -> str:
    """Count a choice by its id; a one-letter id from before ids were stable counts only within its version."""
    return row.choice if len(row.choice) > 1 else f"{row.content_hash}:{row.choice}"


def _question(q, module_id: str, rows: list[CountRow], snapshots: dict[str, dict]) -> QuestionStat:
    """Work out one question's numbers from its counts and the versions they were given in."""
    n = sum(r.n for r in rows)
    picked: dict[str, int] = {}
    meaning: dict[str, dict] = {c.id: {"text": c.text, "correct": c.correct, "misconception": c.misconception}
                                for c in q.choices}
    for r in rows:
        picked[_key(r)] = picked.get(_key(r), 0) + r.n
        if _key(r) not in meaning:
            seen = {c["id"]: c for c in snapshots.get(r.content_hash, {}).get("choices", [])}
            meaning[_key(r)] = seen.get(r.choice, {"text": r.choice, "correct": r.correct, "misconception": None})
    choices = tuple(ChoiceStat(k, m["text"], bool(m["correct"]), picked.get(k, 0) / n if n else 0.0,
                               m.get("misconception")) for k, m in meaning.items() if k != DONT_KNOW)
    facility = sum(r.n for r in rows if r.correct) / n if n else None
    disc = discrimination(rows) if n >= MIN_FOR_DISCRIMINATION else None
    return QuestionStat(q.id, module_id, q.prompt, n, facility, disc, choices, flags(n, facility, disc, choices),
                        picked.get(DONT_KNOW, 0) / n if n else 0.0)


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


def flags(n: int, facility: float | None, disc: float | None, choices: tuple[ChoiceStat, ...]) -> tuple[Say, ...]:
    """Name what an author should look at: too hard, too easy, upside down, or a dead distractor."""
    if n < MIN_FOR_FLAGS or facility is None:
        return ()
    out: list[Say] = []
    if facility < LOW_FACILITY:
        out.append(Say(N_("very hard")))
    if facility > HIGH_FACILITY:
        out.append(Say(N_("very easy")))
    if disc is not None and disc < 0:
        out.append(Say(N_("negative discrimination")))
    out += [Say(N_("nobody picks: %(choice)s"), (("choice", c.text),))
            for c in choices if not c.correct and c.share == 0 and ":" not in c.choice_id]
    return tuple(out)
