"""A translated catalogue: the English one's structure, with each unit's text translated where it is current.

The English catalogue decides everything but words: which topics, sections and questions exist,
their order, answer keys, misconceptions, concepts, terms lists, sources and figure files. A unit
whose translation is current (its `source` hash matches the English text now) and complete shows
the translation, marked with the catalogue's language; any other unit keeps its English text,
marked "en", so a reader never meets a half-translated question. Every unit is also recorded with
its state (translated, stale, missing, extra) for the gate and the translators' command.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from . import translation as tr
from .loader import COMMON_FILE, ContentError, _digest, _link_terms, _markdown, _parse
from .model import DONT_KNOW, DONT_KNOW_CHOICE, Catalogue, Choice, Figure, Module, Question, Section, snapshot_of

TRANSLATED, STALE, MISSING, EXTRA = "translated", "stale", "missing", "extra"
STATES = (TRANSLATED, STALE, MISSING, EXTRA)
COMMON = ""                # the module id of units in the common file (and of unknown topics' files)
T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Unit:
    """One unit of text and how its translation stands, named the way the gate names places."""
    place: str
    module: str
    state: str
    id: str = ""
    english: dict = field(default_factory=dict)   # the canonical English text (empty for an extra unit)
    source: str = ""       # the hash of that English text now
    why: str = ""


@dataclass
class Translation:
    lang: str
    folder: Path
    catalogue: Catalogue
    units: list[Unit]

    def count(self, module: str, state: str) -> int:
        """How many units of a topic (or of the common file) are in a state."""
        return sum(u.module == module and u.state == state for u in self.units)


def load_translation(english: Catalogue, folder: str | Path, lang: str) -> Translation:
    """Read questions/<lang>/ (a broken file raises ContentError) and build the translated catalogue."""
    folder, problems = Path(folder), list[str]()
    common = tr.CommonTr()
    if (folder / COMMON_FILE).is_file():
        common = _parse(folder / COMMON_FILE, tr.CommonTr, problems) or common
    files = sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_")) if folder.is_dir() else []
    parsed = [(p, m) for p in files if (m := _parse(p, tr.ModuleTr, problems))]
    if problems:
        raise ContentError(problems)
    return _Builder(english, folder, lang).build(common, parsed)


class _Builder:
    """Walk the English catalogue once, pairing each unit with its translation."""

    def __init__(self, english: Catalogue, folder: Path, lang: str):
        self.en, self.folder, self.lang = english, folder, lang
        self.units: list[Unit] = []
        self.dont_know, self.forms = DONT_KNOW_CHOICE, dict[str, str]()

    def build(self, common: tr.CommonTr, files: list[tuple[Path, tr.ModuleTr]]) -> Translation:
        """Judge and build every unit: the common file first, then each topic in order."""
        cat = self._common(common)
        raw: dict[str, tr.ModuleTr] = {}
        paths: dict[str, Path] = {}
        for path, m in files:
            if m.id in raw:
                self._extra(f"{path}: module {m.id}", COMMON, f"the same topic as {paths[m.id]}")
            raw.setdefault(m.id, m)
            paths.setdefault(m.id, path)
        for mid in raw.keys() - self.en.modules.keys():
            self._extra(f"{paths[mid]}: module {mid}", COMMON, "no English topic has this id")
        modules = {m.id: self._module(m, paths.get(m.id, self.folder / Path(m.path or f"{m.id}.yaml").name),
                                      raw.get(m.id)) for m in self.en.modules.values()}
        return Translation(self.lang, self.folder, dataclasses.replace(cat, modules=modules), self.units)

    # ------------------------------------------------------------ judging

    def _judge(self, place: str, module: str, uid: str, english: dict, raw: T | None, optional=()) -> T | None:
        """Record how one unit stands; return its translation when that is current and complete."""
        source, got = tr.source_of(english), raw.model_dump() if raw is not None else None
        state, why = MISSING, ""
        if got is not None and any(t for k in english for t in texts_in(got.get(k))):
            if got["source"] != source:
                state = STALE
                why = "it has no source hash" if got["source"] is None else \
                    "the English text changed since it was translated"
            elif gaps := _gaps(english, got, optional):
                why = "still untranslated: " + ", ".join(gaps)
            else:
                state = TRANSLATED
        self.units.append(Unit(place, module, state, uid, english, source, why))
        return raw if state == TRANSLATED else None

    def _extra(self, place: str, module: str, why: str) -> None:
        """Record text that has no English unit to translate."""
        self.units.append(Unit(place, module, EXTRA, why=why))

    def _by_id(self, items, place, module: str) -> dict:
        """Index translated items by id; a second item with the same id is extra."""
        out: dict = {}
        for item in items:
            if item.id in out:
                self._extra(place(item.id), module, "the same id is translated twice")
            out.setdefault(item.id, item)
        return out

    # ------------------------------------------------------------ building

    def _common(self, c: tr.CommonTr) -> Catalogue:
        """The shared texts: the fixed choice, disclaimer, checklist, concepts, glossary, misconceptions."""
        en, place = self.en, f"{self.folder / COMMON_FILE}"
        if dk := self._judge(f"{place}: field 'dont_know'", COMMON, "dont_know", tr.english_dont_know(), c.dont_know):
            self.dont_know = Choice(DONT_KNOW, dk.text, False, dk.feedback, lang=self.lang)
        disclaimer = self._judge(f"{place}: field 'disclaimer'", COMMON, "disclaimer", {"text": en.disclaimer},
                                 c.disclaimer)
        checklist = self._judge(f"{place}: field 'checklist'", COMMON, "checklist", {"items": list(en.checklist)},
                                c.checklist)
        concepts = {}
        for cid, con in en.concepts.items():
            label = self._judge(f"{place}: concept {cid}", COMMON, cid, tr.english_concept(con), c.concepts.get(cid))
            concepts[cid] = dataclasses.replace(con, label=label.label, lang=self.lang) if label else con
        for cid in c.concepts.keys() - en.concepts.keys():
            self._extra(f"{place}: concept {cid}", COMMON, "no English concept has this id")
        terms = self._by_id(c.glossary, lambda i: f"{place}: term {i}", COMMON)
        glossary = {}
        for tid, t in en.glossary.items():
            term = self._judge(f"{place}: term {tid}", COMMON, tid, tr.english_term(t), terms.get(tid),
                               optional=("forms",))
            glossary[tid] = dataclasses.replace(t, term=term.term, definition=term.definition, lang=self.lang,
                                                forms=tuple(term.forms) or (term.term,)) if term else t
        mis = self._by_id(c.misconceptions, lambda i: f"{place}: misconception {i}", COMMON)
        misconceptions = {}
        for mid, m in en.misconceptions.items():
            got = self._judge(f"{place}: misconception {mid}", COMMON, mid, tr.english_misconception(m), mis.get(mid))
            misconceptions[mid] = dataclasses.replace(m, statement=got.statement, correction=got.correction,
                                                      talking_points=tuple(got.talking_points),
                                                      lang=self.lang) if got else m
        for kind, given, known in (("term", terms, en.glossary), ("misconception", mis, en.misconceptions)):
            for i in given.keys() - known.keys():
                self._extra(f"{place}: {kind} {i}", COMMON, f"no English {kind} has this id")
        self.forms = {f.casefold(): t.id for t in glossary.values() for f in (*t.forms, t.term)}
        return dataclasses.replace(
            en, glossary=glossary, misconceptions=misconceptions, concepts=concepts, lang=self.lang,
            disclaimer=disclaimer.text if disclaimer else en.disclaimer,
            checklist=tuple(checklist.items) if checklist else en.checklist,
            text_langs={"disclaimer": self.lang if disclaimer else "en", "checklist": self.lang if checklist else "en"})

    def _module(self, m: Module, path: Path, raw: tr.ModuleTr | None) -> Module:
        """One topic: its header, then each section with its questions."""
        where = f"{path}: module {m.id}"
        head = self._judge(where, m.id, m.id, tr.english_module(m), raw)
        found = self._by_id(raw.sections if raw else [], lambda i: f"{where} / section {i}", m.id)
        for sid in found.keys() - {s.id for s in m.sections}:
            self._extra(f"{where} / section {sid}", m.id, "the English topic has no section with this id")
        sections = tuple(self._section(s, found.get(s.id), where, m.id) for s in m.sections)
        version = _digest([self.lang, m.id, [[s.id, s.body, [q.content_hash for q in s.questions]] for s in sections]])
        m = dataclasses.replace(m, sections=sections, version=version, path=str(path))
        if head is None:
            return m
        return dataclasses.replace(m, title=head.title, summary=head.summary, main_message=head.main_message,
                                   key_points=tuple(head.key_points), actions=tuple(head.actions), lang=self.lang)

    def _section(self, s: Section, raw: tr.SectionTr | None, module_where: str, module: str) -> Section:
        """One section: its reading and figure words, and its questions (each judged on its own)."""
        where = f"{module_where} / section {s.id}"
        done = self._judge(where, module, s.id, tr.english_section(s), raw)
        if raw is not None and raw.figure is not None and s.figure is None:
            self._extra(f"{where} / field 'figure'", module, "the English section has no figure")
        found = self._by_id(raw.questions if raw else [], lambda i: f"{where} / question {i}", module)
        for qid in found.keys() - {q.id for q in s.questions}:
            self._extra(f"{where} / question {qid}", module, "the English section has no question with this id")
        questions = tuple(self._question(q, found.get(q.id), f"{where} / question {q.id}", module)
                          for q in s.questions)
        if done is None:
            return dataclasses.replace(s, questions=questions)
        figure = Figure(s.figure.file, done.figure.caption, done.figure.alt, done.figure.description) \
            if s.figure and done.figure else None
        return dataclasses.replace(s, title=done.title, body=done.body, questions=questions, figure=figure,
                                   body_html=_link_terms(_markdown.render(done.body), self.forms), lang=self.lang)

    def _question(self, q: Question, raw: tr.SiblingTr | None, where: str, module: str) -> Question:
        """One question, sibling or alternate; its hash covers the language, so a stored answer keeps what it showed."""
        done = self._judge(where, module, q.id, tr.english_question(q), raw)
        known = {c.id for c in q.authored_choices}
        for cid in _repeated_or_unknown([c.id for c in raw.choices] if raw else [], known):
            self._extra(f"{where} / choice {cid}", module, "the English question has no choice with this id "
                        "(or it is translated twice)")
        sibling, alternate = (self._form(kind, getattr(q, kind), getattr(raw, kind, None), where, module)
                              for kind in ("sibling", "alternate"))
        prompt, explanation, lang, authored = q.prompt, q.explanation, "en", q.authored_choices
        if done is not None:
            text = {c.id: c for c in done.choices}
            prompt, explanation, lang = done.prompt, done.explanation, self.lang
            authored = tuple(dataclasses.replace(c, text=text[c.id].text, feedback=text[c.id].feedback,
                                                 lang=self.lang) for c in authored)
        choices = (*authored, self.dont_know)
        shown = {**snapshot_of(prompt, choices), "explanation": explanation, "lang": self.lang}
        return dataclasses.replace(q, prompt=prompt, explanation=explanation, choices=choices, sibling=sibling,
                                   alternate=alternate, content_hash=_digest(shown), lang=lang)

    def _form(self, kind: str, form: Question | None, raw: tr.SiblingTr | None, where: str,
              module: str) -> Question | None:
        """A question's sibling or alternate, paired with its translation by id; another id is extra."""
        if raw is not None and (form is None or raw.id != form.id):
            self._extra(f"{where} / {kind} {raw.id}", module, f"the English question has no {kind} with this id")
        if form is None:
            return None
        return self._question(form, raw if raw is not None and raw.id == form.id else None,
                              f"{where} / {kind} {form.id}", module)


def texts_in(value) -> list[str]:
    """Every string in a value, nested ones included, ids left out."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() if k != "id" for t in texts_in(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts_in(v)]
    return []


def _gaps(english: dict, got: dict, optional=()) -> list[str]:
    """Name each field the English fills and the translation leaves empty (or with other line counts)."""
    gaps = []
    for key, en in english.items():
        mine = got.get(key)
        if key in optional or not any(texts_in(en)):
            continue
        if isinstance(en, str) and not mine:
            gaps.append(f"field '{key}'")
        elif isinstance(en, dict):
            gaps += [f"field '{key}' / '{k}'" for k, v in en.items() if v and not (mine or {}).get(k)]
        elif key == "choices":
            mine = {c["id"]: c for c in mine or []}
            for c in en:
                gaps += [f"choice {c['id']}"] if c["id"] not in mine else \
                    [f"choice {c['id']} / field '{k}'" for k in ("text", "feedback") if c[k] and not mine[c["id"]][k]]
        elif isinstance(en, list) and (len(mine or []) != len(en) or not all(mine or [])):
            gaps.append(f"field '{key}' (the English has {len(en)} lines, all needed)")
    return gaps


def _repeated_or_unknown(ids: list[str], known: set[str]) -> list[str]:
    """Ids not among the known ones, and ids given twice, in order."""
    seen: set[str] = set()
    out = []
    for i in ids:
        if i not in known or i in seen:
            out.append(i)
        seen.add(i)
    return out
