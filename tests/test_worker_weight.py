"""A web worker builds the app from the checked catalogue: no YAML, loader or pydantic (each worker's memory)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.config import CONTENT, TEST_SECRET

ROOT = Path(__file__).resolve().parent.parent
CODE = ("import sys; from quizapp import create_app; create_app({'SECRET_KEY': %r, 'QUESTIONS_DIR': %r}); "
        "print(sorted(m for m in ('yaml', 'pydantic', 'markdown_it', 'quizapp.content.loader') if m in sys.modules))")


def test_a_worker_with_a_warm_catalogue_imports_no_content_tooling(tmp_path):
    env = {"QUIZAPP_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = CODE % (TEST_SECRET, str(CONTENT))
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert warm.stdout.strip() == "[]"


def test_the_translators_command_still_loads_on_demand(tmp_path):
    env = {"QUIZAPP_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin", "QUIZAPP_SECRET_KEY": TEST_SECRET,
           "QUIZAPP_QUESTIONS_DIR": str(CONTENT)}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "quizapp", "translate-content", "--help"],
                          capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert "--lang" in done.stdout and "--write" in done.stdout
