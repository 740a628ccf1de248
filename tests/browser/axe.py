"""Run axe-core (shipped inside the axe-playwright-python wheel) on a page, for WCAG 2.1 A and AA."""
from __future__ import annotations

from importlib.resources import files

from playwright.sync_api import Page

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_SOURCE: list[str] = []


def axe_source() -> str:
    """Return axe.min.js from the installed package (read once)."""
    if not _SOURCE:
        _SOURCE.append((files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8"))
    return _SOURCE[0]


def violations(page: Page, tags: list[str] = WCAG_21_AA) -> list[dict]:
    """Return axe's violations on the page as it is now (evaluate is not subject to the page's CSP)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", tags)
    return result["violations"]


def describe(where: str, found: list[dict]) -> str:
    """Format violations so a person can fix them: rule, impact, what to do, and each element."""
    lines = []
    for v in found:
        lines.append(f"{where}: [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more elements")
    return "\n".join(lines)
