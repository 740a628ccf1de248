"""Readability: plain text out of Markdown, glossary terms, and our own formulas.

One way of scoring, the project's own, with no readability package: Flesch-Kincaid grade,
Flesch Reading Ease and SMOG for English, Fernandez-Huerta ease for Spanish, over the words,
sentences and syllables counted in syllables.py (which says why we count them ourselves).

It also names the words a US reader trips on: British spellings (a patient who searches
"haemoglobin" lands on pages not meant for them) and acronyms.

Scores are reported twice: unmasked (what the reader meets, and what the limits apply to)
and with glossary terms masked (each defined term replaced by a one-syllable word), which
shows how much of the difficulty comes from the defined terms alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from .model import Catalogue, Module
from .syllables import EMPHASIS, sentence_count, syllables, words

MASK = "term"              # a one-syllable stand-in for a defined glossary term
BRAND = re.compile(r"^[A-Z][a-z]+$")   # a product name in the glossary: one capitalised word (Zolgensma)
ACRONYM = re.compile(r"\b([a-z]?[A-Z]{2,})[A-Z0-9]*s?\b")   # DNA, mRNA, AAV9, the HLA of HLA-matched
BRITISH = {  # British form -> the US form patients, US labels and MedlinePlus use
    r"haem\w*": "hem-", r"\w*thalassaem\w*": "thalassemia", r"\w*leukaem\w*": "leukemia",
    r"\w*anaem\w*": "anemia", r"paediatric\w*": "pediatric", r"tumours?": "tumor",
    r"(?:mobil|organ|recogn|real|special|personal|random|immun|hospital|author|minim|stabil|util|optim)"
    r"is(?:e|es|ed|ing|ation|ations)": "-ize / -ization", r"centres?": "center", r"licence": "license",
    r"counsell\w*": "counseling", r"programmes?": "program", r"colours?": "color", r"behaviours?": "behavior",
    r"drips?": "IV",
}
_BRITISH = re.compile(r"\b(?:" + "|".join(f"(?P<b{n}>{p})" for n, p in enumerate(BRITISH)) + r")\b", re.IGNORECASE)
_markdown = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable("replacements")
SMOG_SENTENCES = 30        # SMOG counts polysyllables over 30 sentences; other lengths are scaled to it


@dataclass(frozen=True)
class Scores:
    words: int
    sentences: int
    syllables: int
    polysyllables: int     # words of three or more syllables, which SMOG counts

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade: a US school grade, from words per sentence and syllables per word."""
        if not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def ease(self) -> float:
        """Flesch Reading Ease, 0-100: higher is easier; 60 is plain English."""
        if not self.words:
            return 100.0
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words

    @property
    def smog(self) -> float:
        """SMOG grade, scaled to 30 sentences (meant for a whole topic's reading, not one line)."""
        if not self.words:
            return 0.0
        return 1.043 * (self.polysyllables * SMOG_SENTENCES / self.sentences) ** 0.5 + 3.1291


def scores(text: str, lang: str = "en") -> Scores:
    """Count words, sentences, syllables and polysyllables the way the formulas need them."""
    found = words(text)
    counts = [syllables(w, lang) for w in found]
    return Scores(len(found), sentence_count(text), sum(counts), sum(c >= 3 for c in counts))


def fernandez_huerta(text: str) -> float:
    """Fernandez-Huerta ease of Spanish text (0-100, higher is easier), the Flesch scale's Spanish form.

    206.84 - 0.60 P - 1.02 F with P syllables per 100 words and F words per sentence. Many
    sources print F as sentences per 100 words, a known error in copying the 1959 formula:
    with it, shorter sentences would score harder.
    """
    s = scores(text, "es")
    if not s.words:
        return 100.0
    return 206.84 - 0.60 * 100 * s.syllables / s.words - 1.02 * s.words / s.sentences


def sentence(text: str) -> str:
    """End a fragment with a full stop so it counts as its own sentence."""
    text = text.strip()
    return text if re.search(r"[.!?][\"'’”)]*$", text) else text + "."


def plain_text(markdown: str) -> tuple[str, str]:
    """Strip Markdown: return (all text read, text scored), each block ending as a sentence."""
    read, scored, in_heading = [], [], False
    for token in _markdown.parse(markdown):
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type in ("inline", "fence", "code_block"):
            parts = [c.content if c.type in ("text", "code_inline") else " " for c in (token.children or [])]
            block = " ".join("".join(parts).split()) if token.children else " ".join(token.content.split())
            if not block:
                continue
            block = sentence(re.sub(r"[:;,]$", "", block))
            read.append(block)
            if not in_heading:
                scored.append(block)
    return " ".join(read), " ".join(scored)


def question_places(module: Module) -> dict[str, str]:
    """Where each question, sibling and alternate sits in its module, in the words error messages use."""
    places = {q.id: f"section {q.section_id} / question {q.id}" for q in module.questions}
    return places | {f.id: f"{places[q.id]} / {kind} {f.id}" for q in module.questions
                     for kind, f in (("sibling", q.sibling), ("alternate", q.alternate)) if f}


def patient_texts(module: Module) -> list[tuple[str, str]]:
    """Every text of a topic a patient reads, questions and siblings included, with its place."""
    texts = [(f"field '{name}'", text) for name, text in (
        ("title", module.title), ("summary", module.summary), ("main_message", module.main_message),
        ("key_points", " ".join(module.key_points)), ("actions", " ".join(module.actions)))]
    for s in module.sections:
        texts += [(f"section {s.id} / field 'title'", s.title),
                  (f"section {s.id} / field 'body'", plain_text(s.body)[0])]
        if s.figure:
            texts += [(f"section {s.id} / field 'figure' / field '{name}'", getattr(s.figure, name))
                      for name in ("caption", "alt", "description")]
    for qid, place in question_places(module).items():
        q = module.question(qid)
        if q is None:
            continue
        texts += [(f"{place} / field 'prompt'", q.prompt), (f"{place} / field 'explanation'", q.explanation)]
        texts += [(f"{place} / choice #{n} / field '{name}'", text) for n, c in enumerate(q.authored_choices, 1)
                  for name, text in (("text", c.text), ("feedback", c.feedback))]
    return texts


def british(text: str) -> list[tuple[str, str]]:
    """List (British form found, US form to write) in order of use."""
    us = list(BRITISH.values())
    return [(m.group(0), us[int(str(m.lastgroup)[1:])]) for m in _BRITISH.finditer(text)]


def acronyms(text: str) -> set[str]:
    """The acronyms a text uses (DNA, AAV, FDA), not words in capitals for emphasis (NOT)."""
    return {a for a in ACRONYM.findall(text) if a not in EMPHASIS}


def heading_problems(markdown: str) -> list[str]:
    """Headings a screen reader would find out of order: the section title is the page's only h1."""
    tokens, previous, problems = _markdown.parse(markdown), 1, []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1])
            if level == 1 or level > previous + 1:
                problems.append(f"heading '{tokens[i + 1].content}' is level {level} after level {previous}; "
                                "headings start at ## and never skip a level")
            previous = level
    return problems


class Glossary:
    """Find and mask the glossary's terms in text, longest form first."""

    def __init__(self, catalogue: Catalogue):
        self.by_form: dict[str, str] = {}
        self.clashes: list[tuple[str, str, str]] = []
        for term in catalogue.glossary.values():
            for form in (*term.forms, term.term):
                key = form.casefold()
                owner = self.by_form.setdefault(key, term.id)
                if owner != term.id:
                    self.clashes.append((form, owner, term.id))
        self.pattern = self._pattern(self.by_form)
        brands = [f for t in catalogue.glossary.values() if BRAND.match(t.term) for f in (*t.forms, t.term)]
        self.brands = self._pattern(brands)

    @staticmethod
    def _pattern(forms) -> re.Pattern:
        """Match any of the forms as whole words, longest first, ignoring case."""
        body = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True)) or r"(?!x)x"
        return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)

    def used(self, text: str) -> dict[str, str]:
        """Return {term id: first form seen} for every term in the text."""
        found: dict[str, str] = {}
        for match in self.pattern.finditer(text):
            found.setdefault(self.by_form[match.group(0).casefold()], match.group(0))
        return found

    def mask(self, text: str) -> str:
        """Replace every term with a short word, to show how much the defined terms weigh."""
        return self.pattern.sub(MASK, text)
