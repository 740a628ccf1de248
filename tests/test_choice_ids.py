"""Answers keep their meaning: choice ids are stable, and reports read what the person actually saw."""
from __future__ import annotations

import csv
import io
import shutil

import yaml

from quizapp import itemstats
from quizapp.content import ids
from quizapp.content.loader import ContentError, load_catalogue
from quizapp.store import stats as tallies
from tests.clinician_helpers import assigning_doctor, join
from tests.config import CONTENT
from tests.helpers import Patient

EMAIL = "ids@clinic.example"


def _copy_content(tmp_path):
    """Copy the demo content so a test can edit it."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    return folder


def _edit_q1(folder, edit):
    """Apply edit(question dict) to demo-q1 in the copied content."""
    path = folder / "01-demo.yaml"
    data = yaml.safe_load(path.read_text())
    edit(data["sections"][0]["questions"][0])
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def _reorder_and_reword(q):
    """Reverse demo-q1's choices and reword every text (same ids, same meanings)."""
    q["prompt"] = "Which of these does a gene carry?"
    q["choices"] = list(reversed(q["choices"]))
    for c in q["choices"]:
        c["text"] = "Reworded: " + c["text"]


def _report_csv_stats(app, doctor, info):
    """Return what the clinician sees: the report page, the CSV rows, and demo-q1's statistics."""
    page = doctor.get(f"/clinician/assignments/{info['public_id']}").text
    rows = list(csv.DictReader(io.StringIO(doctor.get(f"/clinician/assignments/{info['public_id']}/answers.csv").text)))
    with app.extensions["db"].sessions() as s:
        counts, snaps = tallies.counts_with_versions(s)
    stats = {q.question_id: q for q in itemstats.compute(app.extensions["catalogue"], counts, snaps)}
    return page, [r for r in rows if r["question_id"] == "demo-q1"], stats["demo-q1"]


def test_reordering_and_rewording_choices_never_relabels_an_old_answer(app, tmp_path):
    doctor, info = assigning_doctor(app, EMAIL, ["demo"])
    reader = app.test_client()
    join(reader, info["token"])
    mod = app.extensions["catalogue"].module("demo")
    Patient(reader).finish(mod, right={q.id for q in mod.questions[1:]})  # demo-q1 wrong: "copy-virus"
    page, rows, stat = _report_csv_stats(app, doctor, info)
    statement = app.extensions["catalogue"].misconceptions["germline"].statement
    assert statement in page and rows[0]["choice"] == "A copy of a virus" and rows[0]["misconception"] == "germline"

    folder = _copy_content(tmp_path)
    _edit_q1(folder, _reorder_and_reword)
    app.extensions["catalogue"] = load_catalogue(folder)  # what a restart after the edit would load

    after_page, after_rows, after_stat = _report_csv_stats(app, doctor, info)
    every_answer = doctor.get(f"/clinician/assignments/{info['public_id']}/answers").text
    assert statement in after_page and "What does a gene hold?" in every_answer
    assert "Which of these does a gene carry?" not in every_answer and "Reworded" not in every_answer
    assert after_rows == rows
    copy_virus = {c.choice_id: c for c in after_stat.choices}["copy-virus"]
    assert copy_virus.share == {c.choice_id: c for c in stat.choices}["copy-virus"].share
    assert copy_virus.misconception == "germline"

    newcomer = app.test_client()
    join(newcomer, info["token"], "caregiver")
    q1 = app.extensions["catalogue"].module("demo").question("demo-q1")
    Patient(newcomer).start()
    Patient(newcomer).answer("demo-q1", "copy-virus")
    with app.extensions["db"].sessions() as s:
        import sqlalchemy as sa

        from quizapp.models import Answer
        hashes = set(s.scalars(sa.select(Answer.content_hash).where(Answer.question_id == "demo-q1")))
    assert q1.content_hash in hashes and len(hashes) == 2
    rows = list(csv.DictReader(io.StringIO(doctor.get(f"/clinician/assignments/{info['public_id']}/answers.csv").text)))
    assert {r["choice"] for r in rows if r["question_id"] == "demo-q1"} == {"A copy of a virus",
                                                                          "Reworded: A copy of a virus"}


def test_two_choices_with_one_id_are_refused_with_the_place(tmp_path):
    folder = _copy_content(tmp_path)
    _edit_q1(folder, lambda q: q["choices"][1].update(id=q["choices"][2]["id"]))
    try:
        load_catalogue(folder)
    except ContentError as exc:
        assert any("question demo-q1: two choices share the id 'list-children'" in p for p in exc.problems)
    else:
        raise AssertionError("a duplicate choice id was accepted")


def test_a_choice_that_changes_meaning_under_its_old_id_is_refused(app, tmp_path):
    folder = _copy_content(tmp_path)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["check-content", "--path", str(folder), "--update-lock"])
    assert "Recorded 36 new choice ids" in first.output
    locked = ids.read_lock(folder)
    _edit_q1(folder, lambda q: q["choices"][1].update(misconception="cure"))
    result = runner.invoke(args=["check-content", "--path", str(folder), "--update-lock"])
    assert result.exit_code == 1
    assert "question demo-q1 / choice copy-virus: this id meant a wrong answer showing 'germline'" in result.output
    assert ids.read_lock(folder) == locked  # nothing recorded over the old meaning


def test_new_choice_ids_must_be_recorded_and_recording_keeps_old_entries(app, tmp_path):
    folder = _copy_content(tmp_path)
    runner = app.test_cli_runner()
    runner.invoke(args=["check-content", "--path", str(folder), "--update-lock"])
    _edit_q1(folder, lambda q: q["choices"][1].update(id="virus-copy"))
    result = runner.invoke(args=["check-content", "--path", str(folder)])
    assert result.exit_code == 1 and "choice ids are not in choice-ids.lock.json yet (first: demo-q1 / virus-copy)" \
        in result.output
    runner.invoke(args=["check-content", "--path", str(folder), "--update-lock"])
    lock = ids.read_lock(folder)
    assert lock["demo-q1"]["virus-copy"] == [False, "germline"] and "copy-virus" in lock["demo-q1"]
