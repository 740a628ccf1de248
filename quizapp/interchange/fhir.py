"""Results for the medical record as a FHIR R4 Bundle: Questionnaires, QuestionnaireResponses, an education note.

Pure functions over the catalogue and stored answers (no Flask, no database). The tool knows no
patient, so no resource names a subject: the EHR's interface engine fills `subject` in (see the
README). A Questionnaire per topic has a canonical URL under PUBLIC_BASE_URL, the content version as
its version, and each choice's stable id as its answerOption code with an itemWeight (1 right,
0 wrong, 0 for "I don't know yet", which keeps its own code). A QuestionnaireResponse per topic and
phase holds each answer as a coding and how sure the person was as an item of its own.
"""
from __future__ import annotations

import base64
import datetime as dt
import re
import uuid
from collections.abc import Iterable

from ..content.model import Module, Question
from ..records import AnswerRecord, AttemptRecord
from ..states import Round

ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
LOINC = "http://loinc.org"
EDUCATION_NOTE = ("34895-3", "Education note")
CONFIDENCE = (("sure", "Sure"), ("unsure", "Not sure"))
PHASE_CODES = {Round.BEFORE: "before-reading", Round.FIRST: "first-try", Round.RETRY: "second-try",
               Round.RECHECK: "re-check"}
PHASE_WORDS = {"before-reading": "check before reading", "first-try": "first try", "second-try": "second try",
               "re-check": "re-check before the consult"}


def phase_of(answer: AnswerRecord) -> str:
    """The phase an answer belongs to: before reading, first try, second try or the re-check."""
    return PHASE_CODES[Round(answer.round)]


def systems(base: str) -> dict[str, str]:
    """The code systems and canonical URLs this app defines under its public address."""
    return {"choice": f"{base}/fhir/CodeSystem/choice", "confidence": f"{base}/fhir/CodeSystem/confidence",
            "questionnaire": f"{base}/fhir/Questionnaire"}


def _id(*parts: str) -> str:
    """A resource id that stays the same for the same things (FHIR ids: 64 characters at most)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "quizapp:" + ":".join(parts)))


def _instant(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.timezone.utc).isoformat(timespec="seconds") if moment.tzinfo is None \
        else moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def questionnaire(base: str, m: Module) -> dict:
    """One topic's questions (every parallel form) grouped by part, each followed by its confidence item."""
    sys = systems(base)
    groups = [{"linkId": s.id, "type": "group", "text": s.title,
               "item": [x for q in s.questions for form in q.forms for x in _items(form, sys)]}
              for s in m.sections]
    score = {"linkId": "score", "type": "integer", "text": "Right answers in this phase", "readOnly": True}
    return {"resourceType": "Questionnaire", "id": m.id, "url": f"{sys['questionnaire']}/{m.id}",
            "version": m.version, "name": "".join(w.title() for w in re.split(r"[^A-Za-z0-9]+", m.id)),
            "title": m.title, "status": "active", "language": m.lang, "subjectType": ["Patient"],
            "item": [*groups, score]}


def _items(q: Question, sys: dict) -> list[dict]:
    options = [{"valueCoding": {"system": sys["choice"], "code": c.id, "display": c.text},
                "extension": [{"url": ITEM_WEIGHT, "valueDecimal": 1 if c.correct else 0}]} for c in q.choices]
    sure = [{"valueCoding": {"system": sys["confidence"], "code": code, "display": words}}
            for code, words in CONFIDENCE]
    return [{"linkId": q.id, "type": "choice", "text": q.prompt, "answerOption": options},
            {"linkId": f"{q.id}-confidence", "type": "choice", "text": "How sure were you?", "answerOption": sure}]


def responses(base: str, m: Module, attempt: AttemptRecord, version: str, answers: Iterable[AnswerRecord],
              snapshots: dict[str, dict]) -> list[dict]:
    """One QuestionnaireResponse per phase of one topic, each answer worded as the person saw it."""
    sys = systems(base)
    section_of = {form.id: s.id for s in m.sections for q in s.questions for form in q.forms}
    by_phase: dict[str, list[AnswerRecord]] = {}
    for a in sorted(answers, key=lambda a: a.answered_at):
        if a.question_id in section_of:
            by_phase.setdefault(phase_of(a), []).append(a)
    out = []
    for phase, given in by_phase.items():
        groups: dict[str, list[dict]] = {}
        for a in given:
            shown = snapshots.get(a.content_hash, {})
            groups.setdefault(section_of[a.question_id], []).extend(_answered(a, shown, sys))
        done = {"first-try": attempt.finished_at is not None,
                "second-try": attempt.retry_total > 0 and len(given) >= attempt.retry_total}.get(phase, True)
        items = [{"linkId": s.id, "text": s.title, "item": groups[s.id]} for s in m.sections if s.id in groups]
        items.append({"linkId": "score", "text": "Right answers in this phase",
                      "answer": [{"valueInteger": sum(a.correct for a in given)}]})
        out.append({"resourceType": "QuestionnaireResponse", "id": _id(attempt.public_id, phase),
                    "questionnaire": f"{sys['questionnaire']}/{m.id}|{version}",
                    "status": "completed" if done else "in-progress", "authored": _instant(given[-1].answered_at),
                    "language": given[0].lang, "item": items,
                    "extension": [{"url": f"{base}/fhir/StructureDefinition/phase", "valueCode": phase}]})
    return out


def _answered(a: AnswerRecord, snapshot: dict, sys: dict) -> list[dict]:
    shown = {c["id"]: c["text"] for c in snapshot.get("choices", [])}
    coding = {"system": sys["choice"], "code": a.choice, "display": shown.get(a.choice, a.choice)}
    out = [{"linkId": a.question_id, "text": snapshot.get("prompt") or a.question_id,
            "answer": [{"valueCoding": coding}]}]
    if a.confidence:
        words = dict(CONFIDENCE).get(a.confidence, a.confidence)
        out.append({"linkId": f"{a.question_id}-confidence", "text": "How sure were you?",
                    "answer": [{"valueCoding": {"system": sys["confidence"], "code": a.confidence,
                                                "display": words}}]})
    return out


def education_note(html: str, now: dt.datetime, lang: str = "en") -> dict:
    """The consult sheet as an HTML education note (LOINC 34895-3), for the EHR to file against the patient."""
    code, words = EDUCATION_NOTE
    return {"resourceType": "DocumentReference", "id": _id("note", html, now.isoformat()), "status": "current",
            "docStatus": "final", "type": {"coding": [{"system": LOINC, "code": code, "display": words}]},
            "date": _instant(now), "description": "Gene therapy reading: results and questions to ask",
            "content": [{"attachment": {"contentType": "text/html", "language": lang, "title": "Consult sheet",
                                        "data": base64.b64encode(html.encode("utf-8")).decode("ascii"),
                                        "creation": _instant(now)}}]}


def bundle(base: str, resources: list[dict], now: dt.datetime) -> dict:
    """A collection Bundle; Questionnaires under their canonical URLs, everything else as urn:uuid."""
    entries = [{"fullUrl": r["url"] if r["resourceType"] == "Questionnaire" else f"urn:uuid:{r['id']}",
                "resource": r} for r in resources]
    return {"resourceType": "Bundle", "id": _id("bundle", *(r["id"] for r in resources), now.isoformat()),
            "type": "collection", "timestamp": _instant(now), "entry": entries}
