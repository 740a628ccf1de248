"""Pictures, re-reading and feedback as a patient meets them: figures, part links, re-read links, the A-Z word
list, bold terms that link to it, one explanation, sureness, and the end of a part."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.helpers import Patient

CONTENT = Path(__file__).parent / "fixtures" / "content"
WORDS = "Step 1, get ready: about 2 months. Step 2, collect cells: a few days, often done 2 or more times."


@pytest.fixture
def figured(make_app, tmp_path):
    """The demo topic with the ex vivo timeline placed in its first part, and a client for it."""
    folder = tmp_path / "questions"
    shutil.copytree(CONTENT, folder)
    path = folder / "01-demo.yaml"
    data = yaml.safe_load(path.read_text())
    data["sections"][0]["figure"] = {"file": "ex-vivo-timeline.svg", "caption": "The steps, one by one.",
                                     "alt": "A timeline of six steps.", "description": WORDS}
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return make_app(QUESTIONS_DIR=str(folder)).test_client()


def feedback_page(client, resp) -> str:
    """Follow an answer's redirect to its feedback page."""
    assert resp.status_code == 303, resp.status_code
    return client.get(resp.headers["Location"]).text


# ---------------------------------------------------------------- pictures

def test_a_part_with_a_figure_shows_the_image_with_alt_caption_and_the_picture_in_words(figured):
    Patient(figured).start()
    page = figured.get("/m/demo/read/one").text
    img = re.search(r'<img src="([^"]+)" alt="([^"]+)" aria-describedby="([^"]+)">', page)
    assert img and img.group(1).startswith("/static/figures/ex-vivo-timeline.svg?v=")
    assert img.group(1) != "/static/figures/ex-vivo-timeline.svg?v=0"  # fingerprinted, so a new drawing is fetched
    assert img.group(2) == "A timeline of six steps."
    assert "<figcaption>The steps, one by one.</figcaption>" in page
    assert f'<p id="{img.group(3)}">{WORDS}</p>' in page and "<summary>The picture in words</summary>" in page
    assert figured.get(img.group(1)).status_code == 200


def test_a_part_without_a_figure_has_no_figure(client):
    Patient(client).start()
    assert "<figure" not in client.get("/m/demo/read/one").text


# ---------------------------------------------------------------- re-reading

def test_part_titles_link_only_to_parts_already_reached(client):
    assert "/m/demo/read/" not in client.get("/m/demo").text  # not started: plain titles
    p = Patient(client)
    p.start()
    page = client.get("/m/demo").text
    assert '<a href="/m/demo/read/one">Part one</a>' in page and 'href="/m/demo/read/two"' not in page
    p.answer("demo-q1", "recipe-protein")
    p.answer("demo-q2", "cells")
    page = client.get("/m/demo").text
    assert '<a href="/m/demo/read/two">Part two</a>' in page
    assert re.search(r"Part one</a> <span class=\"done\"><span aria-hidden=\"true\">✔</span> done", page)
    assert "Part two</a> <span" not in page


def test_question_and_feedback_pages_link_back_to_their_part(client):
    p = Patient(client)
    p.start()
    assert '<a class="nowrap" href="/m/demo/read/one">Re-read this part</a>' in client.get("/m/demo/q/demo-q1").text
    page = feedback_page(client, p.answer("demo-q1", "recipe-protein"))
    assert '<a class="nowrap" href="/m/demo/read/one">Re-read this part</a>' in page


def test_re_reading_a_part_offers_the_way_back_not_its_first_question(client):
    p = Patient(client)
    p.start()
    assert 'href="/m/demo/q/demo-q1">Check your understanding' in client.get("/m/demo/read/one").text
    p.answer("demo-q1", "recipe-protein")
    page = client.get("/m/demo/read/one").text
    assert '<a class="button" href="/m/demo/q/demo-q2">Back to where you left off</a>' in page


def test_bold_terms_in_a_reading_link_to_their_entry_in_the_word_list(client):
    Patient(client).start()
    page = client.get("/m/demo/read/one").text
    link = re.search(r'<a class="term-link" href="([^"]+)"><strong>DNA</strong></a>', page)
    assert link and link.group(1) == "../../../glossary#dna"
    glossary = client.get("/glossary").text  # where ../../../glossary leads from /m/demo/read/one
    assert '<dt id="dna"><dfn>DNA</dfn></dt>' in glossary


def test_the_word_list_has_a_to_z_jump_links_to_letters_with_words(client):
    page = client.get("/glossary").text
    start = page.index('<nav class="az"')
    nav = page[start:page.index("</nav>", start)]
    assert '<a href="#letter-d">D</a>' in nav and '<a href="#letter-g">G</a>' in nav
    assert '<li class="az-none" aria-hidden="true">Q</li>' in nav  # no word starts with Q: not a dead link
    for letter in re.findall(r'href="#letter-([a-z])"', nav):
        assert f'<h2 id="letter-{letter}">{letter.upper()}</h2>' in page
    assert page.index('id="letter-d"') < page.index('<dt id="dna">') < page.index('id="letter-g"')


# ---------------------------------------------------------------- feedback

def test_a_right_answer_gets_one_explanation_not_three(app, client):
    p = Patient(client)
    p.start()
    page = feedback_page(client, p.answer("demo-q1", "recipe-protein"))
    assert "Yes. A gene is a recipe." in page
    assert "Genes are recipes." not in page and "The best answer" not in page


def test_a_wrong_answer_says_what_it_missed_then_why_the_best_answer_is_right(client):
    p = Patient(client)
    p.start()
    page = feedback_page(client, p.answer("demo-q1", "copy-virus"))
    assert "No. A gene is a recipe your cells read." in page  # the chosen option's own feedback
    assert "Genes are recipes." in page  # the explanation, once
    assert "Yes. A gene is a recipe." not in page  # not the right option's feedback as well


@pytest.mark.parametrize("choice, confidence, words", [
    ("copy-virus", "sure", 'You felt sure: this is a common mix-up, and it is on your <a href="/sheet">consult sheet</a>.'),
    ("copy-virus", "unsure", 'You were not sure, and that is fine. It is on your <a href="/sheet">consult sheet</a>'),
    ("recipe-protein", "sure", "You felt sure, and you were right."),
    ("recipe-protein", "unsure", "You were not sure, but you got it right."),
])
def test_feedback_acknowledges_how_sure_the_reader_was(client, choice, confidence, words):
    p = Patient(client)
    p.start()
    assert words in feedback_page(client, p.answer("demo-q1", choice, confidence))


@pytest.mark.parametrize("choice, confidence", [("dont-know", None), ("dont-know", "sure")])
def test_no_sureness_line_when_the_reader_did_not_know(client, choice, confidence):
    p = Patient(client)
    p.start()
    assert 'class="sureness' not in feedback_page(client, p.answer("demo-q1", choice, confidence))


def test_the_last_answer_of_a_part_says_that_part_is_done(client):
    p = Patient(client)
    p.start()
    assert "Part 1 of 2 done" not in feedback_page(client, p.answer("demo-q1", "recipe-protein"))
    assert "Part 1 of 2 done" in feedback_page(client, p.answer("demo-q2", "cells"))
    p.answer("demo-q3", "changes-dna-place")
    assert "Part 2 of 2 done" in feedback_page(client, p.answer("demo-q4", "no-exact"))
    p.retry()
    page = feedback_page(client, p.answer("demo-q4-again", "could-happen", rnd=2))
    assert " done</p>" not in page  # the second try is not a part
