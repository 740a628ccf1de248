"""The commands in the README's "Moving content and results" work as written, in that order."""
from __future__ import annotations

import json
import re
import shlex
import shutil

from fhir.resources.R4B.bundle import Bundle

from quizapp.models import Assignment
from tests.helpers import rows
from tests.interchange_helpers import ROOT, SHIPPED, shipped_app

SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("## Moving content and results")[1].split("\n## ")[0]
PREFIX = ".venv/bin/flask --app quizapp "


def commands() -> list[str]:
    """Every command line in the section's shell blocks, without its comment."""
    blocks = re.findall(r"```sh\n(.*?)```", SECTION, re.S)
    return [line.split("  #")[0].strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_readme_commands_for_moving_content_and_results_work(tmp_path, monkeypatch):
    lines = commands()
    assert lines and all(line.startswith(PREFIX) for line in lines)
    assert {shlex.split(line)[3] for line in lines} == {"export-topic", "import-topic", "export-fhir"}
    folder = tmp_path / "questions"
    shutil.copytree(SHIPPED, folder)
    app = shipped_app(tmp_path / "instance", folder)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    (assignment,) = rows(app, Assignment)
    monkeypatch.chdir(tmp_path)
    for line in lines:
        args = [assignment.public_id if a == "$ASSIGNMENT" else a for a in shlex.split(line)[3:]]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, (line, result.output)
    assert (tmp_path / "basics-es.moodle.xml").exists() and (tmp_path / "basics.zip").exists()
    bundles = list((tmp_path / "fhir").glob("*.fhir.json"))
    assert len(bundles) == 3
    for path in bundles:
        Bundle.model_validate(json.loads(path.read_text(encoding="utf-8")))
