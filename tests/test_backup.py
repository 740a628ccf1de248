"""Backups restore: on SQLite (online backup API) and PostgreSQL (pg_dump / pg_restore), a backup taken while
people answer brings every answer back after the database is wiped; a broken backup changes nothing."""
from __future__ import annotations

import os
import stat

import sqlalchemy as sa
from alembic import command

from quizapp import migrations
from quizapp.models import Answer, Assignment, Clinician, ItemTally, Participant
from tests.clinician_helpers import assigning_doctor, join
from tests.helpers import Patient, rows


def snapshot(app) -> dict:
    """Every row of the tables that hold accounts, assignments, people, answers and statistics."""
    with app.extensions["db"].engine.connect() as conn:
        return {m.__tablename__: sorted(map(tuple, conn.execute(sa.select(m.__table__)).all()), key=repr)
                for m in (Clinician, Assignment, Participant, Answer, ItemTally)}


def test_a_backup_restores_every_answer_after_the_database_is_wiped(app, tmp_path):
    doctor, info = assigning_doctor(app, "dr.backup@clinic.example", ["demo"])
    mod = app.extensions["catalogue"].module("demo")
    for role in ("patient", "caregiver"):
        p = Patient(app.test_client())
        join(p.client, info["token"], role)
        p.finish(mod, right={mod.questions[0].id})
    kept = snapshot(app)
    assert len(rows(app, Answer)) == 2 * len(mod.questions)
    path = tmp_path / "quizapp.backup"
    runner = app.test_cli_runner()
    made = runner.invoke(args=["backup", str(path)])
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    url = app.config["DATABASE_URL"]
    app.extensions["db"].engine.dispose()
    command.downgrade(migrations.alembic_config(url), "base")  # every table gone
    back = runner.invoke(args=["restore", str(path), "--yes"])
    assert back.exit_code == 0, back.output
    assert "revision" in back.output
    assert snapshot(app) == kept
    assert doctor.get(f"/clinician/assignments/{info['public_id']}").status_code == 200


def test_restoring_something_that_is_not_a_backup_fails_plainly_and_changes_nothing(app, tmp_path):
    _doctor, _info = assigning_doctor(app, "dr.backup@clinic.example", ["demo"])
    junk = tmp_path / "not-a-backup"
    junk.write_bytes(b"this is not a database backup\n" * 100)
    before = len(rows(app, Assignment))
    result = app.test_cli_runner().invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code != 0 and "Error:" in result.output and "Traceback" not in result.output
    with app.extensions["db"].engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(Assignment)).scalar() == before


def test_restore_asks_before_it_replaces_the_database(app, tmp_path):
    path = tmp_path / "b"
    assert app.test_cli_runner().invoke(args=["backup", str(path)]).exit_code == 0
    result = app.test_cli_runner().invoke(args=["restore", str(path)], input="n\n")
    assert result.exit_code != 0 and "Aborted" in result.output
