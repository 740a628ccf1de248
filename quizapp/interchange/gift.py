"""Moodle's GIFT text format: write a topic, read one back (ours, or a multiple-choice file from elsewhere).

Each part of the reading becomes a description item (`::id::[markdown]# Title\\n\\nbody`), each question
an item with `=` for the right answer, `~` for the others, `#` per-option feedback and `####` general
feedback (the explanation). "I don't know yet" is the last option, weight 0. GIFT cannot carry pictures.
"""
from __future__ import annotations

import json
import re

from .topic import NOTE_MARK, Entry, ImportProblem, forms_of, questions_of

SPECIAL = "~=#{}:\\"
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def escape(text: str) -> str:
    """Escape GIFT's special characters and write line breaks as \\n (a blank line ends an item)."""
    out = "".join("\\" + ch if ch in SPECIAL else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def unescape(text: str) -> str:
    """Undo `escape`: \\n is a line break, a backslash keeps the next character as it is."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out).strip()


def write(doc: dict, note: dict, dont_know: tuple[str, str]) -> bytes:
    """The topic as a GIFT file (UTF-8)."""
    lines = [f"// {doc['title']} ({note['lang']}). Exported from the gene therapy reading app.",
             f"// {NOTE_MARK} {json.dumps(note, ensure_ascii=False)}", f"$CATEGORY: {doc['id']}", ""]
    kinds = {q["id"]: kind for q, _, kind in questions_of(doc)}
    for s in doc["sections"]:
        lines += [f"::{escape(s['id'])}::[markdown]{escape('# ' + s['title'] + chr(10) * 2 + s['body'])}", ""]
        for q in s["questions"]:
            for item in forms_of(q):
                lines += _question(item, dont_know, kinds[item["id"]]) + [""]
    return "\n".join(lines).encode("utf-8")


def _question(q: dict, dont_know: tuple[str, str], kind: str) -> list[str]:
    tags = f" [tag:concept-{q['concept']}]" if q.get("concept") else f" [tag:{kind}]" if kind else ""
    out = [f"// [id:{q['id']}]{tags}", f"::{escape(q['id'])}::{escape(q['prompt'])}{{"]
    for c in q["choices"]:
        out.append(f"\t{'=' if c.get('correct') else '~'}{escape(c['text'])}#{escape(c['feedback'])}")
    out.append(f"\t~%0%{escape(dont_know[0])}#{escape(dont_know[1])}")
    out += [f"\t####{escape(q['explanation'])}", "}"]
    return out


def read(text: str) -> tuple[list[Entry], dict | None, str]:
    """Read a GIFT file: its items in order, our note when present, and its category (the topic's name)."""
    note, category, entries = None, "", []
    for start, chunk in _items(text):
        stripped = chunk.strip()
        if stripped.startswith("$CATEGORY:"):
            category = stripped.split(":", 1)[1].strip().rsplit("/", 1)[-1]
            continue
        entries.append(_entry(stripped, start))
    for line in text.splitlines():
        if line.startswith("//") and NOTE_MARK in line:
            try:
                note = json.loads(line.split(NOTE_MARK, 1)[1])
            except json.JSONDecodeError as exc:
                raise ImportProblem(f"the note of this app's own export is damaged: {exc}") from None
    return entries, note, category


def _items(text: str):
    """Yield (first line number, text) of each item: items end at a blank line outside braces."""
    buf: list[str] = []
    start, depth = 0, 0
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("//") and depth == 0:
            continue
        if not line.strip() and depth == 0:
            if buf:
                yield start, "\n".join(buf)
            buf = []
            continue
        if not buf:
            start = n
        buf.append(line)
        depth += _braces(line)
        if depth < 0:
            raise ImportProblem(f"line {n}: a closing brace with no opening one (write \\}} for a brace in text)")
    if depth > 0:
        raise ImportProblem(f"line {start}: the answers' opening brace is never closed")
    if buf:
        yield start, "\n".join(buf)


def _braces(line: str) -> int:
    """Count unescaped { minus unescaped } on a line."""
    depth, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(line[i], 0)
        i += 1
    return depth


def _split(text: str, marks: str) -> list[tuple[str, str]]:
    """Split at unescaped marks, keeping each mark with the text after it."""
    parts, buf, mark, i = [], [], "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i:i + 2])
            i += 2
            continue
        if ch in marks:
            parts.append((mark, "".join(buf)))
            buf, mark = [], ch
        else:
            buf.append(ch)
        i += 1
    parts.append((mark, "".join(buf)))
    return parts


def _entry(item: str, line: int) -> Entry:
    """One item: a description (a part to read) or a multiple-choice question."""
    where = f"line {line}"
    title = ""
    m = re.match(r"::((?:[^:\\]|\\.)*)::", item)
    if m:
        title, item = unescape(m.group(1)), item[m.end():]
        where = f"line {line} (question {title})"
    fmt = re.match(r"\s*\[(markdown|html|plain|moodle)\]", item)
    body = item[fmt.end():] if fmt else item
    braces = [(mark, part) for mark, part in _split(body, "{}")]
    if len(braces) == 1:   # no answers: a description
        text = unescape(body)
        heading, _, rest = text.partition("\n")
        if heading.startswith("# "):
            return Entry("section", where, title, heading[2:].strip(), rest.strip(), format=fmt and fmt.group(1))
        return Entry("section", where, title, title, text, format=fmt and fmt.group(1))
    if len(braces) != 3 or braces[2][1].strip():
        raise ImportProblem(f"{where}: only one answer block {{...}} at the end of a question is supported")
    prompt, answers = unescape(braces[0][1]), braces[1][1]
    return Entry("question", where, title, "", prompt, *_answers(answers, where), format=fmt and fmt.group(1))


def _answers(block: str, where: str) -> tuple[list[dict], str]:
    """The options of a multiple-choice block and its general feedback."""
    general = ""
    if "####" in block:
        block, general = block.split("####", 1)
        general = unescape(general)
    choices = []
    for mark, part in _split(block, "=~"):
        if not mark:
            if part.strip():
                raise ImportProblem(f"{where}: only multiple choice is supported (true/false, short answer, "
                                    f"matching and numeric questions are not): '{part.strip()[:40]}'")
            continue
        weight = _WEIGHT.match(part.strip())
        body = part.strip()[weight.end():] if weight else part
        if weight and float(weight.group(1)) not in (0.0, 100.0):
            raise ImportProblem(f"{where}: partial credit ({weight.group(0)}) is not supported: one answer is right")
        pieces = _split(body, "#")
        text = unescape(pieces[0][1])
        feedback = unescape("#".join(p for _, p in pieces[1:])) if len(pieces) > 1 else ""
        correct = mark == "=" or bool(weight and float(weight.group(1)) == 100.0)
        if not text:
            raise ImportProblem(f"{where}: an option has no text")
        choices.append({"text": text, "correct": correct, "feedback": feedback})
    if len(choices) < 2:
        raise ImportProblem(f"{where}: a question needs at least two options")
    return choices, general
