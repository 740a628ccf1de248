"""Load every file in questions/ once, check it, and build the frozen catalogue."""
from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from pydantic import ValidationError

from . import schema
from .model import (
    DONT_KNOW,
    DONT_KNOW_CHOICE,
    Bundle,
    Catalogue,
    Choice,
    Concept,
    Figure,
    Misconception,
    Module,
    Question,
    Section,
    Term,
    snapshot_of,
)

COMMON_FILE = "_common.yaml"
_markdown = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable("replacements")
FIGURES_DIR = Path(__file__).resolve().parent.parent / "static" / "figures"
# A reading page is /m/<topic>/read/<part>: this reaches the word list under any mount point.
GLOSSARY_HREF = "../../../glossary"
_STRONG = re.compile(r"<strong>([^<]+)</strong>")


class ContentError(Exception):
    """Broken content: every problem found, each naming its file and place."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Content problems:\n" + "\n".join(f"  - {p}" for p in problems))


def load_catalogue(folder: str | Path) -> Catalogue:
    """Read, validate and build the catalogue; raise ContentError naming every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ContentError([f"{folder}: the questions folder does not exist (after `pip install .` rather than an "
                            "editable install, set QUIZAPP_ROOT to the folder that holds questions/ and templates/)"])
    module_files = sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_"))
    if not module_files:
        raise ContentError([f"{folder}: no module files (*.yaml) found"])
    problems: list[str] = []
    common = _parse(folder / COMMON_FILE, schema.CommonIn, problems)
    modules = [m for p in module_files if (m := _parse(p, schema.ModuleIn, problems))]
    if problems or common is None:
        raise ContentError(problems or [f"{folder / COMMON_FILE}: missing"])
    catalogue = _build(common, modules, module_files, problems)
    if problems:
        raise ContentError(problems)
    return catalogue


def _parse(path: Path, model, problems: list[str]):
    """Parse one YAML file into its schema model, recording problems with their place."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path}: file is missing")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        problems.append(f"{path}: bad YAML at {where}: {exc.problem}")
        return None
    if not isinstance(raw, dict):
        problems.append(f"{path}: expected a mapping of fields at the top level")
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(f"{path}: {_place(raw, err['loc'])}: {err['msg']}")
        return None


def _place(raw: dict, loc: tuple) -> str:
    """Turn a pydantic location into module / section / question / field words."""
    words = [f"module {raw.get('id', '?')}"] if "sections" in raw else []
    node: Any = raw
    labels = {"sections": "section", "questions": "question", "glossary": "term",
              "misconceptions": "misconception", "choices": "choice"}
    i = 0
    while i < len(loc):
        key = loc[i]
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        if key in labels and isinstance(nxt, int):
            items = node.get(key) if isinstance(node, dict) else None
            item = items[nxt] if isinstance(items, list) and nxt < len(items) else {}
            name = item.get("id") if isinstance(item, dict) and item.get("id") else f"#{nxt + 1}"
            words.append(f"{labels[key]} {name}")
            node = item
            i += 2
            continue
        words.append(f"field '{key}'")
        node = node.get(key) if isinstance(node, dict) else None
        i += 1
    return " / ".join(words) or "top level"


def _digest(data) -> str:
    """Return a short stable hash of JSON-able data."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _build(common: schema.CommonIn, modules: list[schema.ModuleIn], paths: list[Path],
           problems: list[str]) -> Catalogue:
    """Check cross-references and build frozen objects."""
    glossary = {t.id: Term(t.id, t.term, t.definition, tuple(t.forms) or (t.term,)) for t in common.glossary}
    misconceptions = {m.id: Misconception(m.id, m.statement, m.correction, tuple(m.talking_points), m.priority)
                      for m in common.misconceptions}
    concepts = {k: Concept(k, v) for k, v in common.concepts.items()}
    for kind, items in (("glossary term", common.glossary), ("misconception", common.misconceptions)):
        for dup in _duplicates(i.id for i in items):
            problems.append(f"{COMMON_FILE}: duplicate {kind} id '{dup}'")
    forms = {f.casefold(): t.id for t in glossary.values() for f in (*t.forms, t.term)}
    built: dict[str, Module] = {}
    seen_questions: dict[str, str] = {}
    for path, m in zip(paths, modules, strict=True):
        if m.id in built:
            problems.append(f"{path}: module {m.id}: duplicate module id (also in {built[m.id].path})")
            continue
        sections = []
        for dup in _duplicates(s.id for s in m.sections):
            problems.append(f"{path}: module {m.id}: duplicate section id '{dup}'")
        for s in m.sections:
            where = f"{path}: module {m.id} / section {s.id}"
            for term in s.terms:
                if term not in glossary:
                    problems.append(f"{where}: field 'terms': unknown glossary term '{term}'")
            questions = []
            for q in s.questions:
                qwhere = f"{where} / question {q.id}"
                if q.concept not in concepts:
                    problems.append(f"{qwhere}: field 'concept': unknown concept '{q.concept}'")
                parallel: dict[str, Question] = {}
                for kind in ("sibling", "alternate"):
                    if (form := getattr(q, kind)) is not None:
                        fwhere = f"{qwhere} / {kind} {form.id}"
                        _unique_question(form.id, m.id, fwhere, seen_questions, problems)
                        parallel[kind] = _question(form, q.concept, m.id, s.id, fwhere, misconceptions, problems)
                _unique_question(q.id, m.id, qwhere, seen_questions, problems)
                questions.append(_question(q, q.concept, m.id, s.id, qwhere, misconceptions, problems, **parallel))
            sections.append(Section(s.id, s.title, s.body, _link_terms(_markdown.render(s.body), forms),
                                    tuple(s.sources), tuple(s.terms), tuple(questions), s.facts_checked,
                                    _figure(s.figure, where, problems)))
        version = _digest([m.id, [[s.id, s.body, [q.content_hash for q in s.questions]] for s in sections]])
        built[m.id] = Module(m.id, m.title, m.summary, m.order, m.reviewed, tuple(m.sources),
                             tuple(sections), version, str(path), m.main_message or "", tuple(m.key_points),
                             tuple(m.actions))
    ordered = dict(sorted(built.items(), key=lambda kv: (kv[1].order, kv[0])))
    return Catalogue(ordered, glossary, misconceptions, concepts, tuple(common.checklist), common.disclaimer,
                     bundles=_bundles(common.bundles, ordered, problems))


def _bundles(bundles: list[schema.BundleIn], modules: dict[str, Module], problems: list[str]) -> tuple[Bundle, ...]:
    """Check each bundle names existing topics once each, and keep its topics in reading order."""
    for dup in _duplicates(b.id for b in bundles):
        problems.append(f"{COMMON_FILE}: duplicate bundle id '{dup}'")
    for b in bundles:
        for mid in _duplicates(b.modules):
            problems.append(f"{COMMON_FILE}: bundle {b.id} / field 'modules': '{mid}' is listed twice")
        for mid in b.modules:
            if mid not in modules:
                problems.append(f"{COMMON_FILE}: bundle {b.id} / field 'modules': unknown module '{mid}'")
    return tuple(Bundle(b.id, b.title, tuple(m for m in modules if m in b.modules)) for b in bundles)


def _link_terms(body_html: str, forms: dict[str, str]) -> str:
    """Link a part's first bold use of each glossary term to the word list, so a reader can look it up."""
    linked: set[str] = set()

    def link(match: re.Match) -> str:
        term_id = forms.get(" ".join(html.unescape(match.group(1)).split()).casefold())
        if term_id is None or term_id in linked:
            return match.group(0)
        linked.add(term_id)
        return f'<a class="term-link" href="{GLOSSARY_HREF}#{term_id}">{match.group(0)}</a>'
    return _STRONG.sub(link, body_html)


def _figure(f: schema.FigureIn | None, where: str, problems: list[str]) -> Figure | None:
    """Freeze a section's picture, checking that its file is among the app's figures."""
    if f is None:
        return None
    if not (FIGURES_DIR / f.file).is_file():
        problems.append(f"{where} / field 'figure': no file '{f.file}' in quizapp/static/figures/")
    return Figure(f.file, f.caption, f.alt, f.description or "")


def _unique_question(qid: str, module_id: str, where: str, seen: dict[str, str], problems: list[str]) -> None:
    """Record a question id, reporting one that is used twice anywhere in the catalogue."""
    if qid in seen:
        problems.append(f"{where}: duplicate question id (also in {seen[qid]})")
    seen[qid] = f"module {module_id}"


def _question(q: schema.SiblingIn, concept: str, module_id: str, section_id: str, where: str,
              misconceptions: dict, problems: list[str], sibling: Question | None = None,
              alternate: Question | None = None) -> Question:
    """Check one question's answer key and references, and freeze it with "I don't know yet" last."""
    n_correct = sum(c.correct for c in q.choices)
    if n_correct != 1:
        problems.append(f"{where}: field 'choices': needs exactly one correct choice, found {n_correct}")
    for dup in _duplicates(c.id for c in q.choices):
        problems.append(f"{where}: two choices share the id '{dup}'")
    for n, c in enumerate(q.choices, 1):
        if c.id == DONT_KNOW:
            problems.append(f"{where} / choice #{n}: the id '{DONT_KNOW}' is kept for \"I don't know yet\", "
                            "which every question gets by itself")
        if c.correct and c.misconception:
            problems.append(f"{where} / choice #{n}: the correct choice cannot name a misconception")
        if not c.correct and not c.misconception:
            problems.append(f"{where} / choice #{n}: a wrong choice must name the misconception it reveals")
        if c.misconception and c.misconception not in misconceptions:
            problems.append(f"{where} / choice #{n}: field 'misconception': unknown misconception '{c.misconception}'")
    for dup in _duplicates(c.text for c in q.choices):
        problems.append(f"{where}: two choices share the text '{dup}'")
    choices = (*(Choice(c.id, c.text, c.correct, c.feedback, c.misconception) for c in q.choices), DONT_KNOW_CHOICE)
    shown = {**snapshot_of(q.prompt, choices), "explanation": q.explanation}
    return Question(q.id, module_id, section_id, concept, q.prompt, choices, q.explanation, _digest(shown),
                    sibling, alternate=alternate)


def _duplicates(ids) -> list[str]:
    """Return ids that occur more than once, in first-seen order."""
    seen, dups = set(), []
    for i in ids:
        if i in seen and i not in dups:
            dups.append(i)
        seen.add(i)
    return dups
