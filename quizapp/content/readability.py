"""Readability: plain text out of Markdown, glossary terms, and textstat's formulas.

One way of scoring, textstat's: Flesch-Kincaid grade, Flesch Reading Ease and SMOG for
English, Fernandez-Huerta ease for Spanish. textstat is pinned to 0.7.3, which counts
syllables with pyphen's hyphenation dictionaries shipped inside the package; later
releases fetch the CMU dictionary over the network on first use, so scores would differ
(or fail) on a machine without network. textstat rounds every step by default (syllables
per word to one decimal, about 1.2 grade levels), so the gate keeps its own instances with
rounding off.

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
from textstat.textstat import textstatistics

from .model import Catalogue, Module

MASK = "term"              # a one-syllable stand-in for a defined glossary term
BRAND = re.compile(r"^[A-Z][a-z]+$")   # a product name in the glossary: one capitalised word (Zolgensma)
EMPHASIS = {"NOT", "NO", "ONLY", "ALL", "AND", "OR", "BEST", "MOST", "ONE"}   # capitals, not acronyms
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
_engines: dict[str, textstatistics] = {}


def _engine(lang: str) -> textstatistics:
    """Return a textstat instance for one language (en_US, es), unrounded, made once."""
    if lang not in _engines:
        engine = textstatistics()
        engine.set_lang(lang)
        engine.set_rounding(False)
        _engines[lang] = engine
    return _engines[lang]


@dataclass(frozen=True)
class Scores:
    words: int
    sentences: int
    grade: float           # Flesch-Kincaid grade
    ease: float            # Flesch Reading Ease (Fernandez-Huerta in Spanish): higher is easier
    smog: float            # SMOG grade, normalised by textstat to 30 sentences


def scores(text: str, lang: str = "en_US") -> Scores:
    """Score one text with textstat's formulas; empty text scores as trivially easy."""
    engine = _engine(lang)
    words = engine.lexicon_count(text)
    if not words:
        return Scores(0, 0, 0.0, 100.0, 0.0)
    ease = engine.fernandez_huerta(text) if lang.startswith("es") else engine.flesch_reading_ease(text)
    return Scores(words, engine.sentence_count(text), engine.flesch_kincaid_grade(text), ease,
                  engine.smog_index(text))


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
    """Where each question and sibling sits in its module, in the words error messages use."""
    places = {q.id: f"section {q.section_id} / question {q.id}" for q in module.questions}
    return places | {q.sibling.id: f"{places[q.id]} / sibling {q.sibling.id}" for q in module.questions if q.sibling}


def patient_texts(module: Module) -> list[tuple[str, str]]:
    """Every text of a topic a patient reads, questions and siblings included, with its place."""
    texts = [(f"field '{name}'", text) for name, text in (
        ("title", module.title), ("summary", module.summary), ("main_message", module.main_message),
        ("key_points", " ".join(module.key_points)), ("actions", " ".join(module.actions)))]
    for s in module.sections:
        texts += [(f"section {s.id} / field 'title'", s.title),
                  (f"section {s.id} / field 'body'", plain_text(s.body)[0])]
    for qid, place in question_places(module).items():
        q = module.question(qid)
        texts += [(f"{place} / field 'prompt'", q.prompt), (f"{place} / field 'explanation'", q.explanation)]
        texts += [(f"{place} / choice #{n} / field '{name}'", text) for n, c in enumerate(q.authored_choices, 1)
                  for name, text in (("text", c.text), ("feedback", c.feedback))]
    return texts


def british(text: str) -> list[tuple[str, str]]:
    """List (British form found, US form to write) in order of use."""
    us = list(BRITISH.values())
    return [(m.group(0), us[int(m.lastgroup[1:])]) for m in _BRITISH.finditer(text)]


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
