"""The content gate: authoring rules over a loaded catalogue, and the table authors read.

Pure functions, no Flask. `review` returns one row per module plus every error and warning,
each naming the file and the place (module / section / question / field) the way the loader
does; `format_table` turns it into plain text. Rules the loader already enforces (one right
choice, misconception tags) are not checked again here. Readability comes from
readability.py, the cues in one question from cues.py, and the cues across topics (key length
ranks, the test-wise solver, stock and copied items) from bank.py.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import statistics
from collections import Counter
from pathlib import Path

from . import bank, copies, cues
from .figures import figure_findings
from .gate_report import GRADE_AIM, GRADE_ERROR, SMOG_ERROR, GateReport, ModuleRow
from .loader import COMMON_FILE
from .model import Catalogue, Module, Question, Section
from .readability import (
    Glossary,
    acronyms,
    british,
    heading_problems,
    patient_texts,
    plain_text,
    question_places,
    scores,
    sentence,
)

FRE_WARNING = 60.0         # BRIEF: Flesch Reading Ease at least 60
WORDS_ERROR, WORDS_WARNING = 230, 200   # a section is a short chunk (aim ~200 words)
SECTIONS_PER_MODULE = (4, 7)
QUESTIONS_PER_SECTION = (2, 4)
LINES_PER_LIST = (3, 5)    # key_points and actions
MAX_TERMS = 5              # "Words to know" per section
MAX_ACRONYMS = 3           # distinct acronyms in a topic's patient-facing text
MIN_QUESTIONS_PER_CONCEPT = 4
REVIEW_DAYS = 365
DATED = re.compile(r"\b(?:19|20)\d\d\b|\bage[ds]?\s+(?:of\s+)?\d+|\b\d+\s+(?:years?|months?)\s+old\b", re.IGNORECASE)
MODULE_WORD = re.compile(r"\bmodules?\b", re.IGNORECASE)
CURE_PROMISES = re.compile(
    r"\bwill cure\b|\bcures? (?:you|your|it|them|everyone|everybody|every)\b|\bguarantee(?:d|s)?\b"
    r"|\bcured? for (?:good|life)\b|\bpermanent cure\b|\bcompletely safe\b|\brisk[- ]free\b"
    r"|\b(?:100 ?%|fully) (?:effective|safe)\b|\bcan(?:not|['’]t) fail\b",
    re.IGNORECASE)


def review(catalogue: Catalogue, today: dt.date | None = None) -> GateReport:
    """Check readability and item writing; return module rows, errors and warnings."""
    today = today or dt.date.today()
    report = GateReport(warnings=list(catalogue.warnings))
    glossary, common = Glossary(catalogue), _common_path(catalogue)
    _check_common(catalogue, glossary, common, report)
    prompts: dict[str, str] = {}
    report.rows = [_check_module(module, glossary, today, prompts, report) for module in catalogue.modules.values()]
    every = [q for m in catalogue.modules.values() for q in m.all_questions]
    places = {qid: f"{_module_where(m)} / {place}" for m in catalogue.modules.values()
              for qid, place in question_places(m).items()}
    report.cues = bank.review({m.id: m.all_questions for m in catalogue.modules.values()},
                              {m.id: _module_where(m) for m in catalogue.modules.values()}, places, common)
    report.errors += [message for _, message in report.cues.errors]
    tested = Counter(q.concept for q in every)
    for concept in catalogue.concepts:
        if tested[concept] < MIN_QUESTIONS_PER_CONCEPT:
            report.errors.append(f"{common}: concept {concept}: tested by {tested[concept]} questions (siblings "
                                 f"and alternates count); each concept needs {MIN_QUESTIONS_PER_CONCEPT} or more")
    used = {c.misconception for q in every for c in q.authored_choices}
    for mid in catalogue.misconceptions:
        if mid not in used:
            report.warnings.append(f"{common}: misconception {mid}: no wrong choice reveals it")
    prefixes = {m.id: _module_where(m) for m in catalogue.modules.values()}   # each topic's own counts
    best = {t.id: t.best for t in report.cues.topics}
    report.rows = [dataclasses.replace(r, errors=sum(e.startswith(prefixes[r.id]) for e in report.errors),
                                       warnings=sum(w.startswith(prefixes[r.id]) for w in report.warnings),
                                       solver=best.get(r.id, ("-", 0.0))[1], strategy=best.get(r.id, ("-", 0.0))[0])
                   for r in report.rows]
    return report


def _common_path(catalogue: Catalogue) -> str:
    """Name the shared file next to the module files."""
    first = next(iter(catalogue.modules.values()), None)
    return str(Path(first.path).parent / COMMON_FILE) if first and first.path else COMMON_FILE


def _module_where(module: Module) -> str:
    """The place words every message about this module starts with."""
    return f"{module.path or module.id}: module {module.id}"


def _check_common(catalogue: Catalogue, glossary: Glossary, common: str, report: GateReport) -> None:
    """Check the shared file: plain definitions and corrections, US spelling, no promises."""
    for form, first, second in glossary.clashes:
        report.warnings.append(f"{common}: term {second} / field 'forms': '{form}' is also a form of term {first}")
    read = [("field 'disclaimer'", catalogue.disclaimer), ("field 'checklist'", " ".join(catalogue.checklist))]
    read += [(f"term {t.id} / field 'definition'", t.definition) for t in catalogue.glossary.values()]
    for place, text in read:
        if (grade := scores(glossary.mask(text)).grade) > GRADE_ERROR:
            report.warnings.append(f"{common}: {place}: reading grade {grade:.1f} is above {GRADE_ERROR:g}")
    for place, text in [*read, *((f"term {t.id} / field 'term'", t.term) for t in catalogue.glossary.values())]:
        _wording(text, f"{common}: {place}", report, patient=True)
    for m in catalogue.misconceptions.values():
        for name, text in (("statement", m.statement), ("correction", m.correction),
                           ("talking_points", " ".join(m.talking_points))):
            _wording(text, f"{common}: misconception {m.id} / field '{name}'", report, promise=name != "statement")
    for b in catalogue.bundles:  # clinicians pick these on the new-assignment form, beside "Select all"
        _wording(b.title, f"{common}: bundle {b.id} / field 'title'", report)
        if set(b.modules) == set(catalogue.modules):
            report.warnings.append(f"{common}: bundle {b.id}: holds every topic; 'Select all' does that already")


def _wording(text: str, where: str, report: GateReport, promise: bool = True, patient: bool = False) -> None:
    """Flag cure promises, British spelling and, in patient-facing text, the word 'module'."""
    match = CURE_PROMISES.search(text) if promise else None
    if match:
        report.errors.append(f"{where}: promises too much ('{match.group(0)}'); say benefits honestly, "
                             "with the numbers from the brief")
    for form, us in british(text):
        report.errors.append(f"{where}: British spelling '{form}'; write the US form ({us})")
    if patient and (m := MODULE_WORD.search(text)):
        report.errors.append(f"{where}: says '{m.group(0)}'; patients see topics, so say 'topic'")


def _check_module(module: Module, glossary: Glossary, today: dt.date, prompts: dict[str, str],
                  report: GateReport) -> ModuleRow:
    """Check one module, its sections and its questions; return its table row."""
    where = _module_where(module)
    err = report.errors.append
    _check_topic_fields(module, where, glossary, today, report)
    places = {qid: f"{where} / {place}" for qid, place in question_places(module).items()}
    for q in module.questions:
        if q.sibling is None:
            err(f"{places[q.id]}: field 'sibling': every question needs a sibling for the retry round")
        if q.alternate is None:
            err(f"{places[q.id]}: field 'alternate': every question needs an alternate, a third parallel form "
                "for the check before reading and the re-check")
        report.errors.extend(f"{places[q.id]}: {finding}" for finding in copies.form_copies(q))
    for q in module.all_questions:
        _check_question(q, glossary, places[q.id], prompts, report)
    texts = [(f"{where} / {place}", text) for place, text in patient_texts(module)]
    for place, text in texts:
        _wording(text, place, report, patient=True)
    listed: set[str] = set()
    sections = [_check_section(s, where, glossary, listed, report) for s in module.sections]
    for s in module.sections:
        swhere = f"{where} / section {s.id}"
        _facts_checked(s, swhere, [t for p, t in texts if p.startswith(swhere + " ")], glossary, report)
        report.errors.extend(f"{swhere} / {finding}" for finding in figure_findings(s.figure))
    used = sorted(set().union(*(acronyms(text) for _, text in texts)))
    if len(used) > MAX_ACRONYMS:
        err(f"{where}: uses {len(used)} acronyms ({', '.join(used)}); {MAX_ACRONYMS} at most per topic")
    grades, masked = [s[0].grade for s in sections] or [0.0], [s[1].grade for s in sections] or [0.0]
    if statistics.fmean(grades) > GRADE_AIM:
        err(f"{where}: mean reading grade of its sections is {statistics.fmean(grades):.1f}, above {GRADE_AIM:g}")
    whole = scores(" ".join(s[2] for s in sections))
    if whole.smog > SMOG_ERROR:
        err(f"{where}: SMOG grade {whole.smog:.1f} over the whole reading is above {SMOG_ERROR:g}")
    return ModuleRow(module.id, len(module.sections), len(module.questions),
                     sum(q.sibling is not None for q in module.questions),
                     sum(q.alternate is not None for q in module.questions),
                     _tenths(statistics.fmean(masked)), _tenths(max(masked)), _tenths(statistics.fmean(grades)),
                     _tenths(max(grades)), _tenths(whole.ease), _tenths(whole.smog))


def _check_topic_fields(module: Module, where: str, glossary: Glossary, today: dt.date, report: GateReport) -> None:
    """Check what a topic says about itself: size, sources, review date, main message and summaries."""
    err, warn = report.errors.append, report.warnings.append
    low, high = SECTIONS_PER_MODULE
    if not low <= len(module.sections) <= high:
        err(f"{where}: has {len(module.sections)} sections; a module needs {low} to {high}")
    if not [s for s in module.sources if s.strip()]:
        err(f"{where}: field 'sources': a module must name its sources")
    age = (today - module.reviewed).days
    if age > REVIEW_DAYS:
        warn(f"{where}: field 'reviewed': last checked {module.reviewed} ({age} days ago); "
             "check it against its sources again")
    elif age < 0:
        warn(f"{where}: field 'reviewed': the date {module.reviewed} is in the future")
    if not module.main_message.strip():
        err(f"{where}: field 'main_message': every topic opens with its one main message")
    for name, lines in (("key_points", module.key_points), ("actions", module.actions)):
        if not lines:
            err(f"{where}: field '{name}': every topic needs {name.replace('_', ' ')}")
        elif not LINES_PER_LIST[0] <= len(lines) <= LINES_PER_LIST[1]:
            warn(f"{where}: field '{name}': {len(lines)} lines; aim for {LINES_PER_LIST[0]} to {LINES_PER_LIST[1]}")
    if scores(glossary.mask(module.summary)).grade > GRADE_ERROR:
        warn(f"{where} / field 'summary': reading grade is above {GRADE_ERROR:g}")


def _tenths(x: float) -> float:
    """Round to one decimal for the table, never showing -0.0."""
    return round(x, 1) + 0.0


def _check_section(section: Section, module_where: str, glossary: Glossary, earlier: set[str],
                   report: GateReport):
    """Check one section's body; return its unmasked and masked scores and the text scored."""
    where = f"{module_where} / section {section.id}"
    err, warn = report.errors.append, report.warnings.append
    read, scored = plain_text(section.body)
    n_words = len(read.split())
    if n_words > WORDS_ERROR:
        err(f"{where} / field 'body': {n_words} words; keep a section to {WORDS_ERROR} at most "
            f"(aim for {WORDS_WARNING})")
    elif n_words > WORDS_WARNING:
        warn(f"{where} / field 'body': {n_words} words; aim for {WORDS_WARNING} at most")
    if not [s for s in section.sources if s.strip()]:
        err(f"{where}: field 'sources': a section must name the sources of its facts")
    low, high = QUESTIONS_PER_SECTION
    if not low <= len(section.questions) <= high:
        err(f"{where}: has {len(section.questions)} questions; a section needs {low} to {high}")
    if len(section.terms) > MAX_TERMS:
        err(f"{where} / field 'terms': {len(section.terms)} words to know; list {MAX_TERMS} at most")
    report.errors.extend(f"{where} / field 'body': {problem}" for problem in heading_problems(section.body))
    # An unlisted term reaches the patient undefined (PEMAT: define medical terms where they appear).
    used = glossary.used(read)
    for term_id, form in used.items():
        if term_id not in section.terms and term_id not in earlier:
            err(f"{where} / field 'terms': the body uses the glossary term {term_id} "
                f"(as '{form}') but it is not listed here or in an earlier section")
    for term_id in section.terms:
        if term_id not in used:
            warn(f"{where} / field 'terms': lists {term_id} but the body does not use it")
    earlier.update(section.terms)
    plain, masked = scores(scored), scores(glossary.mask(scored))
    if plain.grade > GRADE_ERROR:
        err(f"{where} / field 'body': reading grade {plain.grade:.1f} is above {GRADE_ERROR:g} "
            f"({masked.grade:.1f} with glossary terms masked)")
    elif plain.grade > GRADE_AIM:
        warn(f"{where} / field 'body': reading grade {plain.grade:.1f} is above the aim of {GRADE_AIM:g}")
    if plain.ease < FRE_WARNING:
        warn(f"{where} / field 'body': reading ease {plain.ease:.0f} is below {FRE_WARNING:g}")
    return plain, masked, scored


def _facts_checked(section: Section, where: str, texts: list[str], glossary: Glossary, report: GateReport) -> None:
    """A section stating a year, an age or a product name must say when its facts were checked."""
    text = " ".join(texts)
    match = DATED.search(text) or glossary.brands.search(text)
    if match and section.facts_checked is None:
        report.errors.append(f"{where}: field 'facts_checked': the section states a dated fact ('{match.group(0)}'); "
                             "add the date you last checked it against its sources")


def _check_question(q: Question, glossary: Glossary, where: str, prompts: dict[str, str],
                    report: GateReport) -> None:
    """Check one question, sibling or alternate: wording, options, cues in the options, feedback."""
    err, warn = report.errors.append, report.warnings.append
    if not q.id.startswith(f"{q.module_id}-"):
        warn(f"{where} / field 'id': question ids start with the module id ('{q.module_id}-')")
    key = re.sub(r"[\s?.!]+", " ", q.prompt.casefold()).strip()
    if key in prompts:
        err(f"{where} / field 'prompt': the same prompt as question {prompts[key]}")
    prompts.setdefault(key, q.id)
    # One line is too short for a stable score, and one defined term in it would swamp the
    # formula: a question's prompt, options and teaching are each scored with terms masked.
    if (grade := scores(glossary.mask(q.prompt)).grade) > GRADE_ERROR:
        err(f"{where} / field 'prompt': reading grade {grade:.1f} is above {GRADE_ERROR:g}")
    report.errors.extend(f"{where} / {finding}" for finding in (*cues.wording_findings(q), *cues.option_findings(q)))
    report.warnings.extend(f"{where} / {finding}" for finding in cues.option_warnings(q))
    choices = q.authored_choices
    if (grade := scores(glossary.mask(" ".join(sentence(c.text) for c in choices))).grade) > GRADE_ERROR:
        warn(f"{where} / field 'choices': options read at grade {grade:.1f}, above {GRADE_ERROR:g}")
    teaching = " ".join(sentence(t) for t in (*[c.feedback for c in choices], q.explanation))
    if (grade := scores(glossary.mask(teaching)).grade) > GRADE_ERROR:
        err(f"{where} / field 'feedback': feedback and explanation read at grade {grade:.1f}, "
            f"above {GRADE_ERROR:g}")
