"""A topic as plain data for the exchange formats, and back: the shape of a topic file in questions/.

Every format writes from `topic_doc` and every reader hands `assemble` a list of sections and
questions in reading order. What a format cannot hold in its own fields (concepts, misconceptions,
choice ids, which question is a parallel form of which, sources, the topic's header) travels in a
note of ours (`notes`), which other tools keep as a comment; a file from elsewhere has none, and
gets ids made from its words.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from ..content.model import DONT_KNOW, Module, Question, Section

FORMATS = ("gift", "moodle-xml", "qti", "h5p")
DONT_KNOW_TEXTS = {"i don't know yet", "i don’t know yet", "todavía no lo sé"}
NOTE_MARK = "quizapp-topic:"
PARALLEL = ("sibling", "alternate")    # the other forms of a question, asked in later phases
HEADER = ("id", "order", "title", "summary", "reviewed", "main_message", "key_points", "actions", "sources")
# What each format has no place for, said in the export's message and the README.
CANNOT_CARRY = {
    "gift": ("pictures (GIFT holds text only)",),
    "moodle-xml": (),
    "qti": (),
    "h5p": ("the reading of each part (an H5P question set holds questions only)",
            "the parallel forms (sibling and alternate)"),
}


class ImportProblem(Exception):
    """Input the import refuses, naming the line or the item it found the problem in."""


@dataclass
class Entry:
    """One item read from a file: a part to read (kind "section") or a question, and where it was."""
    kind: str
    where: str
    id: str = ""
    title: str = ""
    text: str = ""                 # a part's Markdown body, or a question's prompt
    choices: list[dict] = field(default_factory=list)   # {"text", "correct", "feedback", "id" (when carried)}
    explanation: str = ""
    figure: dict | None = None
    format: str | None = None      # the text format the file declared ("html" is cleaned to plain text)


def prune(data):
    """Drop empty fields (None, "", [], {}) the way the topic files leave them out."""
    if isinstance(data, dict):
        out = {k: prune(v) for k, v in data.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    if isinstance(data, list):
        return [prune(v) for v in data]
    return data


def topic_doc(m: Module) -> dict:
    """The topic as the fields of its file (in the catalogue's language), ready for any format."""
    return prune({"id": m.id, "order": m.order, "title": m.title, "summary": m.summary, "reviewed": m.reviewed,
                  "main_message": m.main_message, "key_points": list(m.key_points), "actions": list(m.actions),
                  "sources": list(m.sources), "sections": [_section(s) for s in m.sections]})


def _section(s: Section) -> dict:
    figure = {"file": s.figure.file, "caption": s.figure.caption, "alt": s.figure.alt,
              "description": s.figure.description} if s.figure else None
    return {"id": s.id, "title": s.title, "terms": list(s.terms), "sources": list(s.sources),
            "facts_checked": s.facts_checked, "figure": figure, "body": s.body,
            "questions": [_question(q) for q in s.questions]}


def _question(q: Question, parallel: bool = False) -> dict:
    choices = [{"id": c.id, "text": c.text, "correct": c.correct or None, "misconception": c.misconception,
                "feedback": c.feedback} for c in q.authored_choices]
    out: dict = {"id": q.id, "concept": None if parallel else q.concept, "prompt": q.prompt, "choices": choices,
           "explanation": q.explanation}
    for kind in PARALLEL:
        form = getattr(q, kind, None)
        out[kind] = _question(form, True) if form else None
    return out


def forms_of(q: dict) -> list[dict]:
    """A question followed by its parallel forms (sibling, alternate), as they are exported."""
    return [q, *(q[kind] for kind in PARALLEL if q.get(kind))]


def questions_of(doc: dict) -> list[tuple[dict, dict | None, str]]:
    """Every question and parallel form in reading order, each with the question it is a form of, and which."""
    out: list[tuple[dict, dict | None, str]] = []
    for s in doc["sections"]:
        for q in s["questions"]:
            out += [(q, None, ""), *((q[kind], q, kind) for kind in PARALLEL if q.get(kind))]
    return out


def notes(doc: dict, lang: str) -> dict:
    """What the formats' own fields cannot hold, as one JSON-able note for the whole topic."""
    header = {k: doc[k] for k in HEADER if k in doc}
    header["reviewed"] = str(header.get("reviewed", ""))
    sections = {s["id"]: prune({"terms": s.get("terms"), "sources": s.get("sources"),
                                "facts_checked": str(s["facts_checked"]) if s.get("facts_checked") else None,
                                "figure_description": (s.get("figure") or {}).get("description")})
                for s in doc["sections"]}
    questions = {q["id"]: prune({"concept": q.get("concept"), "form_of": [kind, parent["id"]] if parent else None,
                                 "choices": [[c["id"], c.get("misconception")] for c in q["choices"]]})
                 for q, parent, kind in questions_of(doc)}
    return {"version": 1, "lang": lang, "topic": header, "sections": sections, "questions": questions}


def left_out(doc: dict, fmt: str) -> list[str]:
    """Say what an export in this format leaves out of this topic."""
    said = [f"{fmt} cannot carry {what}" for what in CANNOT_CARRY[fmt]]
    if fmt == "gift":
        said += [f"left out the picture {s['figure']['file']} of part {s['id']} (alt text: {s['figure']['alt']})"
                 for s in doc["sections"] if s.get("figure")]
    return said


def slug(text: str, limit: int = 40) -> str:
    """A lower-case id from the first words of a text (accents dropped), at least two characters long."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > limit:
            break
        out = f"{out}-{w}" if out else w
    return out if len(out) >= 2 else f"x{out or 'x'}"


def is_dont_know(choice: dict) -> bool:
    """The fixed "I don't know yet" option, known by its reserved id or its words in either language."""
    return choice.get("id") == DONT_KNOW or " ".join(choice["text"].split()).casefold() in DONT_KNOW_TEXTS


def assemble(entries: list[Entry], note: dict | None, topic_id: str | None = None, title: str = "") -> dict:
    """Build a topic's fields from what a reader found, with our note's ids and links when it has one."""
    note = note or {}
    header = dict(note.get("topic") or {})
    header["id"] = topic_id or header.get("id") or slug(title or "imported topic", 40)
    header.setdefault("title", title or header["id"])
    if header.get("reviewed"):
        header["reviewed"] = dt.date.fromisoformat(header["reviewed"])
    facts, meta = note.get("sections", {}), note.get("questions", {})
    sections: list[dict] = []
    by_id: dict[str, dict] = {}
    for n, e in enumerate(entries, 1):
        if e.kind == "section":
            extra = facts.get(e.id, {})
            figure = dict(e.figure, description=extra.get("figure_description")) if e.figure else None
            sections.append({"id": e.id or f"part-{len(sections) + 1}", "title": e.title, "terms": extra.get("terms"),
                             "sources": extra.get("sources"), "figure": figure, "body": e.text, "questions": [],
                             "facts_checked": dt.date.fromisoformat(extra["facts_checked"])
                             if extra.get("facts_checked") else None})
            continue
        q = _built(e, meta.get(e.id, {}), header["id"], n)
        kind, parent = meta.get(q["id"], {}).get("form_of") or ("", "")
        if kind in PARALLEL and parent in by_id:
            by_id[parent][kind] = q
            continue
        if not sections:
            sections.append({"id": "questions", "title": header["title"], "body": "", "questions": []})
        sections[-1]["questions"].append(q)
        by_id[q["id"]] = q
    return prune({**{k: header.get(k) for k in HEADER}, "sections": sections})


def _built(e: Entry, meta: dict, topic_id: str, n: int) -> dict:
    """One question's fields: exactly one right choice, "I don't know yet" dropped (the app adds it)."""
    right = [c for c in e.choices if c["correct"] and not is_dont_know(c)]
    if len(right) != 1:
        raise ImportProblem(f"{e.where}: needs exactly one right answer, found {len(right)}")
    carried = [cid for cid, _ in meta.get("choices", [])]
    misconceptions = dict(meta.get("choices", []))
    kept = [c for c in e.choices if not is_dont_know(c)]
    ids: list = [c.get("id") for c in kept]
    if not all(ids):
        ids = carried if len(carried) == len(kept) else _made_ids([c["text"] for c in kept])
    choices = [{"id": cid, "text": c["text"], "correct": c["correct"] or None, "misconception": misconceptions.get(cid),
                "feedback": c["feedback"]} for cid, c in zip(ids, kept, strict=True)]
    return {"id": e.id or f"{topic_id}-q{n}", "concept": meta.get("concept"), "prompt": e.text, "choices": choices,
            "explanation": e.explanation}


def _made_ids(texts: list[str]) -> list[str]:
    """Stable ids for choices that came without one: from their words, numbered when two agree."""
    out: list[str] = []
    for text in texts:
        base = slug(text, 36)
        cid, k = base, 2
        while cid in out or cid == DONT_KNOW:
            cid, k = f"{base}-{k}", k + 1
        out.append(cid)
    return out
