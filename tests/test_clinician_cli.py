"""Operators' commands: create-clinician --password-stdin for scripts, and seed-demo for a trainer's first look."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import sqlalchemy as sa

from quizapp.models import Answer, Assignment, Clinician, Participant
from tests import leaks
from tests.clinician_helpers import sign_in
from tests.config import TEST_SECRET

STDIN_PASSWORD = "a password from a pipe 9"
leaks.remember(STDIN_PASSWORD)


def _counts(app) -> tuple[int, ...]:
    with app.extensions["db"].sessions() as s:
        return tuple(s.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Clinician, Assignment,
                                                                                     Participant, Answer))


def test_password_stdin_reads_one_line_and_asks_nothing(app, runner):
    result = runner.invoke(args=["create-clinician", "pipe@clinic.example", "--password-stdin"],
                           input=f"{STDIN_PASSWORD}\nsecond line is not read\n")
    assert result.exit_code == 0, result.output
    assert result.output == "Created clinician pipe@clinic.example.\n"
    assert sign_in(app.test_client(), "pipe@clinic.example", STDIN_PASSWORD).status_code == 303


def test_password_stdin_still_refuses_a_short_password(app, runner):
    result = runner.invoke(args=["create-clinician", "short@clinic.example", "--password-stdin"], input="too short\n")
    assert result.exit_code != 0 and "at least 12 characters" in result.output


def test_password_stdin_in_a_real_pipe_prints_no_getpass_warning(app, tmp_path):
    env = {**os.environ, "QUIZAPP_DATABASE_URL": app.config["DATABASE_URL"], "QUIZAPP_SECRET_KEY": TEST_SECRET,
           "QUIZAPP_QUESTIONS_DIR": app.config["QUESTIONS_DIR"], "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
           "QUIZAPP_PASSWORD_TIME_COST": "1", "QUIZAPP_PASSWORD_MEMORY_KIB": "8192"}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "quizapp", "create-clinician", "real@clinic.example",
                           "--password-stdin"], input=STDIN_PASSWORD + "\n", capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Created clinician real@clinic.example." in done.stdout
    assert "Warning" not in done.stderr and "echo" not in done.stderr and "Password" not in done.stdout


def test_seed_demo_makes_a_clinician_an_assignment_and_three_readers_then_says_how_to_sign_in(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    password = re.search(r"password: (\S+)", result.output).group(1)
    leaks.remember(password)
    assert "demo@clinic.example" in result.output and "/clinician/login" in result.output
    clinicians, assignments, people, answers = _counts(app)
    assert (clinicians, assignments, people) == (1, 1, 3) and answers > 10
    doctor = app.test_client()
    assert sign_in(doctor, "demo@clinic.example", password).status_code == 303
    listing = doctor.get("/clinician/").text
    assert "Demo: before an ex vivo consult" in listing and "Needs a talk" in listing
    public_id = re.search(r'href="/clinician/assignments/([^"/]+)">Demo', listing).group(1)
    report = doctor.get(f"/clinician/assignments/{public_id}").text
    assert all(f">{name}</h2>" in report for name in ("Patient", "Caregiver 1", "Caregiver 2"))
    assert "Discuss these" in report and "Picked:" in report


def test_seed_demo_run_twice_adds_nothing_and_only_changes_the_password(app, runner):
    first = runner.invoke(args=["seed-demo"])
    before = _counts(app)
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert _counts(app) == before
    old, new = (re.search(r"password: (\S+)", r.output).group(1) for r in (first, second))
    leaks.remember(old)
    leaks.remember(new)
    assert old != new and "Found the demo assignment" in second.output
    assert sign_in(app.test_client(), "demo@clinic.example", old).status_code == 401
    assert sign_in(app.test_client(), "demo@clinic.example", new).status_code == 303


def test_seed_demo_refuses_to_run_in_production(make_app):
    app = make_app(ENV_NAME="production", PUBLIC_BASE_URL="https://learn.example.org")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "never runs in production" in result.output
    assert _counts(app) == (0, 0, 0, 0)
