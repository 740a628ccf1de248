"""The report as CSV rows: one row per stored answer, as the person saw it."""
from __future__ import annotations

import csv
import re

from .reports import Report
from .states import Round

CSV_COLUMNS = ("assignment", "label", "person", "role", "module", "question_id", "concept", "round",
               "choice", "correct", "confidence", "misconception", "answered_at_utc", "question",
               "misconception_in_words", "language")


def csv_rows(assignment_public_id: str, label: str, report: Report, statements: dict[str, str] | None = None):
    """Yield one CSV row per stored answer (columns: CSV_COLUMNS); the question is worded as the person saw
    it, in the language it was shown in (the last column), and a wrong choice's misconception (from that
    version's snapshot) in words from `statements`."""
    statements = statements or {}
    for person in report.people:
        for m in person.modules:
            for q in m.questions:
                for rnd, pick in ((Round.FIRST, q.first), (Round.RETRY, q.retry)):
                    if pick is None:
                        continue
                    yield (assignment_public_id, cell(label), person.label, person.role, m.module_id, q.question_id,
                           q.concept, "first" if rnd == Round.FIRST else "retry", cell(pick.text),
                           "yes" if pick.correct else "no", pick.confidence or "",
                           pick.misconception or "", pick.answered_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                           cell(pick.prompt or q.prompt), cell(statements.get(pick.misconception or "", "")),
                           pick.lang)


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
