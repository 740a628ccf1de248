"""Near-copies: texts so alike (difflib ratio on normalised text) that one teaches or cues the other.

A question's parallel forms (first round, sibling, alternate) must each be a new scenario, not
the same sentence with a word swapped; otherwise the second and third tries measure memory of
the first. Pure functions, no Flask.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from .model import Question

NEAR_COPY = 0.85           # difflib ratio on normalised text at or above which two texts are near-copies


def normalise(text: str) -> str:
    """Lower case, punctuation dropped, runs of space made one: what a reader would call 'the same words'."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def ratio(a: str, b: str) -> float:
    """How alike two texts are once normalised (difflib's ratio, 0..1)."""
    x, y = normalise(a), normalise(b)
    matcher = SequenceMatcher(None, x, y, autojunk=False)
    if matcher.real_quick_ratio() < NEAR_COPY or matcher.quick_ratio() < NEAR_COPY:
        return matcher.quick_ratio()     # an upper bound below the limit: not a near-copy, skip the slow part
    return matcher.ratio()


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
