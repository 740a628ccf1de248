"""Pieces of pages drawn from the content alone are drawn once and kept, per content version and language:
the page is what drawing it fresh gives, another language gets its own, and new content is never hidden."""
from __future__ import annotations

import dataclasses

import pytest
from flask import render_template

from quizapp.patient.papers import by_letter

pytestmark = pytest.mark.sqlite_only
ES = {"Accept-Language": "es"}


def drawn_fresh(app, lang: str) -> str:
    """The word list drawn without anything kept, as the page drew it before."""
    with app.test_request_context("/glossary", headers={"Accept-Language": lang}):
        cat = app.extensions["catalogues"][lang]
        return render_template("patient/_glossary.html", groups=by_letter(cat.glossary.values()))


def test_the_word_list_is_what_drawing_it_fresh_gives_every_time(app, client):
    first, again = client.get("/glossary").text, client.get("/glossary").text
    assert first == again
    assert drawn_fresh(app, "en") in first and "The set of instructions inside each cell" in first


def test_each_language_gets_its_own_word_list(app, client):
    pages = [client.get("/glossary", headers=h).text for h in (ES, {}, ES, {})]
    assert drawn_fresh(app, "es") in pages[0] and drawn_fresh(app, "es") in pages[2]
    assert drawn_fresh(app, "en") in pages[1] and drawn_fresh(app, "en") in pages[3]
    assert "El conjunto de instrucciones" in pages[0] and "The set of instructions" not in pages[0]
    assert "The set of instructions" in pages[1] and "El conjunto de instrucciones" not in pages[1]


def test_new_content_shows_its_own_words_not_the_kept_ones(app, client):
    assert "The set of instructions inside each cell" in client.get("/glossary").text
    old = app.extensions["catalogue"]
    dna = dataclasses.replace(old.glossary["dna"], definition="A NEW DEFINITION FROM NEW CONTENT.")
    new = dataclasses.replace(old, glossary={**old.glossary, "dna": dna})  # a new content version
    app.extensions["catalogue"] = app.extensions["catalogues"]["en"] = new
    page = client.get("/glossary").text
    assert "A NEW DEFINITION FROM NEW CONTENT." in page and "The set of instructions inside each cell" not in page
    assert old.rendered and not new.rendered.keys() - {("en", "glossary")}  # each version keeps its own
