"""Near-copies: texts so alike (difflib ratio on normalised text) that one teaches or cues the other.

A question's parallel forms (first round, sibling, alternate) must each be a new scenario, not
the same sentence with a word swapped; otherwise the second and third tries measure memory of
the first. Pure functions, no Flask.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

from .model import Question

NEAR_COPY = 0.85           # difflib ratio on normalised text at or above which two texts are near-copies


def normalise(text: str) -> str:
    """Lower case, punctuation dropped, runs of space made one: what a reader would call 'the same words'."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def ratio(a: str, b: str) -> float:
    """How alike two texts are once normalised (difflib's ratio, 0..1)."""
    return SequenceMatcher(None, normalise(a), normalise(b), autojunk=False).ratio()


def near_pairs(texts: Sequence[str]) -> list[tuple[int, int, float]]:
    """Every pair (i, j, ratio), i < j, of normalised texts that are near-copies.

    Two cheap upper bounds of difflib's ratio skip most pairs: the lengths (2 * shorter / both)
    and the letters they share; only the pairs left are matched in full.
    """
    bags = [Counter(t) for t in texts]
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = []
    for n, i in enumerate(order):
        for j in order[n + 1:]:
            both = len(texts[i]) + len(texts[j])
            if not both or 2 * len(texts[i]) < NEAR_COPY * both:
                break            # every later text is longer still
            if 2 * sum((bags[i] & bags[j]).values()) < NEAR_COPY * both:
                continue
            if (r := SequenceMatcher(None, texts[i], texts[j], autojunk=False).ratio()) >= NEAR_COPY:
                out.append((min(i, j), max(i, j), r))
    return sorted(out)


def near_copy(a: str, b: str) -> bool:
    """True when two texts are near-copies of each other."""
    return ratio(a, b) >= NEAR_COPY


def whole(q: Question) -> str:
    """A question as one text: its prompt and its options in their order."""
    return " ".join([q.prompt, *(c.text for c in q.authored_choices)])


def form_copies(q: Question) -> list[str]:
    """Name each pair of a question's parallel forms that are near-copies (by prompt, or prompt and options)."""
    forms, out = q.forms, []
    for n, a in enumerate(forms):
        for b in forms[n + 1:]:
            if near_copy(a.prompt, b.prompt) or near_copy(whole(a), whole(b)):
                alike = max(ratio(a.prompt, b.prompt), ratio(whole(a), whole(b)))
                out.append(f"{b.id} is a near-copy of {a.id} ({alike:.0%} alike; under {NEAR_COPY:.0%} needed): "
                           "a parallel form asks the same idea in a new scenario")
    return out
