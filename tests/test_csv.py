"""CSV exports: every field quoted, and no cell a spreadsheet would run as a formula."""
from __future__ import annotations

import csv
import io
import re

import pytest

from quizapp import exports
from tests.clinician_helpers import assign, create_clinician, join, sign_in
from tests.helpers import Patient


def starts_formula(text: str) -> bool:
    first = text.lstrip(" \"")[:1]
    return bool(first) and first in "=+-@"


QUOTED_LINE = re.compile(r'"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*')


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =1+1", "  @x"])
def test_a_cell_that_starts_a_formula_is_neutralised(text):
    assert exports.cell(text).startswith("'")


@pytest.mark.parametrize("text", ["x;=cmd|' /C calc'!A0;x", "a, +1", "a\t@SUM(A1)", "a; -1", "a|=1"])
def test_a_formula_after_any_separator_is_neutralised_too(text):
    for delimiter in (",", ";", "\t", "|"):
        pieces = exports.cell(text).split(delimiter)
        assert not [p for p in pieces if starts_formula(p)], delimiter


@pytest.mark.parametrize("text", ["Tuesday 2 pm", "A recipe for a protein", "", "x=1"])
def test_ordinary_text_is_left_alone(text):
    assert exports.cell(text) == text


def test_every_field_of_both_exports_is_quoted_so_a_semicolon_cannot_split_a_cell(app):
    create_clinician(app, "dr.csv@clinic.example")
    doctor = app.test_client()
    sign_in(doctor, "dr.csv@clinic.example")
    label = "x;=cmd|' /C calc'!A0;x"
    info = assign(doctor, ["demo"], label)
    p = app.test_client()
    join(p, info["token"])
    Patient(p).finish(app.extensions["catalogue"].module("demo"))
    for url in (f"/clinician/assignments/{info['public_id']}/answers.csv", "/clinician/answers.csv"):
        text = doctor.get(url).text
        lines = text.splitlines()
        assert len(lines) > 1 and all(QUOTED_LINE.fullmatch(line) for line in lines), url
        rows = list(csv.reader(io.StringIO(text)))
        assert {r[1] for r in rows[1:]} == {exports.cell(label)}
        for delimiter in (",", ";", "\t", "|"):  # however a spreadsheet splits the line, no cell starts a formula
            cells = [c for r in csv.reader(io.StringIO(text), delimiter=delimiter) for c in r]
            assert not [c for c in cells if starts_formula(c)], (url, delimiter)
