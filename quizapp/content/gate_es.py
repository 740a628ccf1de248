"""The gate for the Spanish catalogue: every unit translated and current, easy to read, and free of cues.

Pure functions over a Translation (translated.py). Each topic gets a row: units translated, stale,
missing and extra, the Fernandez-Huerta ease of its translated sections (the worst and the mean;
at least FH_ERROR each), and the best test-wise strategy's score on its translated questions. The
item-writing rules of cues.py run on the translated questions with Spanish word lists (the length
clue and ratio, absolute words and hedges balanced, no option ruled out by its stem), and so do the
rules of bank.py over all translated topics (key length ranks, the test-wise solver, stock and
copied items), lengths measured on the Spanish text. English text shown in place of a missing
translation is the English gate's business, so only translated items are scored here.
"""
from __future__ import annotations

import dataclasses
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from . import bank, copies, cues
from .loader import COMMON_FILE
from .readability import fernandez_huerta, plain_text, question_places
from .translated import COMMON, EXTRA, MISSING, STALE, STATES, TRANSLATED, Translation

FH_ERROR = 70.0            # Fernandez-Huerta ease of every translated section: 70 or more ("fairly easy")
SPANISH = cues.Words(
    absolutes=frozenset({"solo", "sólo", "únicamente", "todo", "todos", "todas", "cada", "ninguno", "ninguna",
                         "ningún", "nadie", "nada", "nunca", "jamás", "siempre", "mismo", "misma", "cualquier",
                         "no puede", "entero", "entera", "enteros", "enteras", "para siempre", "de por vida",
                         "totalmente", "completamente"}),
    hedges=frozenset({"puede", "pueden", "podría", "podrían", "algunos", "algunas", "a veces", "a menudo",
                      "la mayoría", "suele", "suelen", "generalmente", "por lo general", "quizás", "quizá", "rara vez",
                      "es probable", "probablemente", "posible"}),
    stopwords=frozenset("""a al ante bajo con contra de del desde durante en entre hacia mediante para por según sin
        sobre el la los las lo un una unos unas y e o u ni pero sino que qué como cómo donde dónde quien quién cual
        cuál cuales cuáles cuánto cuántos cuánta cuántas es son era eran fue fueron ser sea estar está están estaba
        ha han he has hay haber había se su sus mi mis tu tus yo usted ustedes él ella ellos ellas nos nosotros le les
        me te este esta estos estas ese esa esos esas eso esto aquel más menos muy también ya si sí porque tiene
        tienen tener hace hacer va van ir otro otra otros otras veces menudo mayoría""".split()),
    negations=frozenset("no nunca jamás ninguno ninguna nada tampoco ni sin".split()),
    conditions=frozenset("hasta cuando después mientras tras apenas".split()),
    differ=re.compile(r"\b(?:difiere|difieren|diferencias?|diferentes?|distint[oa]s?)\b", re.IGNORECASE),
    same=re.compile(r"\b(?:igual|iguales|idéntic[oa]s?|mism[oa]s?|ninguna diferencia)\b", re.IGNORECASE),
    token=re.compile(r"[a-z0-9áéíóúüñ]+"),
    until="hasta",
    numbers={w: n for n, w in enumerate("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce".split())}
    | {"un": 1, "una": 1},
    units={"día": 1, "semana": 7, "mes": 30, "año": 365},
    plural="(?:s|es)?",
    absent=frozenset({"sin", "ningún", "ninguna"}),
)


@dataclass(frozen=True)
class LangRow:
    id: str                # a topic, or "common" for the shared file (and files of unknown topics)
    units: int
    translated: int
    stale: int
    missing: int
    extra: int
    fh_worst: float | None     # None when no section of the topic is translated yet
    fh_mean: float | None
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
    report = LangReport(translation.lang)
    _unit_errors(translation, report)
    cat = translation.catalogue
    places = {qid: f"{m.path}: module {m.id} / {place}" for m in cat.modules.values()
              for qid, place in question_places(m).items()}
    topics = {m.id: [q for q in m.all_questions if q.lang == translation.lang] for m in cat.modules.values()}
    report.cues = bank.review(topics, {m.id: f"{m.path}: module {m.id}" for m in cat.modules.values()}, places,
                              str(translation.folder / COMMON_FILE), SPANISH, translation.lang)
    report.errors += [(mid or COMMON, message) for mid, message in report.cues.errors]
    for m in cat.modules.values():
        where = f"{m.path}: module {m.id}"
        for q in topics[m.id]:
            report.errors += [(m.id, f"{places[q.id]} / {f}") for f in cues.option_findings(q, SPANISH)]
        report.errors += [(m.id, f"{places[q.id]}: {f}") for q in m.questions if q.lang == translation.lang
                          for f in copies.form_copies(q)]
        ease = []
        for s in m.sections:
            if s.lang == translation.lang:
                ease.append(fernandez_huerta(plain_text(s.body)[1]))
                if ease[-1] < FH_ERROR:
                    report.errors.append((m.id, f"{where} / section {s.id} / field 'body': Fernández-Huerta ease "
                                                f"{ease[-1]:.0f} is below {FH_ERROR:g}; use shorter sentences "
                                                "and shorter words"))
        solved = report.cues.topic(m.id)
        report.rows.append(_row(translation, m.id, m.id, ease, solved.best if solved else None))
    report.rows.append(_row(translation, COMMON, "common", [], None))
    counts = Counter(mid for mid, _ in report.errors)
    report.rows = [dataclasses.replace(r, errors=counts[COMMON if r.id == "common" else r.id]) for r in report.rows]
    return report


def _row(translation: Translation, module: str, name: str, ease: list[float],
         solver: tuple[str, float] | None) -> LangRow:
    """Count a topic's units by state and summarise its readability."""
    n = {state: translation.count(module, state) for state in STATES}
    return LangRow(name, n[TRANSLATED] + n[STALE] + n[MISSING], n[TRANSLATED], n[STALE], n[MISSING], n[EXTRA],
                   round(min(ease), 1) if ease else None, round(statistics.fmean(ease), 1) if ease else None, solver)


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
    """Render one line per topic with the English grade beside the Spanish ease, then the errors."""
    grades = {r.id: r for r in english_rows}
    head = (f"{'module':<20}{'units':>6}{'done':>6}{'stale':>7}{'missing':>8}{'extra':>6}{'FH worst':>10}"
            f"{'FH mean':>9}{'EN grade':>10}{'solver':>8}{'errors':>8}")
    lines = [f"Translation: {report.lang}", head, "-" * len(head)]
    for r in report.rows:
        en = grades.get(r.id)
        lines.append(f"{r.id:<20}{r.units:>6}{r.translated:>6}{r.stale:>7}{r.missing:>8}{r.extra:>6}"
                     f"{_num(r.fh_worst, '.1f'):>10}{_num(r.fh_mean, '.1f'):>9}"
                     f"{f'{en.grade_mean:.1f}/{en.grade_worst:.1f}' if en else '':>10}"
                     f"{_num(r.solver[1] if r.solver else None, '.0%'):>8}{r.errors:>8}")
    lines += ["-" * len(head),
              f"units = text units of the topic (header, sections, questions, siblings, alternates); done = translated "
              f"from the current English; FH = Fernández-Huerta ease of translated sections (each >= {FH_ERROR:g});",
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
