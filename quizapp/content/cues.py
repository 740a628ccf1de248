"""Cues in one question that let a test-wise reader answer without the reading.

Everything here looks at a question's authored choices only (never "I don't know yet") and
never at the section it belongs to. Each function returns plain findings; the gate adds
the place (file / module / section / question) and decides what is an error. The rules over
a whole topic or bank (key length ranks, the test-wise solver, stock options) are in bank.py,
the solver's strategies in solver.py.

The word lists are a parameter (a Words): ENGLISH below by default, Spanish in gate_es.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .model import Question

ABSOLUTES = frozenset("""only every all none no cannot can't never always same just any whole entire forever
completely totally nothing nobody everyone everything""".split())
HEDGES = frozenset("may might can could some often most usually sometimes rarely likely possible possibly".split())
KEY_LENGTH_LIMIT = 1.15    # the key is never more than 15 % longer than the longest wrong option
MAX_LENGTH_RATIO = 1.6     # longest option over shortest, in characters, within one question
FEEDBACK_OVERLAP = 0.6     # Jaccard share of content words above which feedback repeats the explanation
FEEDBACK_COPY = 0.8        # a wrong option's feedback sentence this close to one of the explanation's is a copy
STOPWORDS = frozenset("""a an the and or but if of to in on at by for from with into onto out up as is are was were be
been being am it its it's this that these those there their they them you your you're yours we our us he she his
her him i me my do does did done have has had not yes what which who whom whose when where why how than then so
such very also more less will would should could shall one get gets got about over""".split())
NEGATIONS = frozenset("not no never cannot can't don't doesn't won't isn't aren't didn't none nothing".split())
CONDITIONS = frozenset("until once when after unless while".split())
DIFFER = re.compile(r"\b(?:differ|differs|difference|differences|different)\b", re.IGNORECASE)
SAME = re.compile(r"\b(?:same|alike|identical|no difference)\b", re.IGNORECASE)
BANNED_IN_OPTIONS = {
    "'all of the above'": r"\ball of the above\b",
    "'none of the above'": r"\bnone of the above\b",
    "'always'": r"\balways\b",
    "'never'": r"\bnever\b",
    "a reference to other options": r"(?<!all of )(?<!none of )\bthe above\b"
                                    r"|\b(?:options?|choices?|answers?)\s+\(?[a-d]\)?(?=\s*(?:$|[,.;:!?)]|and\b|or\b))",
}
LOWERCASE_NEGATIVE = re.compile(r"\b(?:[Nn]ot|[Ee]xcept|[Nn]ever)\b|n['’]t\b")
FUNCTION_WORDS = STOPWORDS | ABSOLUTES | HEDGES | NEGATIONS | CONDITIONS
_NUMBERS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


@dataclass(frozen=True)
class Words:
    """One language's words for the cue rules, so the same rules judge English and translated items."""
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


ENGLISH = Words(ABSOLUTES, HEDGES, STOPWORDS, NEGATIONS, CONDITIONS, DIFFER, SAME,
                re.compile(r"[a-z0-9]+(?:'[a-z]+)?"), "until", _NUMBERS, _DAYS, absent=frozenset({"no", "without"}))


def tokens(text: str, vocab: Words = ENGLISH) -> list[str]:
    """Lower-case words, keeping contractions whole (can't, don't)."""
    return vocab.token.findall(text.lower().replace("’", "'"))


def content_words(text: str, vocab: Words = ENGLISH) -> set[str]:
    """The words that carry meaning, with a plural -s dropped, so 'years' meets 'year'."""
    words = (w for w in tokens(text, vocab) if w not in vocab.function_words)
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words}


def overlap(a: str, b: str) -> float:
    """Jaccard share of content words two texts have in common (0 when either has none)."""
    x, y = content_words(a), content_words(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def found(text: str, words: frozenset[str], vocab: Words = ENGLISH) -> list[str]:
    """The words (or phrases) of a list that a text uses, in order of first use."""
    joined = f" {' '.join(tokens(text, vocab))} "
    return sorted((w for w in words if f" {w} " in joined), key=lambda w: joined.index(f" {w} "))


# ---------------------------------------------------------------- rules on one question

def wording_findings(q: Question) -> list[str]:
    """Stem and option wording item-writing guides ban: negative stems, a/an endings, 'all of the above'."""
    out = []
    if negative := LOWERCASE_NEGATIVE.search(q.prompt):
        out.append(f"field 'prompt': negative wording ('{negative.group(0)}'); ask it positively, "
                   "or write NOT in capitals if a negative is unavoidable")
    if re.search(r"\b(?:a|an)\s*[?:]?\s*$", q.prompt, re.IGNORECASE):
        out.append("field 'prompt': ends with 'a' or 'an', a grammar clue to the answer")
    for n, c in enumerate(q.authored_choices, 1):
        out += [f"choice #{n} / field 'text': uses {name}, which item-writing rules ban in options"
                for name, pattern in BANNED_IN_OPTIONS.items() if re.search(pattern, c.text, re.IGNORECASE)]
    return out


def option_findings(q: Question, vocab: Words = ENGLISH) -> list[str]:
    """Item-writing flaws in one question's options: length clue, unbalanced wording, stem clashes."""
    key = q.correct_choice
    wrong = [c for c in q.authored_choices if not c.correct]
    out = []
    longest_wrong = max((len(c.text) for c in wrong), default=0)
    lengths = [len(c.text) for c in q.authored_choices]
    if max(lengths) > MAX_LENGTH_RATIO * min(lengths):
        out.append(f"field 'choices': options run from {min(lengths)} to {max(lengths)} characters, "
                   f"{max(lengths) / min(lengths):.2f} times; keep the longest within {MAX_LENGTH_RATIO:g} times "
                   "the shortest")
    if longest_wrong and len(key.text) > KEY_LENGTH_LIMIT * longest_wrong:
        out.append(f"field 'choices': the right option is {len(key.text)} characters, more than 15 % longer "
                   f"than the longest wrong one ({longest_wrong}); a length clue")
    for kind, words in (("absolute", vocab.absolutes), ("hedge", vocab.hedges)):
        in_key = found(key.text, words, vocab)
        in_wrong = [w for c in wrong for w in found(c.text, words, vocab)]
        if in_key and not in_wrong:
            out.append(f"field 'choices': only the right option uses {kind} wording ('{in_key[0]}'); "
                       f"use it in a wrong option too, or in none")
        elif in_wrong and not in_key:
            out.append(f"field 'choices': a wrong option uses {kind} wording ('{in_wrong[0]}') and the right "
                       "one does not; balance them")
    n_of = {c.id: n for n, c in enumerate(q.authored_choices, 1)}
    out += [f"choice #{n_of[c.id]} / field 'text': {why}" for c in wrong
            if (why := ruled_out(q.prompt, c.text, vocab))]
    out += [f"choice #{n_of[c.id]} / field 'feedback': '{copy}' repeats a sentence of the explanation, and the "
            "page shows both; say what this choice gets wrong instead"
            for c in wrong if (copy := copied_sentence(c.feedback, q.explanation))]
    return out


def copied_sentence(feedback: str, explanation: str) -> str:
    """Return the feedback sentence that nearly copies one of the explanation's, or ''."""
    def sentences(text: str) -> list[str]:
        return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if len(content_words(s)) >= 3]
    theirs = sentences(explanation)
    return next((s for s in sentences(feedback) if any(overlap(s, e) >= FEEDBACK_COPY for e in theirs)), "")


def option_warnings(q: Question) -> list[str]:
    """Weaker flaws: feedback that repeats the explanation."""
    out = []
    for n, c in enumerate(q.authored_choices, 1):
        if (share := overlap(c.feedback, q.explanation)) > FEEDBACK_OVERLAP:
            out.append(f"choice #{n} / field 'feedback': repeats the explanation ({share:.0%} of content words "
                       "shared); say what this choice gets right or wrong instead")
    return out


def ruled_out(prompt: str, option: str, vocab: Words = ENGLISH) -> str:
    """Say why the stem alone rules an option out, or return '' when it does not."""
    sentences = re.split(r"(?<=[.!?])\s+", prompt.strip())
    given = " ".join(s for s in sentences if not s.endswith("?"))
    asked = " ".join(s for s in sentences if s.endswith("?"))
    if vocab.differ.search(asked) and vocab.same.search(option):
        return "the stem asks how things differ and this option says they do not"
    if not given:
        return ""
    stated, words, claimed = content_words(given, vocab), tokens(option, vocab), content_words(option, vocab)
    if set(words) & vocab.negations and len(claimed) >= 2 and claimed <= stated:
        return "it denies what the stem states as given"
    for n, w in enumerate(words):
        rest = content_words(" ".join(words[n + 1:]), vocab)
        if w in vocab.conditions and len(rest) >= 2 and rest <= stated:
            return f"it waits '{w}' something the stem says has already happened"
    if not set(words) & vocab.negations and (gone := absent(given, vocab) & claimed):
        named = next(w for w in words if content_words(w, vocab) & gone)
        return f"it names what the stem says is not there ('{named}')"
    after = option.lower().split(vocab.until, 1)
    passed, limit = _days(given, vocab), _days(after[1], vocab) if len(after) > 1 else None
    if passed and limit and limit < passed:
        return "it ends at a time the stem says is already past"
    return ""


def absent(text: str, vocab: Words = ENGLISH) -> set[str]:
    """The things a text says are not there: the first content word after 'no' or 'without'."""
    words, out = tokens(text, vocab), set()
    for n, w in enumerate(words):
        if w in vocab.absent:
            nxt = next((x for x in words[n + 1:n + 3] if x not in vocab.function_words), None)
            out |= content_words(nxt, vocab) if nxt else set()
    return out


def _days(text: str, vocab: Words = ENGLISH) -> int | None:
    """The longest span of time a text names (2 years, three-month), in days."""
    spans = [(int(n) if n.isdigit() else vocab.numbers[n.lower()]) * vocab.units[u.lower()]
             for n, u in vocab.span.findall(text)]
    return max(spans, default=None)
