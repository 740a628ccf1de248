"""Import a topic file (GIFT, Moodle XML, or this app's QTI package) into questions/, through the content gate.

Refused before anything is written: a file that is not UTF-8 (Windows-1252 is read with a warning),
XML with a DTD or entities, HTML with scripts, a question with no right answer or two, and anything
the content loader would refuse (the app would not start), and a topic the content gate finds new
errors in (reading level, cueing, copies, ids). Otherwise the topic file is written (a Spanish
import as the translation of the English topic with the same id) and its choice ids are recorded
in the lock.
"""
from __future__ import annotations

import html
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nh3

from ..content import ids
from ..content import translation as tr
from ..content.loader import ContentError, load_catalogue
from ..content.stubs import emit
from ..languages import language
from . import gift, moodle, qti
from .topic import PARALLEL, Entry, ImportProblem, assemble, slug

ACTIVE = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|form|link|meta)\b|\bon[a-z]+\s*=|javascript\s*:",
                    re.IGNORECASE)
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


@dataclass
class Result:
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)   # loader or gate errors
    written: bool = False


def decode(data: bytes, warnings: list[str]) -> str:
    """UTF-8 (a byte-order mark is dropped); Windows-1252 with a warning; anything else refused."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportProblem(f"line {line}: the file is not UTF-8 text; save it as UTF-8 and import it "
                                "again") from None
        warnings.append(f"line {line}: the file is not UTF-8; it was read as Windows-1252 (cp1252). Check the "
                        "accents (ñ, é, ¿) in the result, and save the file as UTF-8 next time")
        return text


def kind_of(name: str, data: bytes) -> str:
    """Guess the format from the file's name, else from its first bytes."""
    suffix = Path(name).suffix.lower()
    if suffix in (".zip", ".h5p") or data[:2] == b"PK":
        return "qti"
    if suffix == ".xml" or data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] == b"<":
        return "moodle-xml"
    return "gift"


def read_file(name: str, data: bytes, topic_id: str | None = None) -> tuple[dict, list[str]]:
    """Read any supported file into a topic's fields; raise ImportProblem naming the line or item."""
    warnings: list[str] = []
    kind = kind_of(name, data)
    if kind == "qti":
        entries, note, title = qti.read(data)
    elif kind == "moodle-xml":
        text = decode(data, warnings)
        entries, note, title = moodle.read(_DECLARATION.sub(b"", text.encode("utf-8")))
    else:
        entries, note, title = gift.read(decode(data, warnings))
    if not entries:
        raise ImportProblem("the file holds no questions")
    for e in entries:
        _clean(e)
    if topic_id is not None and not SLUG.fullmatch(topic_id):
        raise ImportProblem(f"--id '{topic_id}': use lower-case letters, digits and dashes")
    return assemble(entries, note, topic_id, title), warnings


def _clean(e: Entry) -> None:
    """Refuse active HTML; turn other HTML into plain text; make ids from words where they are not ids."""
    def plain(text: str) -> str:
        if ACTIVE.search(text):
            raise ImportProblem(f"{e.where}: holds HTML with a script or other active content; refused. "
                                "Remove it and import the file again")
        if e.format == "html" or TAG.search(text):
            text = html.unescape(nh3.clean(text.replace("<br>", "\n").replace("</p>", "</p>\n\n"), tags=set()))
        return text.strip()
    e.title, e.text, e.explanation = plain(e.title), plain(e.text), plain(e.explanation)
    for c in e.choices:
        c["text"], c["feedback"] = plain(c["text"]), plain(c["feedback"])
    if e.id and not SLUG.fullmatch(e.id):
        e.id = slug(e.id, 60)


def translation_doc(doc: dict, english) -> dict:
    """A translated topic's fields as the translation of the English topic, each unit with its source hash."""
    def question(q: dict, en_q) -> dict:
        out = {"id": q["id"], "source": tr.source_of(tr.english_question(en_q)) if en_q else None,
               "prompt": q["prompt"], "choices": [{"id": c["id"], "text": c["text"], "feedback": c["feedback"]}
                                                 for c in q["choices"]], "explanation": q["explanation"]}
        for kind in PARALLEL:
            if q.get(kind):
                out[kind] = question(q[kind], getattr(en_q, kind, None) if en_q else None)
        return out
    sections = []
    for s in doc["sections"]:
        en_s = english.section(s["id"])
        fig = s.get("figure")
        sections.append({"id": s["id"], "source": tr.source_of(tr.english_section(en_s)) if en_s else None,
                         "title": s["title"], "body": s["body"],
                         "figure": {k: fig.get(k) for k in ("caption", "alt", "description")} if fig else None,
                         "questions": [question(q, english.question(q["id"])) for q in s["questions"]]})
    return {"id": doc["id"], "source": tr.source_of(tr.english_module(english)),
            **{k: doc.get(k) for k in ("title", "summary", "main_message", "key_points", "actions")},
            "sections": sections}


def yaml_text(doc: dict) -> str:
    """A topic (or translation) file's text, bodies as literal blocks."""
    return "\n".join(emit(doc)) + "\n"


def target(folder: Path, doc: dict, lang: str, english_cat) -> Path:
    """Where the topic goes: over the file of a topic with its id, else a new numbered file."""
    existing = english_cat.module(doc["id"])
    if lang != "en":
        if existing is None:
            raise ImportProblem(f"there is no English topic '{doc['id']}' to translate: import the English file "
                                "first (or give its id with --id)")
        return folder / str(language(lang).folder or lang) / Path(existing.path).name
    if existing is not None:
        return Path(existing.path)
    return folder / f"{doc['order']:02d}-{doc['id']}.yaml"


def check(folder: Path, lang: str) -> list[str]:
    """The loader's problems, then the gate's errors, then changed choice ids, for a whole questions folder."""
    from ..content import gate, gate_translation
    from ..content.translated import load_translation
    from ..languages import translations
    try:
        cat = load_catalogue(folder)
        trans = [load_translation(cat, folder / str(t.folder), t.code) for t in translations()
                 if (folder / str(t.folder)).is_dir()]
    except ContentError as exc:
        return [f"LOAD {p}" for p in exc.problems]
    errors = list(gate.review(cat).errors) + ids.changed(cat, ids.read_lock(folder))
    for tran in trans:
        errors += [message for _, message in gate_translation.review(tran).errors]
    return errors


UNTRANSLATED = "units not translated yet"


def import_into(folder: Path, name: str, data: bytes, lang: str, topic_id: str | None, replace: bool) -> Result:
    """Read, check in a copy of the questions folder, then write the topic file; see the module's words."""
    doc, warnings = read_file(name, data, topic_id)
    try:
        english = load_catalogue(folder)
    except ContentError as exc:
        raise ImportProblem(f"the content in {folder} does not load as it is (run check-content): "
                            f"{exc.problems[0]}") from None
    if "order" not in doc:   # a file from elsewhere: after the last topic, or where the topic it replaces was
        existing = english.module(doc["id"])
        order = existing.order if existing else max((m.order for m in english.modules.values()), default=0) + 1
        doc = {"id": doc["id"], "order": order, **doc}
    dest = target(folder, doc, lang, english)
    if dest.exists() and not replace:
        raise ImportProblem(f"{dest.name} exists already: add --replace to overwrite it, or give another --id")
    text = yaml_text(doc if lang == "en" else translation_doc(doc, english.module(doc["id"])))
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "questions"
        shutil.copytree(folder, copy)
        before = set(check(copy, lang))
        (copy / dest.relative_to(folder)).write_text(text, encoding="utf-8")
        after = [p.replace(str(copy), str(folder)) for p in check(copy, lang) if p not in before]
    # A new English topic has no translation yet: the app shows English until translate-content adds one.
    todo = [p for p in after if UNTRANSLATED in p]
    after = [p for p in after if p not in todo]
    if after:  # the loader's or the gate's new errors: a topic that fails the gate is never written
        return Result(None, warnings, [p[5:] if p.startswith("LOAD ") else p for p in after], False)
    warnings = warnings + [f"{p} (the pages show English until it is translated)" for p in todo]
    dest.write_text(text, encoding="utf-8")
    if lang == "en":
        ids.write_lock(folder, load_catalogue(folder), ids.read_lock(folder))
    return Result(dest, warnings, [], True)
