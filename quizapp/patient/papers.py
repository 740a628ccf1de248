"""Things to keep: the consult sheet to bring to the visit, and the word list."""
from __future__ import annotations

from flask import render_template

from .. import aftercare, db, learning, scoring
from ..content import catalogue
from ..i18n import lang
from ..store import progress as store
from ..templating import fragment
from . import sheet as consult
from .progress import current_participant
from .resume import my_resume_code
from .views import _my_progress, bp


@bp.get("/sheet")
def sheet():
    """A printable sheet to bring to the consult: what was covered, results, questions to ask."""
    mine = [p for p in _my_progress() if p.attempt is not None]
    cat, topic_of = catalogue(lang()), {p.attempt.id: p.module.id for p in mine if p.attempt is not None}
    visited = {(topic_of[v.attempt_id], v.section_id) for v in store.visits(db.session(), list(topic_of))}
    me = current_participant()
    return render_template("patient/sheet.html", mine=mine, asks=consult.asks(cat, mine),
                           learned={p.module.id: learning.topic_learning(cat, p.module, p.answers) for p in mine},
                           terms=consult.words_read(cat, mine, visited), plain_words=scoring.plain_words,
                           parent=bool(me and me.role == "parent"), resume_code=my_resume_code() if mine else None,
                           call_card=aftercare.card_for(topic_of.values()),
                           tracker=aftercare.tracker_for(topic_of.values()))


@bp.get("/glossary")
def glossary():
    """Every term explained in one plain sentence, in the alphabetical order of the page's language."""
    cat = catalogue(lang())
    return render_template("patient/glossary.html", body=fragment(cat, "glossary", lambda: render_template(
        "patient/_glossary.html", groups=by_letter(cat.glossary.values()))))


def by_letter(terms) -> list[tuple[str, list]]:
    """Terms sorted and grouped under their first letter as a reader of the page's language would."""
    groups: dict[str, list] = {}
    for t in sorted(terms, key=lambda t: letter_key(t.term)):
        groups.setdefault(letter_key(t.term)[:1].upper(), []).append(t)
    return list(groups.items())


def letter_key(word: str) -> str:
    """Sort and group words as a reader of the page's language would: "ácido" with the a's, not after z."""
    import unicodedata
    plain = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return plain.casefold()
