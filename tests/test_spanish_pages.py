"""Every patient page in Spanish: no English interface words left, and the translators' catalogue is complete.

English content a translation fell back to is marked lang="en" on the page, and is the only English allowed.
"""
from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.clinician_helpers import assign, create_clinician, enter_code, join, sign_in
from tests.helpers import Patient, token

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "quizapp/translations/es/LC_MESSAGES/messages.po"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SEEN_ATTRIBUTES = ("aria-label", "alt", "title", "placeholder")


class SpanishText(HTMLParser):
    """Collect what a reader sees or hears (text and labelling attributes), leaving out parts marked English."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []   # (tag, inside English)
        self.parts: list[str] = []
        self.langs: set[str] = set()

    @property
    def english(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("lang"):
            self.langs.add(a["lang"])
        english = a.get("lang") == "en" if "lang" in a and tag != "html" else self.english
        if not english:
            self.parts += [a[k] for k in SEEN_ATTRIBUTES if a.get(k)]
        if tag not in VOID:
            self.stack.append((tag, english))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.english and self.stack and self.stack[-1][0] not in ("script", "style"):
            self.parts.append(data)


def english_fragments() -> list[str]:
    """The interface's English words, cut at placeholders and tags into fragments worth looking for (a word
    that Spanish spells the same, like "Error", is not one)."""
    with PO.open("rb") as fh:
        cat = read_po(fh)
    out = set()
    for m in cat:
        spanish = " ".join(m.string if isinstance(m.string, tuple) else (m.string or "",))
        for msgid in (m.id if isinstance(m.id, tuple) else (m.id,)):
            for piece in re.split(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>", msgid or ""):
                piece = piece.strip(" .:,?!()“”\"'·")
                if len(piece) >= 4 and re.search(r"[A-Za-z]{3}", piece) and piece not in spanish:
                    out.add(piece)
    return sorted(out, key=len, reverse=True)


FRAGMENTS = english_fragments()


def english_left(html: str) -> list[str]:
    """Return the interface fragments still in English on a page (outside parts marked lang="en")."""
    parser = SpanishText()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    return [f for f in FRAGMENTS if re.search(r"(?<![\w-])" + re.escape(f) + r"(?![\w-])", text)]


@pytest.fixture
def spanish(app):
    """A browser whose reader chose Spanish with the link on the page."""
    c = app.test_client()
    assert c.get("/language/es?next=/").status_code == 303
    return c


def check(resp, status: int = 200) -> str:
    """Assert a page is Spanish, has the right status and no English interface words."""
    assert resp.status_code == status, resp.status_code
    html = resp.text
    assert '<html lang="es">' in html
    assert english_left(html) == [], resp.request.path
    return html


def test_every_patient_page_speaks_spanish(app, spanish):
    c = spanish
    mod = app.extensions["catalogues"]["es"].module("demo")
    check(c.get("/"))
    check(c.get("/glossary"))
    check(c.get("/sheet"))
    check(c.get("/m/demo"))
    check(c.get("/nowhere"), 404)
    p = Patient(c)
    p.start()
    check(c.get("/m/demo/read/one"))
    q1 = check(c.get("/m/demo/q/demo-q1"))
    assert "Comprobar: lo sé" in q1 and "Todavía no lo sé" in q1
    check(c.post("/m/demo/q/demo-q1", data={"csrf_token": token(q1)}), 400)  # no answer picked: the error too
    p.answer("demo-q1", "recipe-protein", "sure")
    check(c.get("/m/demo/q/demo-q1/feedback"))
    p.answer("demo-q2", "hair-only", "sure")
    wrong = check(c.get("/m/demo/q/demo-q2/feedback"))
    assert "No exactamente" in wrong
    two = check(c.get("/m/demo/read/two"))
    assert 'lang="en"' in two  # section two is still a stub: shown in English, and marked so
    for q in mod.questions[2:]:
        p.answer(q.id, next(ch.id for ch in q.choices if not ch.correct), "unsure")
    check(c.get("/m/demo/results"))
    p.retry()
    check(c.get("/m/demo/retry/demo-q4-again"))
    p.answer("demo-q4-again", "could-happen", rnd=2)
    check(c.get("/m/demo/retry/demo-q4-again/feedback"))
    check(c.get("/m/demo/results"))
    sheet = check(c.get("/sheet"))
    assert "Lo que me gustaría preguntar" in sheet and "Yo pensaba" in sheet


def test_joining_broken_links_readers_and_a_closed_reading_speak_spanish(app, spanish):
    create_clinician(app, "es@clinic.example")
    doctor = app.test_client()
    sign_in(doctor, "es@clinic.example")
    share = assign(doctor, ["demo"], "spanish pages")
    c = spanish
    check(c.get(f"/a/{share['token']}"))
    check(c.get("/a/not-a-real-token-at-all"), 404)
    check(enter_code(c, "ZZZZ-ZZZZ"), 404)
    check(enter_code(c, ""), 400)
    join(c, share["token"], "parent")
    join(c, share["token"], "caregiver")
    check(c.get("/who"))
    check(c.get(f"/a/{share['token']}"))
    page = doctor.get(f"/clinician/assignments/{share['public_id']}/revoke").text
    doctor.post(f"/clinician/assignments/{share['public_id']}/revoke", data={"csrf_token": token(page)})
    check(c.get("/"))
    check(c.get(f"/a/{share['token']}"), 410)
    check(c.get("/m/demo/q/demo-q1"), 403)  # the reading closed before this person answered


def test_the_catalogue_has_no_untranslated_or_fuzzy_entry():
    with PO.open("rb") as fh:
        cat = read_po(fh)
    empty = [m.id for m in cat if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    assert empty == [] and fuzzy == []


def test_extraction_finds_nothing_the_catalogue_lacks(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(pot),
                    "--no-location", "."], cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as fh:
        found = {m.id for m in read_po(fh) if m.id}
    with PO.open("rb") as fh:
        translated = {m.id for m in read_po(fh) if m.id}
    assert found - translated == set(), "run pybabel update and translate the new words (see README)"
    assert translated - found == set(), "words no longer in the code: run pybabel update"
