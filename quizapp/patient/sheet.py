"""What the consult sheet says: questions in the reader's own voice (wrong and sure first) and the words of parts read.

Pure functions over the catalogue and a person's progress, so the sheet is testable without a browser.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..content.model import Catalogue
from ..languages import voiced
from ..scoring import by_round, wrong_and_sure
from ..states import N_, Round, Say


@dataclass(frozen=True)
class Ask:
    """One thing to ask the care team, written as the reader would say it."""
    text: str | Say  # words put on where the sheet is shown
    topic: str
    sure: bool  # answered wrongly while feeling sure: the most worth asking
    fixed: bool  # right on the second try, with a new question on the same idea
    priority: int = 2
    lang: str = "en"  # the language of the misunderstanding's own words (a translation may fall back)
    topic_lang: str = "en"


def voice(statement: str) -> str | Say:
    """Say a misunderstanding as the reader would: "I thought: “…”" (the sheet then asks what is true)."""
    if statement.lower().startswith(voiced()):  # already a question in the voice
        return statement
    return Say(N_("I thought: “%(statement)s”"), (("statement", statement),))


def asks(cat: Catalogue, progresses: Iterable) -> list[Ask]:
    """Collect what the reader got wrong on the first try, one line per idea: sure first, fixed last, then priority."""
    found: dict[str, Ask] = {}
    for p in progresses:
        first, retry = by_round(p.answers, Round.FIRST), by_round(p.answers, Round.RETRY)
        for q in p.module.questions:
            given = first.get(q.id)
            if given is None or given.correct:
                continue
            choice = q.choice(given.choice)
            again = retry.get(q.retry_question.id)
            mis = cat.misconceptions.get(choice.misconception) if choice and choice.misconception else None
            if mis is not None:
                key, text, priority, lang = mis.id, voice(mis.statement), mis.priority, mis.lang
            else:  # "I don't know yet": a gap, asked about by its idea
                idea = cat.concepts.get(q.concept)
                label, lang = (idea.label, idea.lang) if idea else (p.module.title, p.module.lang)
                key, text, priority = f"concept:{q.concept}", Say(N_("I did not know yet: %(idea)s."),
                                                               (("idea", label),)), 3
            sure = wrong_and_sure(given.round, given.correct, given.confidence, given.choice)
            ask = Ask(text, p.module.title, sure, bool(again and again.correct), priority,
                      lang, p.module.lang)
            old = found.get(key)
            found[key] = ask if old is None else Ask(old.text, old.topic, old.sure or ask.sure,
                                                      old.fixed and ask.fixed, min(old.priority, priority),
                                                      old.lang, old.topic_lang)
    return sorted(found.values(), key=lambda a: (not a.sure, a.fixed, a.priority))


def words_read(cat: Catalogue, progresses: Iterable, visited: set[tuple[str, str]]) -> list:
    """Return the glossary terms of the parts this reader opened (or answered questions on), in reading order."""
    ids: dict[str, None] = {}
    for p in progresses:
        answered = {a.question_id for a in p.answers}
        for section in p.module.sections:
            if (p.module.id, section.id) in visited or any(q.id in answered for q in section.questions):
                ids.update(dict.fromkeys(section.terms))
    return [cat.glossary[t] for t in ids if t in cat.glossary]
