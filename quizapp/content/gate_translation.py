"""The gate for a translated catalogue: every unit translated and current, easy to read, and free of cues.

Pure functions over a Translation (translated.py), judged by the rules its language's entry in the
language registry gives (languages.py): its readability formula and limit, and its cue word lists.
Each topic gets a row: units translated, stale, missing and extra, the readability of its translated
sections (the worst and the mean; each within the language's limit), and the best test-wise
strategy's score on its translated questions. The item-writing rules of cues.py run on the
translated questions with the language's word lists (the length clue and ratio, absolute words and
hedges balanced, no option ruled out by its stem), and so do the rules of bank.py over all
translated topics (key length ranks, the test-wise solver, stock and copied items), lengths
measured on the translated text. English text shown in place of a missing translation is the
English gate's business, so only translated items are scored here.
"""
from __future__ import annotations

import dataclasses
import statistics
from collections import Counter
from dataclasses import dataclass, field

from ..languages import Language, get
from . import bank, copies, cues
from .loader import COMMON_FILE
from .readability import language_score, plain_text, question_places
from .translated import COMMON, EXTRA, MISSING, STALE, STATES, TRANSLATED, Translation


@dataclass(frozen=True)
class LangRow:
    id: str                # a topic, or "common" for the shared file (and files of unknown topics)
    units: int
    translated: int
    stale: int
    missing: int
    extra: int
    score_worst: float | None  # the language's readability score; None when no section is translated yet
    score_mean: float | None
    solver: tuple[str, float] | None   # the best strategy and its score; None when no question is translated yet
    errors: int = 0


@dataclass
class LangReport:
    lang: str
    rows: list[LangRow] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)   # (topic id or COMMON, message)
    cues: bank.BankReport | None = None

    @property
    def ok(self) -> bool:
        """True when every unit is translated and current and nothing else blocks publishing."""
        return not self.errors


def review(translation: Translation) -> LangReport:
    """Check the translation's units, readability and cues; return one row per topic and every error."""
    lang = rules(translation.lang)
    report = LangReport(translation.lang)
    _unit_errors(translation, report)
    cat = translation.catalogue
    places = {qid: f"{m.path}: module {m.id} / {place}" for m in cat.modules.values()
              for qid, place in question_places(m).items()}
    topics = {m.id: [q for q in m.all_questions if q.lang == translation.lang] for m in cat.modules.values()}
    report.cues = bank.review(topics, {m.id: f"{m.path}: module {m.id}" for m in cat.modules.values()}, places,
                              str(translation.folder / COMMON_FILE), lang.words, translation.lang)
    report.errors += [(mid or COMMON, message) for mid, message in report.cues.errors]
    for m in cat.modules.values():
        where = f"{m.path}: module {m.id}"
        for q in topics[m.id]:
            report.errors += [(m.id, f"{places[q.id]} / {f}") for f in cues.option_findings(q, lang.words)]
        report.errors += [(m.id, f"{places[q.id]}: {f}") for q in m.questions if q.lang == translation.lang
                          for f in copies.form_copies(q)]
        ease, formula = [], lang.readability
        for s in m.sections:
            if s.lang == translation.lang:
                ease.append(language_score(plain_text(s.body)[1], translation.lang))
                if not formula.passes(ease[-1]):
                    report.errors.append((m.id, f"{where} / section {s.id} / field 'body': {formula.name} "
                                                f"{ease[-1]:.0f} is {'below' if formula.higher_is_easier else 'above'} "
                                                f"{formula.limit:g}; use shorter sentences and shorter words"))
        solved = report.cues.topic(m.id)
        report.rows.append(_row(translation, m.id, m.id, ease, solved.best if solved else None, lang))
    report.rows.append(_row(translation, COMMON, "common", [], None, lang))
    counts = Counter(mid for mid, _ in report.errors)
    report.rows = [dataclasses.replace(r, errors=counts[COMMON if r.id == "common" else r.id]) for r in report.rows]
    return report


def rules(code: str) -> Language:
    """The registered language whose rules judge a translation (a folder of an unknown language is refused)."""
    found = get(code)
    if found is None or not found.folder:
        raise ValueError(f"no translation language '{code}' is registered (languages.py)")
    return found


def _row(translation: Translation, module: str, name: str, ease: list[float],
         solver: tuple[str, float] | None, lang: Language) -> LangRow:
    """Count a topic's units by state and summarise its readability."""
    n = {state: translation.count(module, state) for state in STATES}
    return LangRow(name, n[TRANSLATED] + n[STALE] + n[MISSING], n[TRANSLATED], n[STALE], n[MISSING], n[EXTRA],
                   round(lang.readability.worst(ease), 1) if ease else None,
                   round(statistics.fmean(ease), 1) if ease else None, solver)


def _unit_errors(translation: Translation, report: LangReport) -> None:
    """Stale, extra and half-done units one by one; untouched missing units summed up per file."""
    untouched: dict[str, list] = {}
    for u in translation.units:
        if u.state == STALE:
            report.errors.append((u.module, f"{u.place}: stale: {u.why}; translate the English text again "
                                            f"(translate-content --lang {translation.lang} shows it)"))
        elif u.state == EXTRA:
            report.errors.append((u.module, f"{u.place}: extra: {u.why}"))
        elif u.state == MISSING and u.why:
            report.errors.append((u.module, f"{u.place}: missing: {u.why}"))
        elif u.state == MISSING:
            untouched.setdefault(u.place.split(": ", 1)[0], []).append(u)
    for path, units in untouched.items():
        report.errors.append((units[0].module, f"{path}: {len(units)} units not translated yet (first: "
                                               f"{units[0].place.split(': ', 1)[1]}); translate-content "
                                               f"--lang {translation.lang} prints a stub for each"))


def format_table(report: LangReport, english_rows=()) -> str:
    """Render one line per topic with the English grade beside the translation's readability, then the errors."""
    grades, formula = {r.id: r for r in english_rows}, rules(report.lang).readability
    head = (f"{'module':<20}{'units':>6}{'done':>6}{'stale':>7}{'missing':>8}{'extra':>6}{formula.short + ' worst':>10}"
            f"{formula.short + ' mean':>9}{'EN grade':>10}{'solver':>8}{'errors':>8}")
    lines = [f"Translation: {report.lang}", head, "-" * len(head)]
    for r in report.rows:
        en = grades.get(r.id)
        lines.append(f"{r.id:<20}{r.units:>6}{r.translated:>6}{r.stale:>7}{r.missing:>8}{r.extra:>6}"
                     f"{_num(r.score_worst, '.1f'):>10}{_num(r.score_mean, '.1f'):>9}"
                     f"{f'{en.grade_mean:.1f}/{en.grade_worst:.1f}' if en else '':>10}"
                     f"{_num(r.solver[1] if r.solver else None, '.0%'):>8}{r.errors:>8}")
    lines += ["-" * len(head),
              f"units = text units of the topic (header, sections, questions, siblings, alternates); done = translated "
              f"from the current English; {formula.short} = {formula.name} of translated sections (each "
              f"{'>=' if formula.higher_is_easier else '<='} {formula.limit:g});",
              f"EN grade = the English mean/worst Flesch-Kincaid grade; solver = the best test-wise strategy on "
              f"translated questions (<= {bank.MAX_BEST_TOPIC:.0%}; the table below). A unit not translated shows "
              "in English."]
    if report.cues:
        lines += ["", bank.format_table(report.cues)]
    lines.append(f"\nErrors ({len(report.errors)}):")
    lines += [f"  - {message}" for _, message in report.errors]
    lines.append(f"\n{report.lang}: FAILED: fix the errors above." if report.errors else f"\n{report.lang}: OK: "
                 "every unit translated, no errors.")
    return "\n".join(lines)


def _num(value: float | None, spec: str) -> str:
    """A number for the table, or a dash when there is nothing to measure yet."""
    return "-" if value is None else format(value, spec)
