"""The web plumbing reads as a table of contents: blueprints in their views modules, one module per concern."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"


@pytest.mark.parametrize("area", ["patient", "clinician"])
def test_each_blueprint_is_defined_in_its_views_module_without_an_import_cycle(area):
    views = importlib.import_module(f"quizapp.{area}.views")
    assert views.bp.name == area
    init = (PACKAGE / area / "__init__.py").read_text()
    assert "import" not in init.split('"""', 2)[-1], f"{area}/__init__.py should hold only its docstring"


def test_no_module_needs_an_import_order_exemption():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "E402" in p.read_text()]
    assert offenders == []


@pytest.mark.parametrize("name, part", [("errors", "init_app"), ("headers", "set_headers"),
                                         ("logs", "init_app"), ("templating", "init_app")])
def test_errors_headers_logs_and_templating_each_have_a_module(name, part):
    assert hasattr(importlib.import_module(f"quizapp.{name}"), part)


def test_create_app_reads_as_a_table_of_contents():
    import quizapp
    for step in ("register_extensions", "register_blueprints", "register_commands", "register_errorhandlers"):
        assert callable(getattr(quizapp, step)), step
