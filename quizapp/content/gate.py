"""The content gate: readability and item-writing checks over a loaded catalogue.

Pure functions, no Flask. `review` returns a report of one row per module plus every
error and warning, each naming the file and the place (module / section / question /
field) the way the loader does; `format_table` turns it into plain text for authors.

Readability follows BRIEF §1: Flesch-Kincaid grade, Flesch Reading Ease and SMOG, with
glossary terms masked (long disease and product names would otherwise inflate every
formula). Sentences are counted with textstat. Syllables are counted here, offline:
textstat >= 0.7.4 counts them with the NLTK CMU dictionary, which it tries to download
on first use, so results would differ between a machine with network and one without.
The counter below (pyphen, which textstat ships with, or a vowel-group rule, whichever
counts more) agrees with the CMU dictionary on about 99 % of words in the brief and errs
slightly high, so the gate is a little strict rather than a little lenient.
"""
from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import textstat
from markdown_it import MarkdownIt
from pyphen import Pyphen

from .loader import COMMON_FILE
from .model import Catalogue, Module, Question, Section

GRADE_ERROR = 8.0          # BRIEF: never above grade 8
GRADE_WARNING = 6.0        # BRIEF: aim for grade 6
FRE_WARNING = 60.0         # BRIEF: Flesch Reading Ease at least 60
SMOG_WARNING = 8.0         # BRIEF: SMOG at most 8 on a whole module
SMOG_MIN_SENTENCES = 30    # SMOG is only defined on 30 or more sentences
WORDS_ERROR = 230          # a section is a short chunk (aim ~200 words)
WORDS_WARNING = 200
SECTIONS_PER_MODULE = (4, 7)
QUESTIONS_PER_SECTION = (2, 4)
LENGTH_SPREAD = 2.5        # longest option over shortest, in characters
LENGTH_CLUE = 1.25         # right answer over the longest wrong one
REVIEW_DAYS = 365
MASK = "term"              # a one-syllable stand-in for a defined glossary term

BANNED_IN_OPTIONS = {
    "'all of the above'": r"\ball of the above\b",
    "'none of the above'": r"\bnone of the above\b",
    "'always'": r"\balways\b",
    "'never'": r"\bnever\b",
    "a reference to other options": r"(?<!all of )(?<!none of )\bthe above\b"
                                    r"|\b(?:options?|choices?|answers?)\s+\(?[a-d]\)?(?=\s*(?:$|[,.;:!?)]|and\b|or\b))",
}
LOWERCASE_NEGATIVE = re.compile(r"\b(?:[Nn]ot|[Ee]xcept|[Nn]ever)\b|n['’]t\b")
CURE_PROMISES = re.compile(
    r"\bwill cure\b|\bcures? (?:you|your|it|them|everyone|everybody|every)\b|\bguarantee(?:d|s)?\b"
    r"|\bcured? for (?:good|life)\b|\bpermanent cure\b|\bcompletely safe\b|\brisk[- ]free\b"
    r"|\b(?:100 ?%|fully) (?:effective|safe)\b|\bcan(?:not|['’]t) fail\b",
    re.IGNORECASE)
_markdown = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable("replacements")
_pyphen = Pyphen(lang="en_US")
_SYLLABLE_EXCEPTIONS = {"recipe": 3, "recipes": 3, "people": 2, "every": 2, "everyone": 3, "everything": 3}
_EMPHASIS = {"NOT", "NO", "ONLY", "ALL", "AND", "OR", "BEST", "MOST", "ONE"}


@dataclass(frozen=True)
class Scores:
    words: int
    sentences: int
    syllables: int
    polysyllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade."""
        if not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def fre(self) -> float:
        """Flesch Reading Ease (higher is easier)."""
        if not self.words:
            return 100.0
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words

    @property
    def smog(self) -> float | None:
        """SMOG grade, or None below the 30 sentences the formula needs."""
        if self.sentences < SMOG_MIN_SENTENCES:
            return None
        return 1.043 * (self.polysyllables * 30 / self.sentences) ** 0.5 + 3.1291


@dataclass(frozen=True)
class ModuleRow:
    id: str
    sections: int
    questions: int
    words: int
    grade_mean: float
    grade_worst: float
    fre: float
    smog: float | None
    reading_minutes: int


@dataclass
class GateReport:
    rows: list[ModuleRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing blocks publishing."""
        return not self.errors


# ---------------------------------------------------------------- readability

@lru_cache(maxsize=None)
def syllables(word: str) -> int:
    """Count the syllables of one word (acronyms letter by letter)."""
    if word.isalpha() and word.isupper() and 2 <= len(word) <= 5 and word not in _EMPHASIS:
        return sum(3 if ch == "W" else 1 for ch in word)
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 1
    if w in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[w]
    n = len(re.findall(r"[aeiouy]+", w))
    if re.search(r"[^aeiouy]e$", w) and not re.search(r"[^aeiouy]le$", w):
        n -= 1                                          # silent final e: make, cure
    elif re.search(r"[^aeiouycgsxz]es$", w) or re.search(r"(?<![cs])hes$", w):
        n -= 1                                          # genes, names
    elif re.search(r"[^aeiouytd]ed$", w):
        n -= 1                                          # helped, changed
    n -= len(re.findall(r"[^aeiouy]e(?:ly|ty|ful|ment|less|ness)", w))
    n += len(re.findall(r"(?<![tscgxlq])i[aou]|[aeiou]ing|(?<!q)u[ao]|[^aeiou]ia$|ea$|iet|(?<![tc])ien(?!d)", w))
    return max(1, n, len(_pyphen.positions(w)) + 1)


def scores(text: str) -> Scores:
    """Count words, sentences and syllables the way the Flesch formulas need them."""
    words = re.sub(r"[^\w\s'’]", "", text).split()
    if not words:
        return Scores(0, 1, 0, 0)
    counts = [syllables(w) for w in words]
    return Scores(len(words), max(1, textstat.sentence_count(text)), sum(counts), sum(c >= 3 for c in counts))


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
            block = re.sub(r"[:;,]$", "", block)
            if not re.search(r"[.!?][\"'’”)]*$", block):
                block += "."
            read.append(block)
            if not in_heading:
                scored.append(block)
    return " ".join(read), " ".join(scored)


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
        forms = sorted(self.by_form, key=len, reverse=True)
        body = "|".join(re.escape(f) for f in forms) or r"(?!x)x"
        self.pattern = re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)

    def used(self, text: str) -> dict[str, str]:
        """Return {term id: first form seen} for every term in the text."""
        found: dict[str, str] = {}
        for match in self.pattern.finditer(text):
            found.setdefault(self.by_form[match.group(0).casefold()], match.group(0))
        return found

    def mask(self, text: str) -> str:
        """Replace every term with a short word so long names do not count as hard words."""
        return self.pattern.sub(MASK, text)


# ---------------------------------------------------------------- the review

def review(catalogue: Catalogue, today: dt.date | None = None) -> GateReport:
    """Check readability and item writing; return module rows, errors and warnings."""
    today = today or dt.date.today()
    report = GateReport(warnings=list(catalogue.warnings))
    glossary = Glossary(catalogue)
    common = _common_path(catalogue)
    _check_common(catalogue, glossary, common, report)
    prompts: dict[str, str] = {}
    for module in catalogue.modules.values():
        report.rows.append(_check_module(module, catalogue, glossary, today, prompts, report))
    tested = {q.concept for m in catalogue.modules.values() for q in m.questions}
    for concept in catalogue.concepts:
        if concept not in tested:
            report.warnings.append(f"{common}: concept {concept}: no question tests this concept")
    used = {c.misconception for m in catalogue.modules.values() for q in m.questions for c in q.authored_choices}
    for mid in catalogue.misconceptions:
        if mid not in used:
            report.warnings.append(f"{common}: misconception {mid}: no wrong choice reveals it")
    return report


def _common_path(catalogue: Catalogue) -> str:
    """Name the shared file next to the module files."""
    first = next(iter(catalogue.modules.values()), None)
    return str(Path(first.path).parent / COMMON_FILE) if first and first.path else COMMON_FILE


def _check_common(catalogue: Catalogue, glossary: Glossary, common: str, report: GateReport) -> None:
    """Check the shared file: plain definitions and corrections, no promises."""
    for form, first, second in glossary.clashes:
        report.warnings.append(f"{common}: term {second} / field 'forms': '{form}' is also a form of term {first}")
    texts = [("field 'disclaimer'", catalogue.disclaimer), ("field 'checklist'", " ".join(catalogue.checklist))]
    texts += [(f"term {t.id} / field 'definition'", t.definition) for t in catalogue.glossary.values()]
    texts += [(f"misconception {m.id} / field 'correction'", m.correction) for m in catalogue.misconceptions.values()]
    for place, text in texts:
        _promise(text, f"{common}: {place}", report)
        grade = scores(glossary.mask(text)).grade
        if grade > GRADE_ERROR:
            report.warnings.append(f"{common}: {place}: reading grade {grade:.1f} is above {GRADE_ERROR:g}")
    for m in catalogue.misconceptions.values():
        _promise(" ".join(m.talking_points), f"{common}: misconception {m.id} / field 'talking_points'", report)


def _check_module(module: Module, catalogue: Catalogue, glossary: Glossary, today: dt.date,
                  prompts: dict[str, str], report: GateReport) -> ModuleRow:
    """Check one module and its sections; return its table row."""
    where = f"{module.path or module.id}: module {module.id}"
    low, high = SECTIONS_PER_MODULE
    if not low <= len(module.sections) <= high:
        report.errors.append(f"{where}: has {len(module.sections)} sections; a module needs {low} to {high}")
    if not [s for s in module.sources if s.strip()]:
        report.errors.append(f"{where}: field 'sources': a module must name its sources")
    age = (today - module.reviewed).days
    if age > REVIEW_DAYS:
        report.warnings.append(f"{where}: field 'reviewed': last checked {module.reviewed} ({age} days ago); "
                               "check it against its sources again")
    elif age < 0:
        report.warnings.append(f"{where}: field 'reviewed': the date {module.reviewed} is in the future")
    for place, text in (("field 'title'", module.title), ("field 'summary'", module.summary)):
        _promise(text, f"{where} / {place}", report)
    if scores(glossary.mask(module.summary)).grade > GRADE_ERROR:
        report.warnings.append(f"{where} / field 'summary': reading grade is above {GRADE_ERROR:g}")
    grades, scored_texts, listed, words = [], [], set(), 0
    for section in module.sections:
        grade, scored, n_words = _check_section(section, where, glossary, listed, report)
        listed.update(section.terms)
        grades.append(grade)
        scored_texts.append(scored)
        words += n_words
        for question in section.questions:
            _check_question(question, catalogue, glossary, f"{where} / section {section.id}", prompts, report)
    whole = scores(" ".join(scored_texts))
    if whole.smog is not None and whole.smog > SMOG_WARNING:
        report.warnings.append(f"{where}: SMOG grade {whole.smog:.1f} is above {SMOG_WARNING:g}")
    return ModuleRow(module.id, len(module.sections), len(module.questions), words,
                     round(statistics.fmean(grades), 1) if grades else 0.0,
                     round(max(grades), 1) if grades else 0.0, round(whole.fre, 1),
                     None if whole.smog is None else round(whole.smog, 1), module.reading_minutes)


def _check_section(section: Section, module_where: str, glossary: Glossary, earlier: set[str],
                   report: GateReport) -> tuple[float, str, int]:
    """Check one section's body; return its grade, its masked scored text and its word count."""
    where = f"{module_where} / section {section.id}"
    read, scored = plain_text(section.body)
    n_words = len(read.split())
    if n_words > WORDS_ERROR:
        report.errors.append(f"{where} / field 'body': {n_words} words; keep a section to {WORDS_ERROR} at most "
                             f"(aim for {WORDS_WARNING})")
    elif n_words > WORDS_WARNING:
        report.warnings.append(f"{where} / field 'body': {n_words} words; aim for {WORDS_WARNING} at most")
    if not [s for s in section.sources if s.strip()]:
        report.errors.append(f"{where}: field 'sources': a section must name the sources of its facts")
    low, high = QUESTIONS_PER_SECTION
    if not low <= len(section.questions) <= high:
        report.errors.append(f"{where}: has {len(section.questions)} questions; a section needs {low} to {high}")
    for place, text in (("field 'title'", section.title), ("field 'body'", read)):
        _promise(text, f"{where} / {place}", report)
    # An unlisted term reaches the patient undefined (PEMAT: define medical terms where they
    # appear), and the reading score masks it as if it were explained: so this is an error.
    used = glossary.used(read)
    for term_id, form in used.items():
        if term_id not in section.terms and term_id not in earlier:
            report.errors.append(f"{where} / field 'terms': the body uses the glossary term {term_id} "
                                 f"(as '{form}') but it is not listed here or in an earlier section")
    for term_id in section.terms:
        if term_id not in used:
            report.warnings.append(f"{where} / field 'terms': lists {term_id} but the body does not use it")
    masked = glossary.mask(scored)
    s = scores(masked)
    if s.grade > GRADE_ERROR:
        report.errors.append(f"{where} / field 'body': reading grade {s.grade:.1f} is above {GRADE_ERROR:g}")
    elif s.grade > GRADE_WARNING:
        report.warnings.append(f"{where} / field 'body': reading grade {s.grade:.1f} is above the aim of "
                               f"{GRADE_WARNING:g}")
    if s.fre < FRE_WARNING:
        report.warnings.append(f"{where} / field 'body': reading ease {s.fre:.0f} is below {FRE_WARNING:g}")
    return s.grade, masked, n_words


def _check_question(q: Question, catalogue: Catalogue, glossary: Glossary, section_where: str,
                    prompts: dict[str, str], report: GateReport) -> None:
    """Check one question: wording, options, answer key, misconception tags, feedback."""
    where = f"{section_where} / question {q.id}"
    err, warn = report.errors.append, report.warnings.append
    if not q.id.startswith(f"{q.module_id}-"):
        warn(f"{where} / field 'id': question ids start with the module id ('{q.module_id}-')")
    key = re.sub(r"[\s?.!]+", " ", q.prompt.casefold()).strip()
    if key in prompts:
        err(f"{where} / field 'prompt': the same prompt as question {prompts[key]}")
    prompts.setdefault(key, q.id)
    negative = LOWERCASE_NEGATIVE.search(q.prompt)
    if negative:
        err(f"{where} / field 'prompt': negative wording ('{negative.group(0)}'); ask it positively, "
            "or write NOT in capitals if a negative is unavoidable")
    if re.search(r"\b(?:a|an)\s*[?:]?\s*$", q.prompt, re.IGNORECASE):
        err(f"{where} / field 'prompt': ends with 'a' or 'an', a grammar clue to the answer")
    grade = scores(glossary.mask(q.prompt)).grade
    if grade > GRADE_ERROR:
        err(f"{where} / field 'prompt': reading grade {grade:.1f} is above {GRADE_ERROR:g}")
    correct = [c for c in q.authored_choices if c.correct]
    if len(correct) != 1:
        err(f"{where}: field 'choices': needs exactly one correct choice, found {len(correct)}")
    for n, c in enumerate(q.authored_choices, 1):
        cwhere = f"{where} / choice #{n}"
        for name, pattern in BANNED_IN_OPTIONS.items():
            if re.search(pattern, c.text, re.IGNORECASE):
                err(f"{cwhere} / field 'text': uses {name}, which item-writing rules ban in options")
        if not c.correct and not c.misconception:
            err(f"{cwhere}: a wrong choice must name the misconception it reveals")
        if c.misconception and c.misconception not in catalogue.misconceptions:
            err(f"{cwhere} / field 'misconception': unknown misconception '{c.misconception}'")
        if c.correct and c.misconception:
            err(f"{cwhere}: the correct choice cannot name a misconception")
        _promise(c.text, f"{cwhere} / field 'text'", report)
        _promise(c.feedback, f"{cwhere} / field 'feedback'", report)
    _promise(q.prompt, f"{where} / field 'prompt'", report)
    _promise(q.explanation, f"{where} / field 'explanation'", report)
    lengths = [len(c.text) for c in q.authored_choices]
    if min(lengths) and max(lengths) > LENGTH_SPREAD * min(lengths):
        warn(f"{where} / field 'choices': options differ a lot in length ({min(lengths)} to {max(lengths)} "
             "characters); make them alike")
    wrong = [len(c.text) for c in q.authored_choices if not c.correct]
    if len(correct) == 1 and wrong and len(correct[0].text) > LENGTH_CLUE * max(wrong):
        warn(f"{where} / field 'choices': the right answer is clearly the longest option, a clue")
    options = " ".join(_sentence(c.text) for c in q.authored_choices)
    grade = scores(glossary.mask(options)).grade
    if grade > GRADE_ERROR:
        warn(f"{where} / field 'choices': options read at grade {grade:.1f}, above {GRADE_ERROR:g}")
    # One feedback line is too short for a stable score: judge a question's feedback as one text.
    teaching = " ".join(_sentence(t) for t in (*[c.feedback for c in q.authored_choices], q.explanation))
    grade = scores(glossary.mask(teaching)).grade
    if grade > GRADE_ERROR:
        err(f"{where} / field 'feedback': feedback and explanation read at grade {grade:.1f}, "
            f"above {GRADE_ERROR:g}")


def _sentence(text: str) -> str:
    """End a fragment with a full stop so it counts as its own sentence."""
    text = text.strip()
    return text if re.search(r"[.!?]$", text) else text + "."


def _promise(text: str, where: str, report: GateReport) -> None:
    """Flag wording that promises a cure or no risk."""
    match = CURE_PROMISES.search(text)
    if match:
        report.errors.append(f"{where}: promises too much ('{match.group(0)}'); say benefits honestly, "
                             "with the numbers from the brief")


# ---------------------------------------------------------------- the table

def format_table(report: GateReport) -> str:
    """Render one line per module, then the warnings and the errors."""
    head = f"{'module':<22}{'sections':>9}{'questions':>10}{'words':>7}{'grade':>7}{'worst':>7}" \
           f"{'FRE':>6}{'SMOG':>6}{'minutes':>9}"
    lines = [head, "-" * len(head)]
    for r in report.rows:
        smog = "n/a" if r.smog is None else f"{r.smog:.1f}"
        lines.append(f"{r.id:<22}{r.sections:>9}{r.questions:>10}{r.words:>7}{r.grade_mean:>7.1f}"
                     f"{r.grade_worst:>7.1f}{r.fre:>6.0f}{smog:>6}{r.reading_minutes:>9}")
    if report.rows:
        lines.append("-" * len(head))
        lines.append(f"{'total':<22}{sum(r.sections for r in report.rows):>9}"
                     f"{sum(r.questions for r in report.rows):>10}{sum(r.words for r in report.rows):>7}"
                     f"{'':>7}{max(r.grade_worst for r in report.rows):>7.1f}{'':>12}"
                     f"{sum(r.reading_minutes for r in report.rows):>9}")
    lines.append("grade = Flesch-Kincaid grade of section bodies (mean, worst), glossary terms masked; "
                 "FRE = Flesch Reading Ease; SMOG needs 30+ sentences")
    for title, items in (("Warnings", report.warnings), ("Errors", report.errors)):
        lines.append(f"\n{title} ({len(items)}):")
        lines.extend(f"  - {item}" for item in items)
    lines.append("\nFAILED: fix the errors above." if report.errors else "\nOK: no errors.")
    return "\n".join(lines)
