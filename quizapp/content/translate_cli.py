"""The translators' command: print a stub for every unit still to translate, or add the stubs to the files.

`flask --app quizapp translate-content --lang es` prints each missing or stale unit with its
English text (as comments) and the source hash it must record. `--write` adds a stub for every
unit absent from questions/<lang>/ to the files (creating them as needed, in the English order);
a stub's fields are empty, so the app keeps showing English and the gate keeps reporting the unit
until it is translated. Writing rewrites a file from its parsed content: values are kept, comments
other than the "# EN:" ones are not.
"""
from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import click
import yaml
from flask import current_app
from flask.cli import with_appcontext

from . import translation as tr
from .loader import COMMON_FILE, ContentError, load_catalogue
from .model import Catalogue, Module, Question, Section
from .stubs import emit, reblank, stub
from .translated import MISSING, STALE, load_translation, texts_in

LANG = re.compile(r"^[a-z]{2}$")


@click.command("translate-content")
@click.option("--lang", required=True, help="The language to translate into (a two-letter code, e.g. es).")
@click.option("--path", type=click.Path(file_okay=False), help="English folder to use instead of the configured one.")
@click.option("--write", is_flag=True, help="Add stubs for absent units to questions/<lang>/ instead of printing.")
@with_appcontext
def translate_content(lang: str, path: str | None, write: bool) -> None:
    """Print (or write) a stub for every unit of questions/<lang>/ that is missing or stale."""
    if not LANG.match(lang) or lang == "en":
        raise click.BadParameter("a two-letter code other than en, such as es", param_hint="--lang")
    folder = Path(path or current_app.config["QUESTIONS_DIR"])
    try:
        english = load_catalogue(folder)
        translation = load_translation(english, folder / lang, lang)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(f"ERROR {problem}", err=True)
        raise SystemExit(1) from None
    if write:
        files, added = write_stubs(english, folder / lang)
        click.echo(f"Added {added} stubs to {files} files in {folder / lang}.")
        return
    todo = [u for u in translation.units if u.state in (MISSING, STALE)]
    for unit in todo:
        click.echo(f"# {unit.place} ({unit.state}{': ' + unit.why if unit.why else ''})")
        click.echo("\n".join(emit(_as_placed(unit.place, unit.id, stub(None, unit.source, unit.english)))) + "\n")
    stale = sum(u.state == STALE for u in todo)
    click.echo(f"{len(todo)} units to translate into {lang}: {len(todo) - stale} missing, {stale} stale.")


def _as_placed(place: str, uid: str, unit: dict) -> dict:
    """Put a unit in the shape it takes in its file: a list entry with its id, a concept, or a field."""
    kind = place.split(": ", 1)[1].split(" / ")[-1].split(" ", 1)[0]
    if kind == "field":
        return {uid: unit}
    if kind == "concept":
        return {"concepts": {uid: unit}}
    return {"id": uid, **unit}


def write_stubs(english: Catalogue, folder: Path) -> tuple[int, int]:
    """Add a stub for every absent unit to the translated files; return (files written, stubs added)."""
    folder.mkdir(parents=True, exist_ok=True)
    existing: dict[str, tuple[Path, dict]] = {}
    for p in sorted(folder.glob("*.yaml")):
        raw = yaml.safe_load(p.read_text(encoding="utf-8")) if not p.name.startswith("_") else None
        if isinstance(raw, dict) and raw.get("id") in english.modules:
            existing.setdefault(raw["id"], (p, raw))
    docs = [(folder / COMMON_FILE, _read(folder / COMMON_FILE), _common_doc(english))]
    for m in english.modules.values():
        p, raw = existing.get(m.id, (folder / Path(m.path or f"{m.id}.yaml").name, {}))
        docs.append((p, raw, partial(_module_doc, m)))
    files = added = 0
    for p, raw, build in docs:
        doc = build(raw)
        if _sources(doc) != _sources(raw):
            p.write_text("\n".join(emit(doc)) + "\n", encoding="utf-8")
            files, added = files + 1, added + len(_sources(doc)) - len(_sources(raw))
    return files, added


def _read(path: Path) -> dict:
    """A translated file's mapping, or an empty one when it does not exist yet."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    return raw if isinstance(raw, dict) else {}


def _sources(value) -> list:
    """The source hash of every unit a document holds, in order: what a write adds or refreshes."""
    if isinstance(value, dict):
        return ([value["source"]] if "source" in value else []) + [s for v in value.values() for s in _sources(v)]
    if isinstance(value, list):
        return [s for v in value for s in _sources(v)]
    return []


def _unit(raw, uid: str | None, english: dict) -> dict:
    """An existing unit with its empty fields shown with their English again, or a new stub.

    A unit with no text at all takes the current source hash, so a translator filling it in
    later records the English text the comments show.
    """
    if not isinstance(raw, dict):
        return stub(uid, tr.source_of(english), english)
    doc = reblank(raw, english)
    if not any(texts_in({k: v for k, v in raw.items() if k in english})):
        doc["source"] = tr.source_of(english)
    return doc


def _merge(existing, wanted: list) -> list:
    """A list of units in the English order (each built by its function), then anything else kept at the end."""
    by_id, rest = {}, []
    for item in existing if isinstance(existing, list) else []:
        if isinstance(item, dict) and item.get("id") not in by_id:
            by_id[item.get("id")] = item
        else:
            rest.append(item)
    return [build(by_id.pop(uid, None)) for uid, build in wanted] + list(by_id.values()) + rest


def _common_doc(en: Catalogue):
    """Build the common file: the fixed choice, disclaimer, checklist, concepts, glossary, misconceptions."""
    def build(raw: dict) -> dict:
        doc = dict(raw)
        for key, english in (("dont_know", tr.english_dont_know()), ("disclaimer", {"text": en.disclaimer}),
                             ("checklist", {"items": list(en.checklist)})):
            doc[key] = _unit(raw.get(key), None, english)
        given = raw.get("concepts")
        concepts: dict = given if isinstance(given, dict) else {}
        doc["concepts"] = {cid: _unit(concepts.get(cid), None, tr.english_concept(c)) for cid, c in en.concepts.items()}
        doc["concepts"].update({k: v for k, v in concepts.items() if k not in en.concepts})
        doc["glossary"] = _merge(raw.get("glossary"), [(t.id, partial(_unit, uid=t.id, english=tr.english_term(t)))
                                                       for t in en.glossary.values()])
        doc["misconceptions"] = _merge(raw.get("misconceptions"), [
            (m.id, partial(_unit, uid=m.id, english=tr.english_misconception(m))) for m in en.misconceptions.values()])
        return doc
    return build


def _module_doc(m: Module, raw: dict) -> dict:
    """Build a topic's file: its header, then its sections in the English order."""
    header = {k: v for k, v in raw.items() if k not in ("id", "sections")}
    doc = {"id": m.id, **{k: v for k, v in _unit(header or None, None, tr.english_module(m)).items()}}
    doc["sections"] = _merge(raw.get("sections"), [(s.id, partial(_section_doc, s)) for s in m.sections])
    return doc


def _section_doc(s: Section, raw: dict | None) -> dict:
    """Build a section: its own fields, then its questions in the English order."""
    doc = _unit(raw, s.id, tr.english_section(s))
    doc["questions"] = _merge((raw or {}).get("questions"), [(q.id, partial(_question_doc, q)) for q in s.questions])
    return doc


def _question_doc(q: Question, raw: dict | None) -> dict:
    """Build a question and, when the English has them, its sibling and its alternate."""
    doc = _unit(raw, q.id, tr.english_question(q))
    for kind, form in (("sibling", q.sibling), ("alternate", q.alternate)):
        twin = (raw or {}).get(kind)
        if form is not None and (twin is None or (isinstance(twin, dict) and twin.get("id") == form.id)):
            doc[kind] = _question_doc(form, twin)
    return doc
