"""Moodle XML: write a topic (pictures inside as base64), read one back (ours, or multiple choice from Moodle).

Parts of the reading are `description` questions in Markdown, questions are `multichoice` with one
answer at fraction 100, per-answer feedback, and the explanation as general feedback; "I don't know
yet" is the last answer at fraction 0. Reading goes through defusedxml: a file that declares entities
(the "billion laughs") or a DTD is refused.
"""
from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..content.loader import FIGURES_DIR
from .topic import NOTE_MARK, Entry, ImportProblem, forms_of

PLUGINFILE = "@@PLUGINFILE@@/"
_IMAGE = re.compile(r"\n*!\[(?P<alt>[^\]]*)\]\(@@PLUGINFILE@@/(?P<file>[^ )]+)(?: \"(?P<caption>[^\"]*)\")?\)\s*$")


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "plain_text") -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = text
    return el


def note_comment(note: dict):
    """Our note as an XML comment (JSON, with no "--" inside)."""
    return ET.Comment(f" {NOTE_MARK} {json.dumps(note, ensure_ascii=False).replace('--', '-' + chr(92) + 'u002d')} ")


def write(doc: dict, note: dict, dont_know: tuple[str, str]) -> bytes:
    """The topic as a Moodle XML file (UTF-8)."""
    quiz = ET.Element("quiz")
    quiz.append(note_comment(note))
    cat = ET.SubElement(quiz, "question", type="category")
    _text(cat, "category", f"$course$/top/{doc['title']}", None)
    _text(cat, "info", doc.get("summary", ""), "plain_text")
    ET.SubElement(cat, "idnumber").text = doc["id"]
    for s in doc["sections"]:
        d = ET.SubElement(quiz, "question", type="description")
        _text(d, "name", s["id"], None)
        body = f"# {s['title']}\n\n{s['body']}"
        fig = s.get("figure")
        if fig:
            caption = fig["caption"].replace('"', "'")
            body += f"\n\n![{fig['alt']}]({PLUGINFILE}{fig['file']} \"{caption}\")"
        qt = _text(d, "questiontext", body, "markdown")
        if fig:
            f = ET.SubElement(qt, "file", name=fig["file"], path="/", encoding="base64")
            f.text = base64.b64encode((FIGURES_DIR / fig["file"]).read_bytes()).decode()
        ET.SubElement(d, "idnumber").text = s["id"]
        for q in s["questions"]:
            for form in forms_of(q):
                _question(quiz, form, dont_know)
    ET.indent(quiz)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8") + b"\n"


def _question(quiz: ET.Element, q: dict, dont_know: tuple[str, str]) -> None:
    el = ET.SubElement(quiz, "question", type="multichoice")
    _text(el, "name", q["id"], None)
    _text(el, "questiontext", q["prompt"])
    _text(el, "generalfeedback", q["explanation"])
    for tag, value in (("defaultgrade", "1"), ("penalty", "0"), ("hidden", "0"), ("idnumber", q["id"]),
                       ("single", "true"), ("shuffleanswers", "false"), ("answernumbering", "abc")):
        ET.SubElement(el, tag).text = value
    for text, feedback, right in [*((c["text"], c["feedback"], c.get("correct")) for c in q["choices"]),
                                  (*dont_know, False)]:
        a = ET.SubElement(el, "answer", fraction="100" if right else "0", format="plain_text")
        ET.SubElement(a, "text").text = text
        _text(a, "feedback", feedback)
    if q.get("concept"):
        tags = ET.SubElement(el, "tags")
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = f"concept-{q['concept']}"


def parse(data: bytes, what: str) -> ET.Element:
    """Parse XML safely (no DTD, no entities, no external files), keeping comments."""
    parser = DefusedXMLParser(target=ET.TreeBuilder(insert_comments=True), forbid_dtd=True)
    try:
        parser.feed(data)
        return parser.close()
    except DefusedXmlException as exc:
        raise ImportProblem(f"{what}: refused: the XML declares a DTD or entities ({type(exc).__name__}); "
                            "save it again without them") from None
    except ET.ParseError as exc:
        line, col = exc.position
        raise ImportProblem(f"{what}: line {line}, column {col + 1}: not well-formed XML") from None


def read(data: bytes) -> tuple[list[Entry], dict | None, str]:
    """Read a Moodle XML file: its items in order, our note when present, and its category's name."""
    root = parse(data, "the file")
    if root.tag != "quiz":
        raise ImportProblem(f"the file: the top element is <{root.tag}>, not Moodle's <quiz>")
    note, category, entries = None, "", []
    for n, el in enumerate(root, 1):
        if el.tag is ET.Comment:
            text = (el.text or "").strip()
            if text.startswith(NOTE_MARK):
                note = json.loads(text[len(NOTE_MARK):])
            continue
        kind, name = el.get("type"), _get(el, "name/text")
        where = f"question {n}" + (f" ({name})" if name else "")
        if kind == "category":
            category = _get(el, "category/text").rsplit("/", 1)[-1]
        elif kind == "description":
            entries.append(_section(el, where))
        elif kind == "multichoice":
            if _get(el, "single") == "false":
                raise ImportProblem(f"{where}: several answers may be chosen; only single-answer questions "
                                    "are supported")
            entries.append(_multichoice(el, where))
        else:
            raise ImportProblem(f"{where}: type '{kind}' is not supported (multiple choice and description only)")
    return entries, note, category


def _get(el: ET.Element, path: str) -> str:
    found = el.find(path)
    return (found.text or "").strip() if found is not None else ""


def _format(el: ET.Element, path: str) -> str | None:
    found = el.find(path)
    return found.get("format") if found is not None else None


def _section(el: ET.Element, where: str) -> Entry:
    text, figure = _get(el, "questiontext/text"), None
    image = _IMAGE.search(text)
    if image:
        text = text[:image.start()].rstrip()
        file = Path(image["file"]).name
        figure = {"file": file, "alt": image["alt"], "caption": image["caption"] or ""}
    heading, _, rest = text.partition("\n")
    sid = _get(el, "idnumber") or _get(el, "name/text")
    if heading.startswith("# "):
        return Entry("section", where, sid, heading[2:].strip(), rest.strip(), figure=figure,
                     format=_format(el, "questiontext"))
    return Entry("section", where, sid, _get(el, "name/text"), text, figure=figure, format=_format(el, "questiontext"))


def _multichoice(el: ET.Element, where: str) -> Entry:
    choices = []
    for a in el.findall("answer"):
        try:
            fraction = float(a.get("fraction", "0"))
        except ValueError:
            raise ImportProblem(f"{where}: an answer's fraction '{a.get('fraction')}' is not a number") from None
        if fraction not in (0.0, 100.0):
            raise ImportProblem(f"{where}: partial credit (fraction {a.get('fraction')}) is not supported")
        choices.append({"text": _get(a, "text"), "correct": fraction == 100.0, "feedback": _get(a, "feedback/text")})
    if len(choices) < 2:
        raise ImportProblem(f"{where}: a question needs at least two answers")
    qid = _get(el, "idnumber") or _get(el, "name/text")
    return Entry("question", where, qid, "", _get(el, "questiontext/text"), choices,
                 _get(el, "generalfeedback/text"), format=_format(el, "questiontext"))
