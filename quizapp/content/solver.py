"""The test-wise solver: strategies a reader who never opens the reading can play, each scored honestly.

Every strategy gives each real option (never "I don't know yet") the chance that it picks it;
ties are broken at random, so a question earns the chance the key is picked (1/k when the key is
among k equal top picks). The strategies:

  longest, shortest  the option with the most (fewest) characters
  middle             the option neither longest nor shortest
  hedge              hedges over absolutes: +1 for a hedge (may, can, some), -1 for an absolute (only, every)
  echo               the option sharing most content words with the stem
  contradiction      drop the options the stem itself rules out, guess among the rest
  three rules        drop options with absolutes; take a lone hedge; else the middle length
  learner            a reader who learns this test's habits (length rank, hedges, absolutes, stem words,
                     word count...) on the other topics and applies them here (leave one topic out)

Pure functions, no Flask; the word lists are a cues.Words (English or Spanish).
"""
from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence

from .cues import ENGLISH, Words, content_words, found, ruled_out, tokens
from .model import Question

RANKS = ("shortest", "middle", "longest")
Picks = list[float]            # per real option, the chance a strategy picks it (they add up to 1)


def positions(lengths: Sequence[int]) -> list[list[float]]:
    """For each option, the chance of each place in length order, ties in random order."""
    n, out = len(lengths), []
    for length in lengths:
        below, same = sum(x < length for x in lengths), sum(x == length for x in lengths)
        out.append([1 / same if below <= p < below + same else 0.0 for p in range(n)])
    return out


def rank_of(place: int, n: int) -> str:
    """The length rank of a place in length order: shortest, middle or longest."""
    return RANKS[0] if place == 0 else RANKS[2] if place == n - 1 else RANKS[1]


def rank_shares(q: Question) -> dict[str, float]:
    """The chance the right option is the shortest, a middle one or the longest (ties shared)."""
    choices = q.authored_choices
    key = next(i for i, c in enumerate(choices) if c.correct)
    places = positions([len(c.text) for c in choices])[key]
    shares = dict.fromkeys(RANKS, 0.0)
    for p, chance in enumerate(places):
        shares[rank_of(p, len(choices))] += chance
    return shares


def by_rank(lengths: Sequence[int], rank: str) -> Picks:
    """Pick the option at a length rank; 'middle' picks among the middle places evenly."""
    n = len(lengths)
    wanted = [p for p in range(n) if rank_of(p, n) == rank] or list(range(n))
    return [sum(chances[p] for p in wanted) / len(wanted) for chances in positions(lengths)]


def top(scores: Sequence[float]) -> Picks:
    """Pick among the options with the highest score, evenly."""
    best = max(scores)
    tied = [abs(s - best) < 1e-9 for s in scores]
    return [t / sum(tied) for t in tied]


def among(allowed: Sequence[bool]) -> Picks:
    """Guess evenly among the allowed options (among all when none is allowed)."""
    allowed = list(allowed) if any(allowed) else [True] * len(allowed)
    return [a / sum(allowed) for a in allowed]


def _lengths(q: Question) -> list[int]:
    return [len(c.text) for c in q.authored_choices]


def hedge_score(text: str, vocab: Words) -> int:
    """+1 for a hedge, -1 for an absolute: what a test-wise reader trusts."""
    return bool(found(text, vocab.hedges, vocab)) - bool(found(text, vocab.absolutes, vocab))


def echo(q: Question, vocab: Words) -> list[int]:
    """How many content words each option shares with the stem."""
    stem = content_words(q.prompt, vocab)
    return [len(content_words(c.text, vocab) & stem) for c in q.authored_choices]


def three_rules(q: Question, vocab: Words) -> Picks:
    """Drop absolutes; if one option left hedges, take it; else take the middle length of those left."""
    texts = [c.text for c in q.authored_choices]
    left = among([not found(t, vocab.absolutes, vocab) for t in texts])
    kept = [i for i, p in enumerate(left) if p > 0]
    hedged = [i for i in kept if found(texts[i], vocab.hedges, vocab)]
    if len(hedged) == 1:
        return [float(i == hedged[0]) for i in range(len(texts))]
    if len(kept) < 3:
        return left
    picks = by_rank([len(texts[i]) for i in kept], "middle")
    out = [0.0] * len(texts)
    for i, p in zip(kept, picks, strict=True):
        out[i] = p
    return out


STRATEGIES: dict[str, Callable[[Question, Words], Picks]] = {
    "longest": lambda q, v: by_rank(_lengths(q), "longest"),
    "shortest": lambda q, v: by_rank(_lengths(q), "shortest"),
    "middle": lambda q, v: by_rank(_lengths(q), "middle"),
    "hedge": lambda q, v: top([hedge_score(c.text, v) for c in q.authored_choices]),
    "echo": lambda q, v: top(echo(q, v)),
    "contradiction": lambda q, v: among([not ruled_out(q.prompt, c.text, v) for c in q.authored_choices]),
    "three rules": three_rules,
}
LEARNER = "learner"


def score(picks: Picks, q: Question) -> float:
    """The chance a strategy's pick is the right option."""
    return next(p for p, c in zip(picks, q.authored_choices, strict=True) if c.correct)


# ---------------------------------------------------------------- the reader who learns the test's habits

def features(q: Question, vocab: Words = ENGLISH) -> list[list[float]]:
    """What the learner sees of each option: its length rank and cues, never its meaning."""
    choices = q.authored_choices
    lengths = _lengths(q)
    words = [len(tokens(c.text, vocab)) for c in choices]
    ranks = [by_rank(lengths, r) for r in RANKS]
    shared, hedges = echo(q, vocab), [bool(found(c.text, vocab.hedges, vocab)) for c in choices]
    absolutes = [bool(found(c.text, vocab.absolutes, vocab)) for c in choices]
    mean_len, mean_words = sum(lengths) / len(lengths), max(sum(words) / len(words), 1)
    rows = []
    for i, c in enumerate(choices):
        rows.append([*(r[i] for r in ranks), lengths[i] / mean_len - 1, words[i] / mean_words - 1,
                     float(hedges[i]), float(absolutes[i]), float(hedges[i] and sum(hedges) == 1),
                     float(not absolutes[i] and sum(absolutes) == len(choices) - 1), min(shared[i], 3) / 3,
                     float(shared[i] == max(shared) > 0), float(bool(ruled_out(q.prompt, c.text, vocab))),
                     float(bool(set(tokens(c.text, vocab)) & vocab.negations))])
    return rows


def fit(examples: Sequence[tuple[list[list[float]], int]], rounds: int = 100, rate: float = 1.0,
        ridge: float = 0.01) -> list[float]:
    """Weights of a choice model (softmax over a question's options) fitted to where the key was.

    Each option's features are taken relative to the key's, so the chance of the key is
    1 / (1 + sum of exp(w . d)) over the wrong options' differences d; plain gradient ascent.
    """
    if not examples:
        return []
    diffs = [[[x - k for x, k in zip(row, rows[key], strict=True)] for n, row in enumerate(rows) if n != key]
             for rows, key in examples]
    size, scale = len(examples[0][0][0]), 1 / len(examples)
    weights = [0.0] * size
    for _ in range(rounds):
        grad = [-ridge * w for w in weights]
        for wrong in diffs:
            exp = [math.exp(min(sum(map(operator.mul, weights, d)), 50.0)) for d in wrong]
            total = 1 + sum(exp)
            for e, d in zip(exp, wrong, strict=True):
                share = e / total * scale
                for j in range(size):
                    grad[j] -= share * d[j]
        weights = [w + rate * g for w, g in zip(weights, grad, strict=True)]
    return weights


def learned_picks(weights: Sequence[float], rows: list[list[float]]) -> Picks:
    """The learner's pick: the option its weights score highest (ties evenly)."""
    return top([sum(w * x for w, x in zip(weights, row, strict=True)) for row in rows])


def example(q: Question, vocab: Words = ENGLISH) -> tuple[list[list[float]], int]:
    """One question as the learner trains on it: each option's features, and which one was right."""
    return features(q, vocab), next(i for i, c in enumerate(q.authored_choices) if c.correct)
