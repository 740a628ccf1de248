"""The README documents every deployment setting and a production setup that slow clients cannot stall."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
TABLE = "\n".join(line for line in README.splitlines() if line.startswith("| `"))


@pytest.mark.parametrize("setting", ["PROXY_HOPS", "PUBLIC_BASE_URL", "MAX_PEOPLE_PER_ASSIGNMENT", "JOIN_LIMIT",
                                     "LOGIN_LIMIT_PER_ACCOUNT", "CODE_LIMIT_SITE", "ENV_NAME"])
def test_the_settings_table_documents_each_deployment_setting(setting):
    assert f"`{setting}`" in TABLE


def test_every_gunicorn_example_binds_to_loopback_behind_a_buffering_proxy():
    binds = re.findall(r"gunicorn[^\n]*-b (\S+)", README)
    assert binds and all(b.startswith(("127.0.0.1:", "unix:")) for b in binds), binds
    assert "proxy_pass http://127.0.0.1:" in README and "proxy_buffering on;" in README
    assert "QUIZAPP_PROXY_HOPS=1" in README and "QUIZAPP_PUBLIC_BASE_URL=https://" in README
    assert "slow" in README.split("proxy_buffering on;")[1][:1200]


def test_the_purge_command_documents_forgetting_old_links():
    assert "--forget-links-after" in README
