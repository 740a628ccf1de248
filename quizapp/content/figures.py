"""Checks on a section's picture: a plain, self-contained SVG, and words about it that anyone can read.

A picture is an image file the page shows with <img>, so it runs no script and loads nothing else;
it uses only a generic font family, so it looks the same with no web fonts; and it names itself in a
<title>. Its alt text, caption and long description are patient-facing text, held to the same reading
grade as a section. A picture that shows numbers (time spans, counts) carries facts: its long
description must give every one of those numbers in words, for readers who cannot see it.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .loader import FIGURES_DIR
from .model import Figure
from .readability import scores

GRADE_LIMIT = 8.0
SVG = "{http://www.w3.org/2000/svg}"
GENERIC_FONTS = frozenset({"serif", "sans-serif", "monospace", "system-ui", "cursive", "fantasy"})
_NUMBER = re.compile(r"\d+")


def figure_findings(figure: Figure | None, folder: Path = FIGURES_DIR) -> list[str]:
    """Return what is wrong with a section's picture (nothing when the section has none)."""
    if figure is None:
        return []
    out = [f"field 'figure' / field '{name}': reading grade {grade:.1f} is above {GRADE_LIMIT:g}"
           for name in ("alt", "caption", "description")
           if (grade := scores(getattr(figure, name)).grade) > GRADE_LIMIT]
    if not figure.alt.strip():
        out.append("field 'figure' / field 'alt': a picture needs alt text for people who cannot see it")
    path = folder / figure.file
    if not path.is_file():
        return [f"field 'figure' / field 'file': no file '{figure.file}' in quizapp/static/figures/", *out]
    try:
        root = ET.fromstring(path.read_text(encoding="utf-8"))
    except ET.ParseError as exc:
        return [f"field 'figure' / field 'file': {figure.file} is not well-formed SVG ({exc})", *out]
    out += [f"field 'figure' / field 'file': {figure.file}: {problem}" for problem in svg_problems(root)]
    shown = {n for el in root.iter(f"{SVG}text") for n in _NUMBER.findall("".join(el.itertext()))}
    missing = sorted(shown - set(_NUMBER.findall(figure.description)), key=int)
    if missing:
        out.append(f"field 'figure' / field 'description': the picture shows the numbers {', '.join(missing)}; "
                   "a picture that carries facts needs a description that gives them in words")
    return out


def svg_problems(root: ET.Element) -> list[str]:
    """Name what would make an SVG unsafe, unstyled or nameless: scripts, outside links, fonts, no title."""
    out = [] if root.tag == f"{SVG}svg" else ["the root element is not an SVG <svg>"]
    title = root.find(f"{SVG}title")
    if title is None or not "".join(title.itertext()).strip():
        out.append("needs a <title> as its first words")
    for el in root.iter():
        tag = el.tag.removeprefix(SVG)
        if tag in ("script", "foreignObject", "style", "image"):
            out.append(f"holds a <{tag}>; draw with plain shapes and attributes only")
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local.startswith("on") or local == "style":
                out.append(f"<{tag}> has a {local} attribute; scripts and inline styles are not allowed")
            elif local == "href" and not value.startswith("#"):
                out.append(f"<{tag}> links to '{value}'; a picture must not load anything else")
            elif local == "font-family" and not {f.strip(" '\"") for f in value.split(",")} <= GENERIC_FONTS:
                out.append(f"<{tag}> asks for the font '{value}'; use a generic family (sans-serif)")
    return list(dict.fromkeys(out))
