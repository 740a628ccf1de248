"""What a person learned: before reading, after reading and at the re-check, per concept and per topic.

Pure functions over stored answers and the content: the phase and the question asked are stored with every
answer, so the same answers always give the same table. Normalized gain follows Hake:
<g> = (post - pre) / (100 - pre), in percent right, over the concepts checked before reading.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .content.model import Catalogue, Module
from .records import AnswerRecord
from .states import Round


@dataclass(frozen=True)
class ConceptLearning:
    concept: str
    label: str
    before: bool | None = None        # right before reading; None when not asked
    before_unknown: bool = False      # said "I don't know yet" before reading
    after_right: int = 0              # first-round questions on the concept answered right
    after_total: int = 0              # first-round questions on the concept answered
    recheck: bool | None = None       # right at the re-check; None when not re-checked

    @property
    def right_before(self) -> bool:
        """Right before reading: the reading taught nothing here, or the question is guessable."""
        return self.before is True


@dataclass(frozen=True)
class TopicLearning:
    module_id: str
    title: str
    concepts: tuple[ConceptLearning, ...]
    pre: int | None = None       # percent right before reading
    post: int | None = None      # percent right in the first round, on the same concepts
    recheck: int | None = None   # percent right at the re-check

    @property
    def gain(self) -> float | None:
        """Normalized gain from before to after reading (None without a check before, or when pre was 100)."""
        return normalized_gain(self.pre, self.post)

    @property
    def held(self) -> tuple[ConceptLearning, ...]:
        """Concepts right at the re-check."""
        return tuple(c for c in self.concepts if c.recheck is True)

    @property
    def slipped(self) -> tuple[ConceptLearning, ...]:
        """Concepts wrong (or not known) at the re-check."""
        return tuple(c for c in self.concepts if c.recheck is False)


def normalized_gain(pre: float | None, post: float | None) -> float | None:
    """Return (post - pre) / (100 - pre) for percentages, or None when it is not defined."""
    if pre is None or post is None or pre >= 100:
        return None
    return (post - pre) / (100 - pre)


def _percent(right: int, total: int) -> int | None:
    return round(100 * right / total) if total else None


def topic_learning(cat: Catalogue, module: Module, answers: Sequence[AnswerRecord]) -> TopicLearning:
    """Build one person's before -> after -> re-check table for one topic."""
    concept_of = {f.id: q.concept for q in module.questions for f in q.forms}
    lines: dict[str, dict] = {}
    for c in dict.fromkeys(q.concept for q in module.questions):
        lines[c] = {"label": cat.concepts[c].label if c in cat.concepts else c}
    for a in answers:
        if a.question_id not in concept_of:
            continue
        line = lines[concept_of[a.question_id]]
        if a.round == Round.BEFORE and "before" not in line:
            line["before"], line["before_unknown"] = a.correct, a.choice == "dont-know"
        elif a.round == Round.FIRST:
            line["after_total"] = line.get("after_total", 0) + 1
            line["after_right"] = line.get("after_right", 0) + int(a.correct)
        elif a.round == Round.RECHECK and "recheck" not in line:
            line["recheck"] = a.correct
    concepts = tuple(ConceptLearning(c, **v) for c, v in lines.items())
    checked = [c for c in concepts if c.before is not None and c.after_total]
    rechecked = [c for c in concepts if c.recheck is not None]
    return TopicLearning(
        module.id, module.title, concepts,
        pre=_percent(sum(c.right_before for c in checked), len(checked)),
        post=_percent(sum(c.after_right for c in checked), sum(c.after_total for c in checked))
        if checked else None,
        recheck=_percent(sum(1 for c in rechecked if c.recheck), len(rechecked)))


def shows_learning(topics: Sequence[TopicLearning]) -> bool:
    """Tell whether there is anything before reading or at a re-check to show."""
    return any(t.pre is not None or t.recheck is not None for t in topics)
