"""Things to keep and pictures to act on, as plain rules over topic and part ids: where the "call right away" card
shows, which topics add the 3-month after-care tracker to the consult sheet, which parts show a figure of another
topic again, and which part shows its risk numbers as groups of 100."""
from __future__ import annotations

from collections.abc import Iterable

# The parts whose text lists warning signs, and the topics whose consult sheet carries the card.
SIGN_PARTS = frozenset({("how-it-is-given", "after-in-vivo"), ("risks", "after-treatment"), ("families", "home-care")})
SIGN_TOPICS = frozenset(topic for topic, _ in SIGN_PARTS)
# The in vivo topic: home care for about 3 months after a dose (steroid, liver tests, diapers).
TRACKER_TOPICS = frozenset({"how-it-is-given"})
# A part that shows the figure of a part of another topic: the ex vivo timeline, reused for families planning.
REUSED_FIGURES = {("families", "getting-ready"): ("how-it-is-given", "ex-vivo-journey"),
                  ("how-it-works", "adding-a-copy"): ("basics", "add-or-edit")}
# Planning charts: under them, a line on how to use them to plan.
PLAN_FIGURES = frozenset({"ex-vivo-timeline.svg"})
# The part that compares good and harm "out of 100": it shows them as two groups of 100.
ICON_ARRAY_PARTS = frozenset({("trials", "early-approval")})


def lists_signs(topic: str, part: str) -> bool:
    """Tell whether a part lists warning signs, so the card to keep belongs at its end."""
    return (topic, part) in SIGN_PARTS


def shows_icon_array(topic: str, part: str) -> bool:
    """Tell whether a part shows its good and harm numbers as two groups of 100 people."""
    return (topic, part) in ICON_ARRAY_PARTS


def card_for(topics: Iterable[str]) -> bool:
    """Tell whether a consult sheet for these topics carries the "call right away" card."""
    return any(t in SIGN_TOPICS for t in topics)


def tracker_for(topics: Iterable[str]) -> bool:
    """Tell whether a consult sheet for these topics carries the 3-month after-care tracker."""
    return any(t in TRACKER_TOPICS for t in topics)


def reused_figure(catalogue, topic: str, part: str):
    """Return the figure another topic's part lends to this part, or None."""
    source = REUSED_FIGURES.get((topic, part))
    module = catalogue.modules.get(source[0]) if source else None
    section = module.section(source[1]) if module and source else None
    return section.figure if section is not None else None
