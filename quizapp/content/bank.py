"""Cueing across the whole bank of one language: key length ranks, the test-wise solver, stock and copied items.

`review` takes each topic's questions (first round, siblings and alternates together) and returns
one row per topic, a row for all topics, and every error as (topic id, or "" for the bank, message):

  - in each topic no length rank (shortest, middle, longest among the real options) holds the key
    in more than MAX_RANK_SHARE of the questions;
  - the best strategy of the test-wise solver (solver.py) scores at most MAX_BEST_TOPIC in each
    topic and MAX_BEST_OVERALL over all topics (chance is 1/3 with three options);
  - no wrong option, or a near-copy of one, is used in more than MAX_DISTRACTOR_REUSE questions;
  - no question's prompt near-copies a prompt of another topic.

Pure functions, no Flask; `format_table` prints the rows for authors.
"""
from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from . import copies, solver
from .cues import ENGLISH, Words
from .model import Question

MAX_RANK_SHARE = 0.42
MAX_BEST_TOPIC = 0.50
MAX_BEST_OVERALL = 0.40
MAX_DISTRACTOR_REUSE = 2
BANK = ""                  # the topic id of errors about the bank as a whole
NAMES = (*solver.STRATEGIES, solver.LEARNER)


@dataclass(frozen=True)
class TopicCues:
    id: str
    questions: int
    ranks: dict[str, float]            # share of questions whose key holds each length rank
    scores: dict[str, float]           # strategy: mean chance of picking the key (no learner without other topics)

    @property
    def best(self) -> tuple[str, float]:
        """The strategy that scores highest, and its score (chance with no questions)."""
        return max(self.scores.items(), key=lambda kv: kv[1], default=("-", 0.0))


@dataclass
class BankReport:
    lang: str
    topics: list[TopicCues] = field(default_factory=list)
    overall: TopicCues | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)

    def topic(self, topic_id: str) -> TopicCues | None:
        """The row of one topic."""
        return next((t for t in self.topics if t.id == topic_id), None)


def review(topics: Mapping[str, Sequence[Question]], where: dict[str, str], places: dict[str, str], common: str,
           vocab: Words = ENGLISH, lang: str = "en") -> BankReport:
    """Measure and check the cues of every topic; `where` and `places` name topics and questions in messages."""
    report = BankReport(lang)
    examples = {t: [solver.example(q, vocab) for q in qs] for t, qs in topics.items()}
    picks: dict[str, list[float]] = {name: [] for name in NAMES}
    for tid, questions in topics.items():
        if not questions:
            continue
        scores = {name: [solver.score(play(q, vocab), q) for q in questions]
                  for name, play in solver.STRATEGIES.items()}
        others = [e for other, es in examples.items() if other != tid for e in es]
        if others:
            weights = solver.fit(others)
            scores[solver.LEARNER] = [solver.score(solver.learned_picks(weights, rows), q)
                                      for q, (rows, _) in zip(questions, examples[tid], strict=True)]
        for name, got in scores.items():
            picks[name] += got
        row = TopicCues(tid, len(questions), _shares(questions), {n: statistics.fmean(s) for n, s in scores.items()})
        report.topics.append(row)
        _topic_errors(row, where[tid], report)
    every = [q for qs in topics.values() for q in qs]
    if every:
        played = {n: statistics.fmean(s) for n, s in picks.items() if len(s) == len(every)}
        report.overall = TopicCues("all topics", len(every), _shares(every), played)
        name, best = report.overall.best
        if best > MAX_BEST_OVERALL:
            report.errors.append((BANK, f"{common}: over all topics a test-wise reader who never reads scores "
                                        f"{best:.0%} by playing '{name}'; {MAX_BEST_OVERALL:.0%} at most"))
    module_of = {q.id: t for t, qs in topics.items() for q in qs}
    for ids, text in stock_distractors(every):
        report.errors.append((module_of[ids[0]], f"{places[ids[0]]}: the wrong option '{text}' (or a near-copy of "
                                                 f"it) is used in {len(ids)} questions ({', '.join(ids)}); "
                                                 f"{MAX_DISTRACTOR_REUSE} at most"))
    for q, other, alike in prompt_copies(topics):
        report.errors.append((module_of[q.id], f"{places[q.id]} / field 'prompt': a near-copy of question {other.id} "
                                               f"in topic {module_of[other.id]} ({alike:.0%} alike); test each idea "
                                               "in one topic"))
    return report


def _shares(questions: Sequence[Question]) -> dict[str, float]:
    """The share of questions whose key holds each length rank."""
    each = [solver.rank_shares(q) for q in questions]
    return {r: sum(s[r] for s in each) / len(each) for r in solver.RANKS}


def _topic_errors(row: TopicCues, where: str, report: BankReport) -> None:
    """A topic whose key sits at one length rank too often, or that a strategy answers too well."""
    for rank, share in row.ranks.items():
        if share > MAX_RANK_SHARE:
            report.errors.append((row.id, f"{where}: the right option is the {rank} one in {share:.0%} of its "
                                          f"{row.questions} questions (first round, siblings and alternates); "
                                          f"{MAX_RANK_SHARE:.0%} at most for each length rank"))
    name, best = row.best
    if best > MAX_BEST_TOPIC:
        report.errors.append((row.id, f"{where}: a test-wise reader who never reads scores {best:.0%} by playing "
                                      f"'{name}'; {MAX_BEST_TOPIC:.0%} at most per topic (chance is 33%)"))


def stock_distractors(questions: Sequence[Question]) -> list[tuple[list[str], str]]:
    """Wrong-option texts used, word for word or as near-copies, in more than MAX_DISTRACTOR_REUSE questions.

    Returns (question ids, normalised text) for each such text, first use first; a text already
    named as the near-copy of an earlier one is not named again.
    """
    wrong = [(q.id, copies.normalise(c.text)) for q in questions for c in q.authored_choices if not c.correct]
    near: dict[int, set[int]] = {i: {i} for i in range(len(wrong))}
    for i, j, _ in copies.near_pairs([text for _, text in wrong]):
        near[i].add(j)
        near[j].add(i)
    out, named = [], set[int]()
    for i in range(len(wrong)):
        ids = list(dict.fromkeys(wrong[j][0] for j in sorted(near[i])))
        if len(ids) > MAX_DISTRACTOR_REUSE and i not in named:
            out.append((ids, wrong[i][1]))
            named |= near[i]
    return out


def prompt_copies(topics: Mapping[str, Sequence[Question]]) -> list[tuple[Question, Question, float]]:
    """Each question whose prompt near-copies the prompt of a question in an earlier topic."""
    every = [q for questions in topics.values() for q in questions]
    found: dict[str, tuple[Question, float]] = {}
    for i, j, alike in copies.near_pairs([copies.normalise(q.prompt) for q in every]):
        first, later = every[i], every[j]
        if first.module_id != later.module_id and later.id not in found:
            found[later.id] = (first, alike)
    return [(q, *found[q.id]) for q in every if q.id in found]


def format_table(report: BankReport) -> str:
    """One line per topic: key rank shares, each strategy's score and the best; then all topics."""
    short = {"contradiction": "contra", "three rules": "3rules"}
    head = (f"{'topic':<20}{'items':>6}{'short':>7}{'middle':>7}{'long':>6} |"
            + "".join(f"{short.get(n, n):>9}" for n in NAMES) + " | best")
    lines = [f"Cueing ({report.lang}): where the key sits by length, and what a test-wise reader who never reads "
             "scores (chance 33%)", head, "-" * len(head)]
    rows = [*report.topics, *([report.overall] if report.overall else [])]
    for n, r in enumerate(rows):
        if n == len(report.topics):
            lines.append("-" * len(head))
        name, best = r.best
        lines.append(f"{r.id:<20}{r.questions:>6}" + "".join(f"{r.ranks[k]:>{w}.0%}" for k, w in
                                                             zip(solver.RANKS, (7, 7, 6), strict=True))
                     + " |" + "".join(f"{r.scores[s]:>9.0%}" if s in r.scores else f"{'-':>9}" for s in NAMES)
                     + f" | {name} {best:.0%}")
    lines.append(f"short / middle / long = share of questions whose key is the shortest, a middle or the longest real "
                 f"option (<= {MAX_RANK_SHARE:.0%} each); best <= {MAX_BEST_TOPIC:.0%} per topic and "
                 f"<= {MAX_BEST_OVERALL:.0%} over all topics; learner = habits learned on the other topics.")
    return "\n".join(lines)
