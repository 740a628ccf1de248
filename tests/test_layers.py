"""The import graph keeps the layers of quizapp/LAYERS.md: no arrow upward, no cycle, no web import in a pure layer."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "quizapp"
WEB = ("flask", "flask_babel", "flask_wtf", "flask_login", "werkzeug")


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name (migration scripts are data, not code others import)."""
    found = {}
    for path in package.rglob("*.py"):
        if "versions" in path.parts:
            continue
        parts = path.relative_to(package.parent).with_suffix("").parts
        found[".".join(parts[:-1] if path.name == "__init__.py" else parts)] = path
    return found


def imports(mods: dict[str, Path]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Arrows between the package's modules, and the outside packages each module imports: all kinds of import."""
    inside: dict[str, set[str]] = {m: set() for m in mods}
    outside: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        base = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    _note(alias.name, "", mods, mod, inside, outside)
            elif isinstance(node, ast.ImportFrom):
                prefix = base[:len(base) - node.level + 1] if node.level else []
                head = ".".join(prefix + ([node.module] if node.module else []))
                for alias in node.names:
                    _note(head, alias.name, mods, mod, inside, outside)
    return inside, outside


def _note(head: str, name: str, mods, mod: str, inside, outside) -> None:
    if not head.startswith("quizapp"):
        outside[mod].add(head.split(".")[0])
        return
    full = f"{head}.{name}" if name else head
    while full and full not in mods:
        full = full.rpartition(".")[0]
    if full and full != mod:
        inside[mod].add(full)


def layer_table(text: str) -> list[tuple[int, str, bool, list[str]]]:
    """The rows of the layer table: rank, name, pure, module names and patterns."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            rows.append((int(cells[0]), cells[1], cells[2] == "yes", re.findall(r"`([^`]+)`", cells[3])))
    return rows


def layer_of(mod: str, rows) -> tuple[int, str, bool] | None:
    """The layer that names a module exactly, else the one whose pattern matches it most closely."""
    best, depth = None, -1
    for rank, name, pure, names in rows:
        for n in names:
            if n == mod:
                return rank, name, pure
            if n.endswith(".*") and mod.startswith(n[:-1]) and n.count(".") > depth:
                best, depth = (rank, name, pure), n.count(".")
    return best


def problems(mods: dict[str, Path], rows) -> list[str]:
    """Every breach of the table: unplaced modules, upward arrows, web imports in pure layers, cycles."""
    inside, outside = imports(mods)
    found = []
    for mod in sorted(mods):
        here = layer_of(mod, rows)
        if here is None:
            found.append(f"{mod}: in no layer of quizapp/LAYERS.md")
            continue
        for target in sorted(inside[mod]):
            there = layer_of(target, rows)
            if there is not None and there[0] > here[0]:
                found.append(f"{mod} ({here[1]}) imports {target} ({there[1]}): an arrow upward")
        if here[2]:
            found += [f"{mod} ({here[1]}, pure) imports {w}" for w in sorted(outside[mod] & set(WEB))]
    found += [f"import cycle: {' -> '.join(c)}" for c in cycles(inside)]
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One path round each cycle of the graph (depth-first search; a back edge closes a cycle)."""
    state: dict[str, int] = {}
    path: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


ROWS = layer_table((PACKAGE / "LAYERS.md").read_text(encoding="utf-8"))


def test_the_package_keeps_its_layers_with_no_cycle_and_no_upward_import():
    assert problems(modules(), ROWS) == []


def write(tmp: Path, files: dict[str, str]) -> dict[str, Path]:
    for name, text in files.items():
        path = tmp / "quizapp" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return modules(tmp / "quizapp")


@pytest.mark.parametrize("files, expected", [
    ({"__init__.py": "", "scoring.py": "def f():\n    from .store import sql\n", "store/__init__.py": "",
      "store/sql.py": ""}, "quizapp.scoring (domain) imports quizapp.store.sql (data): an arrow upward"),
    ({"__init__.py": "", "reports.py": "from flask_babel import gettext\n"},
     "quizapp.reports (domain, pure) imports flask_babel"),
    ({"__init__.py": "", "reports.py": "from . import findings\n",
      "findings.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .reports import Line\n"},
     "import cycle: quizapp.findings -> quizapp.reports -> quizapp.findings"),
    ({"__init__.py": "", "newthing.py": ""}, "quizapp.newthing: in no layer of quizapp/LAYERS.md"),
], ids=["upward-in-a-function", "web-in-pure", "type-only-cycle", "unplaced"])
def test_each_kind_of_breach_is_caught(tmp_path, files, expected):
    assert expected in problems(write(tmp_path, files), ROWS)
