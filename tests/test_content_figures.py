"""Pictures in a part: the loader places them, the gate checks the file and the words, and bold terms link."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from quizapp.content import ContentError, load_catalogue
from quizapp.content.figures import figure_findings, svg_problems
from quizapp.content.loader import FIGURES_DIR
from quizapp.content.model import Figure
from tests.gate_helpers import HARD, edit, errors, folder  # noqa: F401 (folder: a fixture)

PLAIN = "A recipe book stands for DNA. One recipe card stands for a gene."
SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'


def with_figure(folder, **figure) -> None:
    """Give the first section of the good topic a picture."""
    edit(folder, lambda d: d["sections"][0].update(figure={"file": "dna-gene-protein.svg", "caption": "DNA is a book.",
                                                             "alt": PLAIN, **figure}))


def test_a_section_carries_its_figure_into_the_catalogue(folder):
    with_figure(folder, description="A longer account.")
    section = load_catalogue(folder).module("good").sections[0]
    assert section.figure == Figure("dna-gene-protein.svg", "DNA is a book.", PLAIN, "A longer account.")
    assert errors(folder) == ""


def test_the_loader_refuses_a_figure_whose_file_is_missing(folder):
    with_figure(folder, file="no-such-picture.svg")
    with pytest.raises(ContentError) as exc:
        load_catalogue(folder)
    assert ("module good / section one / field 'figure': no file 'no-such-picture.svg' in quizapp/static/figures/"
            in str(exc.value))


@pytest.mark.parametrize("name", ["../app.css", "figures/x.svg", "picture.png", "Big.svg"])
def test_a_figure_file_is_a_plain_svg_name_never_a_path(folder, name):
    with_figure(folder, file=name)
    with pytest.raises(ContentError, match="field 'figure' / field 'file'"):
        load_catalogue(folder)


def test_alt_text_above_grade_8_is_an_error(folder):
    with_figure(folder, alt=HARD)
    assert "01-good.yaml: module good / section one / field 'figure' / field 'alt': reading grade" in errors(folder)


def test_blank_alt_text_is_an_error():
    assert any("needs alt text" in f for f in figure_findings(Figure("dna-gene-protein.svg", "A caption.", " ")))


def test_a_file_that_went_missing_after_loading_is_an_error():
    found = figure_findings(Figure("gone.svg", "A caption.", PLAIN))
    assert found == ["field 'figure' / field 'file': no file 'gone.svg' in quizapp/static/figures/"]


def test_a_picture_showing_numbers_needs_a_description_that_gives_them(folder):
    with_figure(folder, file="ex-vivo-timeline.svg", description="Step 1 takes about 2 months.")
    found = errors(folder)
    assert "field 'figure' / field 'description': the picture shows the numbers 3, 4, 5, 6" in found


@pytest.mark.parametrize("body, problem", [
    ("<title>x</title><script>alert(1)</script>", "holds a <script>"),
    ("<title>x</title><rect onclick='x()'/>", "has a onclick attribute"),
    ("<title>x</title><rect style='fill:red'/>", "has a style attribute"),
    ("<title>x</title><image href='https://example.org/x.png'/>", "links to 'https://example.org/x.png'"),
    ("<title>x</title><text font-family='Comic Sans MS'>Hi</text>", "asks for the font 'Comic Sans MS'"),
    ("<rect/>", "needs a <title>"),
])
def test_the_svg_itself_runs_nothing_loads_nothing_and_names_itself(body, problem):
    assert any(problem in p for p in svg_problems(ET.fromstring(f"{SVG_HEAD}{body}</svg>")))


def test_a_broken_svg_is_reported_not_raised(tmp_path):
    (tmp_path / "bad.svg").write_text(SVG_HEAD + "<rect>")
    assert "is not well-formed SVG" in figure_findings(Figure("bad.svg", "A caption.", PLAIN), tmp_path)[0]


def test_every_shipped_figure_is_clean_and_placed_in_a_topic():
    catalogue = load_catalogue(Path(__file__).resolve().parents[1] / "questions")
    placed = {s.figure.file for m in catalogue.modules.values() for s in m.sections if s.figure}
    shipped = {p.name for p in FIGURES_DIR.glob("*.svg")}
    assert shipped == placed and len(shipped) >= 6
    for name in shipped:
        assert svg_problems(ET.fromstring((FIGURES_DIR / name).read_text())) == [], name


def test_bold_glossary_terms_link_to_the_word_list_once_per_part(folder):
    edit(folder, lambda d: d["sections"][0].update(body=d["sections"][0]["body"] + "\nMore **DNA** and **gene**s.\n"))
    html = load_catalogue(folder).module("good").sections[0].body_html
    assert '<a class="term-link" href="../../../glossary#dna"><strong>DNA</strong></a>' in html
    assert html.count('href="../../../glossary#dna"') == 1 and html.count("<strong>DNA</strong>") == 2


def test_bold_words_that_are_not_terms_stay_plain(folder):
    edit(folder, lambda d: d["sections"][0].update(body="Some **plain words** here.\n"))
    assert "term-link" not in load_catalogue(folder).module("good").sections[0].body_html


