"""Figures in both languages: every word drawn in a figure has a Spanish entry, the Spanish copies are what the
word list makes now, and a Spanish page shows the Spanish copy while an English page shows the drawing itself."""
from __future__ import annotations

import re

import pytest

from quizapp.content import figure_languages as fl
from quizapp.content.loader import FIGURES_DIR
from tests.helpers import Patient


def test_every_word_of_every_figure_has_a_spanish_entry():
    assert fl.missing_words(FIGURES_DIR, "es") == []


def test_the_spanish_copies_are_up_to_date_with_the_drawings_and_the_word_list(tmp_path):
    for svg in FIGURES_DIR.glob("*.svg"):
        (tmp_path / svg.name).write_text(svg.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "words-es.json").write_text((FIGURES_DIR / "words-es.json").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    for made in fl.write_copies(tmp_path, "es"):
        committed = FIGURES_DIR / "es" / made.name
        assert committed.is_file(), f"run `flask --app quizapp translate-figures`: {made.name} has no Spanish copy"
        assert made.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), made.name


def test_a_spanish_copy_keeps_the_drawing_and_changes_only_the_words():
    english = (FIGURES_DIR / "vector-carrier.svg").read_text(encoding="utf-8")
    spanish = (FIGURES_DIR / "es" / "vector-carrier.svg").read_text(encoding="utf-8")
    shapes = lambda svg: re.sub(r">[^<]*<", "><", svg.replace(' xml:lang="es"', ""))  # noqa: E731
    assert shapes(english) == shapes(spanish)
    assert "But your body can still react to it." in english and "Pero su cuerpo puede reaccionar ante él." in spanish
    assert not set(fl.words_in(english)) - {"vector"} & set(fl.words_in(spanish))


def test_a_word_missing_from_the_list_is_refused_not_left_in_english():
    with pytest.raises(KeyError):
        fl.translate('<svg><text x="1">A new label</text></svg>', {"Old label": "Etiqueta"})
    assert fl.translate('<svg><text x="1">a &amp; b</text></svg>', {"a & b": "a y b"}) == \
        '<svg><text x="1">a y b</text></svg>'


def test_the_command_names_missing_words_and_writes_nothing(app, monkeypatch, tmp_path):
    (tmp_path / "f.svg").write_text('<svg><text x="1">Only English</text></svg>', encoding="utf-8")
    monkeypatch.setattr("quizapp.content.loader.FIGURES_DIR", tmp_path)
    result = app.test_cli_runner().invoke(args=["translate-figures"])
    assert result.exit_code != 0 and "f.svg: Only English" in result.output
    assert not (tmp_path / "es").exists()


@pytest.fixture
def real(make_app):
    from pathlib import Path
    return make_app(QUESTIONS_DIR=str(Path(__file__).resolve().parent.parent / "questions"))


def test_a_spanish_page_shows_the_spanish_copy_and_an_english_page_the_drawing(real):
    client = real.test_client()
    Patient(client, "basics").start()
    english = client.get("/m/basics/read/genes-and-variants").text
    client.get("/language/es?next=/")
    spanish = client.get("/m/basics/read/genes-and-variants").text
    assert re.search(r'src="/static/figures/dna-gene-protein\.svg\?v=', english)
    assert re.search(r'src="/static/figures/es/dna-gene-protein\.svg\?v=', spanish)
