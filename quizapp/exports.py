"""The report as CSV rows: one row per stored answer, as the person saw it."""
from __future__ import annotations

import csv
import datetime as dt
import re

from .phases import FORM_NAMES
from .reports import Report
from .states import Round

CSV_COLUMNS = ("assignment", "label", "person", "role", "module", "question_id", "concept", "round",
               "choice", "correct", "confidence", "misconception", "answered_at_utc", "question",
               "misconception_in_words", "language", "phase", "form", "minutes_since_reading")
ROUND_WORDS = {Round.BEFORE: "before", Round.FIRST: "first", Round.RETRY: "retry", Round.RECHECK: "recheck"}


def csv_rows(assignment_public_id: str, label: str, report: Report, statements: dict[str, str] | None = None):
    """Yield one CSV row per stored answer (columns: CSV_COLUMNS); the question is worded as the person saw
    it, in the language it was shown in, and a wrong choice's misconception (from that version's snapshot)
    in words from `statements`; then the phase (before, first, second try, re-check), the parallel form drawn
    and the whole minutes since the person first opened the topic's reading (empty before reading)."""
    statements = statements or {}
    for person in report.people:
        for m in person.modules:
            picks = [(q.question_id, q.concept, q.prompt, rnd, pick) for q in m.questions
                     for rnd, pick in ((Round.FIRST, q.first), (Round.RETRY, q.retry)) if pick is not None]
            picks += [(qid, concept, "", rnd, pick) for qid, concept, rnd, pick in m.phase_picks]
            for qid, concept, prompt, rnd, pick in picks:
                yield (assignment_public_id, cell(label), person.label, person.role, m.module_id, qid,
                       concept, ROUND_WORDS[rnd], cell(pick.text),
                       "yes" if pick.correct else "no", pick.confidence or "",
                       pick.misconception or "", pick.answered_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                       cell(pick.prompt or prompt), cell(statements.get(pick.misconception or "", "")),
                       pick.lang, rnd.phase, FORM_NAMES[pick.form] if pick.form < len(FORM_NAMES) else "",
                       _minutes(m.read_from, pick.answered_at) if rnd != Round.BEFORE else "")


def _minutes(start: dt.datetime | None, end: dt.datetime) -> str:
    """Whole minutes from the first opening of the reading to an answer (empty when the reading was never opened)."""
    return "" if start is None else str(max(0, int((end - start).total_seconds() // 60)))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# A separator some spreadsheet may split on (';' in much of Europe, where a quote inside a field does not
# protect it), then spaces, then a formula's first character: that piece would become a cell of its own.
SPLIT_FORMULA = re.compile(r"([;,\t|])(\s*)(?=[=+\-@])")


def cell(text: str) -> str:
    """Keep a spreadsheet from reading free text as a formula (leading spaces do not hide one), whichever
    separator it splits the line on: every piece after a separator that starts a formula is neutralised too."""
    text = SPLIT_FORMULA.sub(r"\1\2'", text)
    return "'" + text if text[:1] in FORMULA_STARTS or text.lstrip(" ")[:1] in FORMULA_STARTS else text


def writer(buf):
    """Return a CSV writer that quotes every field (a comma reader splits no cell; cell() covers the others)."""
    return csv.writer(buf, quoting=csv.QUOTE_ALL)
