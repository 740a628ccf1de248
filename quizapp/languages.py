"""The languages the app speaks: one record each, in one place.

A language is its code, its own name, the word for it, how it writes dates and ordinals, how its
syllables are counted and its ease of reading is scored (and the limit a translated section must
meet), the words the content gate's cue rules look for, and where its translations live. Adding
one is a `register(Language(...))` here (or at start-up) plus its files: `questions/<folder>/`
for the content and, for the interface's words, `quizapp/translations/<code>/LC_MESSAGES/`.

Pure data and small functions: no Flask, no Flask-Babel, nothing else of the package, so every
layer can read it. English ("en") is the source the translations are made from.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

SOURCE = "en"              # the language the content is written in; every other one is a translation of it
N_ = str                   # marks words for the translators' catalogue (pybabel finds N_); translated where shown


@dataclass(frozen=True)
class Words:
    """One language's words for the content gate's cue rules, so the same rules judge every language."""
    absolutes: frozenset[str]      # entries may be phrases of several words ("no puede")
    hedges: frozenset[str]
    stopwords: frozenset[str]
    negations: frozenset[str]
    conditions: frozenset[str]     # words that make an option wait for something (until, once)
    differ: re.Pattern
    same: re.Pattern
    token: re.Pattern              # one word, lower case
    until: str
    numbers: dict[str, int]        # number words, for spans of time ("three months")
    units: dict[str, int]          # a unit of time in days, keyed by its singular
    plural: str = "s?"             # the regex ending of a unit's plural
    absent: frozenset[str] = frozenset()   # words saying a thing is not there ("no virus", "without a donor")

    @cached_property
    def function_words(self) -> frozenset[str]:
        """Words that carry no topic of their own (single words of the lists above)."""
        return self.stopwords | self.absolutes | self.hedges | self.negations | self.conditions

    @cached_property
    def span(self) -> re.Pattern:
        """A number followed by a unit of time."""
        return re.compile(rf"\b(\d+|{'|'.join(self.numbers)})[\s-]({'|'.join(self.units)}){self.plural}\b",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Readability:
    """A readability formula over counted words, sentences and syllables, and the limit each section must meet."""
    name: str                                  # as the gate's messages say it: "Fernández-Huerta ease"
    short: str                                 # its column in the gate's table: "FH"
    formula: Callable[[int, int, int], float]  # (words, sentences, syllables) -> score
    limit: float
    higher_is_easier: bool = True              # an ease (0-100) rather than a school grade

    def score(self, words: int, sentences: int, syllables: int) -> float:
        """Score counted text; no words at all is as easy as text gets."""
        if not words:
            return 100.0 if self.higher_is_easier else 0.0
        return self.formula(words, max(1, sentences), syllables)

    def passes(self, value: float) -> bool:
        """True when a score is on the easy side of the limit."""
        return value >= self.limit if self.higher_is_easier else value <= self.limit

    def worst(self, values: list[float]) -> float:
        """The hardest of several scores."""
        return min(values) if self.higher_is_easier else max(values)


@dataclass(frozen=True)
class Language:
    """Everything the app needs to know about one language."""
    code: str                      # a two-letter code: the page's lang, the cookie, the answer rows
    name: str                      # its own name, for the switch and the forms: "Español"
    word: str                      # the English word for it, marked for translation: "Spanish"
    dates: dict[str, str]          # Babel (CLDR) patterns: short, long, month, stamp
    ordinal: Callable[[int], str]  # 2 -> "2nd"
    syllable_rules: str            # how syllables.py counts: "english", "spanish", or "plain" (vowel groups)
    hyphenation: str | None        # the pyphen dictionary whose points also count syllables (None: vowels only)
    readability: Readability
    words: Words                   # the cue rules' word lists
    voiced: tuple[str, ...] = ()   # openings of a misunderstanding already said as the reader's question
    folder: str | None = None      # its content translations under the questions folder (None: the source)


_REGISTERED: dict[str, Language] = {}


def register(language: Language) -> Language:
    """Add a language (or replace the one with its code); return it."""
    if not re.fullmatch(r"[a-z]{2}", language.code):
        raise ValueError(f"a language code is two lower-case letters, not {language.code!r}")
    _REGISTERED[language.code] = language
    return language


def registered() -> tuple[Language, ...]:
    """Every language, the source first, the others in the order they were registered."""
    return tuple(_REGISTERED.values())


def codes() -> tuple[str, ...]:
    """Every language's code."""
    return tuple(_REGISTERED)


def get(code: str | None) -> Language | None:
    """The language with this code, or None."""
    return _REGISTERED.get(code) if code else None


def language(code: str | None) -> Language:
    """The language with this code, or the source language for a code we do not speak."""
    return _REGISTERED.get(code or SOURCE) or _REGISTERED[SOURCE]


def translations() -> tuple[Language, ...]:
    """Every language the content is translated into, with its folder under questions/."""
    return tuple(lang for lang in _REGISTERED.values() if lang.folder)


def names() -> dict[str, str]:
    """Each language's code and its own name."""
    return {lang.code: lang.name for lang in _REGISTERED.values()}


def voiced() -> tuple[str, ...]:
    """Every language's openings of a misunderstanding already said as a question (lower case)."""
    return tuple(v for lang in _REGISTERED.values() for v in lang.voiced)


# ---------------------------------------------------------------- the formulas

def flesch_kincaid_grade(words: int, sentences: int, syllables: int) -> float:
    """Flesch-Kincaid grade: a US school grade, from words per sentence and syllables per word."""
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


def fernandez_huerta(words: int, sentences: int, syllables: int) -> float:
    """Fernandez-Huerta ease (0-100, higher is easier), the Flesch scale's Spanish form.

    206.84 - 0.60 P - 1.02 F with P syllables per 100 words and F words per sentence. Many
    sources print F as sentences per 100 words, a known error in copying the 1959 formula:
    with it, shorter sentences would score harder.
    """
    return 206.84 - 0.60 * 100 * syllables / words - 1.02 * words / sentences


def _english_ordinal(n: int) -> str:
    """2 -> "2nd", 3 -> "3rd", 11 -> "11th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---------------------------------------------------------------- English

_EN_STOPWORDS = """a an the and or but if of to in on at by for from with into onto out up as is are was were be
been being am it its it's this that these those there their they them you your you're yours we our us he she his
her him i me my do does did done have has had not yes what which who whom whose when where why how than then so
such very also more less will would should could shall one get gets got about over"""

register(Language(
    code="en", name="English", word=N_("English"),
    dates={"short": "d MMM y", "long": "d MMMM y", "month": "MMMM y", "stamp": "d MMM y, HH:mm"},
    ordinal=_english_ordinal, syllable_rules="english", hyphenation="en_US",
    readability=Readability("Flesch-Kincaid grade", "FK", flesch_kincaid_grade, 8.0, higher_is_easier=False),
    words=Words(
        absolutes=frozenset("""only every all none no cannot can't never always same just any whole entire forever
            completely totally nothing nobody everyone everything""".split()),
        hedges=frozenset("may might can could some often most usually sometimes rarely likely possible possibly"
                         .split()),
        stopwords=frozenset(_EN_STOPWORDS.split()),
        negations=frozenset("not no never cannot can't don't doesn't won't isn't aren't didn't none nothing"
                            .split()),
        conditions=frozenset("until once when after unless while".split()),
        differ=re.compile(r"\b(?:differ|differs|difference|differences|different)\b", re.IGNORECASE),
        same=re.compile(r"\b(?:same|alike|identical|no difference)\b", re.IGNORECASE),
        token=re.compile(r"[a-z0-9]+(?:'[a-z]+)?"), until="until",
        numbers={w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve"
                                            .split())},
        units={"day": 1, "week": 7, "month": 30, "year": 365}, absent=frozenset({"no", "without"})),
    voiced=("i am not sure",)))

# ---------------------------------------------------------------- Spanish

_ES_STOPWORDS = """a al ante bajo con contra de del desde durante en entre hacia mediante para por según sin
sobre el la los las lo un una unos unas y e o u ni pero sino que qué como cómo donde dónde quien quién cual
cuál cuales cuáles cuánto cuántos cuánta cuántas es son era eran fue fueron ser sea estar está están estaba
ha han he has hay haber había se su sus mi mis tu tus yo usted ustedes él ella ellos ellas nos nosotros le les
me te este esta estos estas ese esa esos esas eso esto aquel más menos muy también ya si sí porque tiene
tienen tener hace hacer va van ir otro otra otros otras veces menudo mayoría"""

register(Language(
    code="es", name="Español", word=N_("Spanish"),
    dates={"short": "d MMM y", "long": "d 'de' MMMM 'de' y", "month": "MMMM 'de' y", "stamp": "d MMM y, HH:mm"},
    ordinal=lambda n: f"{n}.ª", syllable_rules="spanish", hyphenation="es",
    readability=Readability("Fernández-Huerta ease", "FH", fernandez_huerta, 70.0),   # 70 or more: "fairly easy"
    words=Words(
        absolutes=frozenset({"solo", "sólo", "únicamente", "todo", "todos", "todas", "cada", "ninguno", "ninguna",
                             "ningún", "nadie", "nada", "nunca", "jamás", "siempre", "mismo", "misma", "cualquier",
                             "no puede", "entero", "entera", "enteros", "enteras", "para siempre", "de por vida",
                             "totalmente", "completamente"}),
        hedges=frozenset({"puede", "pueden", "podría", "podrían", "algunos", "algunas", "a veces", "a menudo",
                          "la mayoría", "suele", "suelen", "generalmente", "por lo general", "quizás", "quizá",
                          "rara vez", "es probable", "probablemente", "posible"}),
        stopwords=frozenset(_ES_STOPWORDS.split()),
        negations=frozenset("no nunca jamás ninguno ninguna nada tampoco ni sin".split()),
        conditions=frozenset("hasta cuando después mientras tras apenas".split()),
        differ=re.compile(r"\b(?:difiere|difieren|diferencias?|diferentes?|distint[oa]s?)\b", re.IGNORECASE),
        same=re.compile(r"\b(?:igual|iguales|idéntic[oa]s?|mism[oa]s?|ninguna diferencia)\b", re.IGNORECASE),
        token=re.compile(r"[a-z0-9áéíóúüñ]+"), until="hasta",
        numbers={w: n for n, w in enumerate("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce"
                                            .split())} | {"un": 1, "una": 1},
        units={"día": 1, "semana": 7, "mes": 30, "año": 365}, plural="(?:s|es)?",
        absent=frozenset({"sin", "ningún", "ninguna"})),
    voiced=("no tengo claro",), folder="es"))
