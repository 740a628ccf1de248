"""One person's results as a FHIR Bundle: read from the store, the consult note rendered, the resources built."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from .. import clock
from ..content import catalogue
from ..content.model import Module
from ..languages import get, language
from ..patient.sheet import asks
from ..records import AnswerRecord, PersonRows
from ..reports import ROLE_LABELS
from ..states import Round
from ..store import clinicians, progress, results
from . import fhir


@dataclass(frozen=True)
class Read:
    """What the consult sheet's questions need of one topic: the topic and the person's answers to it."""
    module: Module
    answers: tuple[AnswerRecord, ...]


def base_url() -> str:
    """The address the canonical URLs live under: PUBLIC_BASE_URL, or a local one in development."""
    return current_app.config["PUBLIC_BASE_URL"] or "http://localhost:5000"


def person_bundle(s, assignment, public_id: str) -> dict | None:
    """The Bundle for one person of an assignment (None when that person is not on it)."""
    rows = next((p for p in clinicians.report_people(s, [assignment.id])[assignment.id] if p.public_id == public_id),
                None)
    return None if rows is None else build(s, assignment, rows)


def build(s, assignment, rows: PersonRows) -> dict:
    """Questionnaires for the assignment's topics, the person's responses per topic and phase, the note."""
    base, now, cat = base_url(), clock.now(), catalogue()
    modules = [m for mid in assignment.modules.split(",") if (m := cat.module(mid))]
    versions = results.attempt_versions(s, [a.id for a in rows.attempts])
    snapshots = progress.question_versions(s, {a.content_hash for a in rows.answers})
    resources = [fhir.questionnaire(base, m) for m in modules]
    read = []
    for attempt in rows.attempts:
        m = cat.module(attempt.module_id)
        if m is None:
            continue
        answers = tuple(a for a in rows.answers if a.attempt_id == attempt.id)
        resources += fhir.responses(base, m, attempt, versions.get(attempt.id, m.version), answers, snapshots)
        read.append(Read(m, answers))
    resources.append(fhir.education_note(note_html(rows, read, assignment.lang), now))
    return fhir.bundle(base, resources, now)


def note_html(rows: PersonRows, read: list[Read], lang: str) -> str:
    """The consult sheet for the record, in the clinicians' words."""
    cat = catalogue()
    topics = []
    for r in read:
        first = [a for a in r.answers if a.round == Round.FIRST]
        retry = [a for a in r.answers if a.round == Round.RETRY]
        attempt = next(a for a in rows.attempts if a.module_id == r.module.id)
        topics.append({"title": r.module.title, "total": len(r.module.questions),
                       "first": sum(a.correct for a in first),
                       "retry_total": attempt.retry_total, "retry": sum(a.correct for a in retry),
                       "unknown": sum(a.choice == "dont-know" for a in first)})
    page = current_app.jinja_env.get_template("clinician/fhir_note.html")  # no request needed (the CLI has none)
    return page.render(role=str(ROLE_LABELS.get(rows.role, rows.role)),
                           language=language(lang).word if get(lang) else lang,
                           made=clock.now().strftime("%Y-%m-%d %H:%M"),
                           topics=topics, asks=asks(cat, read), disclaimer=cat.disclaimer)
