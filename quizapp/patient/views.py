"""Patient views: load the participant from the cookie, ask the domain, store, redirect."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy.exc import OperationalError

from .. import db, queries, scoring
from ..security import keeps_input, refuse
from ..content import catalogue
from ..models import Participant
from ..scoring import FIRST, RETRY
from . import bp
from .forms import CONFIDENCE, AnswerForm, CodeForm, EmptyForm
from .progress import (Progress, current_participant, load_all_progress, load_progress, participant_id_from_cookie,
                       remember, step_url, visible_modules)


@bp.get("/")
def home():
    """Say what this is and list the modules (or the assigned ones)."""
    return render_home(CodeForm())


def render_home(code_form: CodeForm, status: int = 200):
    """Render the home page with the code box in the given state."""
    me = current_participant()
    return render_template("patient/home.html", mine=_my_progress(), code_form=code_form,
                           assigned=bool(me and me.assignment_id)), status


@bp.get("/m/<module_id>")
def module(module_id: str):
    """Show a module's overview with a start or continue button."""
    mod = _module_or_404(module_id)
    return render_template("patient/module.html", module=mod, progress=load_progress(mod), form=EmptyForm())


@bp.post("/m/<module_id>/start")
def start(module_id: str):
    """Start (or resume) the module for this browser and go to the next step."""
    mod = _module_or_404(module_id)
    EmptyForm().validate_on_submit() or abort(400)

    def work(s):
        pid = participant_id_from_cookie(s)
        person = s.get(Participant, pid) if pid else queries.create_participant(s)
        queries.start_attempt(s, person.id, mod.id, mod.version, len(mod.questions))
        return person
    remember(db.write(work))
    return redirect(step_url(load_progress(mod)), 303)


@bp.get("/m/<module_id>/read/<section_id>")
def read(module_id: str, section_id: str):
    """Show a section's reading, if the patient has reached it."""
    mod = _module_or_404(module_id)
    section = mod.section(section_id) or abort(404)
    progress = _started(mod)
    if not scoring.may_open_section(mod, progress.answers, section.id):
        return redirect(step_url(progress), 303)
    step = progress.step
    if step.kind == "read" and step.section_id == section.id:  # first opening: remember when, for reading time
        db.write(lambda s: queries.record_visit(s, progress.attempt.id, section.id))
    return render_template("patient/read.html", module=mod, section=section, progress=progress)


@bp.route("/m/<module_id>/q/<question_id>", methods=["GET", "POST"], defaults={"rnd": FIRST})
@bp.route("/m/<module_id>/retry/<question_id>", methods=["GET", "POST"], defaults={"rnd": RETRY})
def question(module_id: str, question_id: str, rnd: int):
    """Ask one question; on POST store the first answer only and show its feedback."""
    mod = _module_or_404(module_id)
    q = mod.question(question_id) or abort(404)
    progress = _started(mod)
    if progress.answer(q.id, rnd) is not None:
        return redirect(url_for(".feedback", module_id=mod.id, question_id=q.id, rnd=rnd), 303)
    if not scoring.may_answer(mod, progress.answers, q, rnd):
        return redirect(step_url(progress), 303)
    form = AnswerForm().for_question([c.id for c in q.choices])
    if request.method == "POST":
        if form.picked_foreign_choice:
            refuse(400, "That answer is not one of the choices for this question. Nothing was saved.")
        if not form.validate_on_submit():
            return render_question(mod, q, rnd, progress, form), 400
        db.write(lambda s: _store(s, progress, q, rnd, form))
        return redirect(url_for(".feedback", module_id=mod.id, question_id=q.id, rnd=rnd), 303)
    return render_question(mod, q, rnd, progress, form)


@keeps_input("patient.question")
def question_again(note: str, status: int):
    """After a failed save, show the same question with the patient's choice still selected."""
    args = request.view_args or {}
    mod = catalogue().module(args.get("module_id", ""))
    q = mod.question(args.get("question_id", "")) if mod else None
    if q is None:
        return None
    try:
        progress = load_progress(mod)
    except OperationalError:
        progress = Progress(mod)  # the database is unreachable: show the question from content alone
    form = AnswerForm(meta={"csrf": False}).for_question([c.id for c in q.choices])
    return render_question(mod, q, args.get("rnd", FIRST), progress, form, note), status


def render_question(mod, q, rnd, progress, form, status_note: str | None = None):
    """Render the question page, keeping whatever the patient had chosen."""
    number, total = scoring.question_number(mod, q, rnd, progress.answers)
    return render_template("patient/question.html", module=mod, question=q, rnd=rnd, form=form,
                           choices=scoring.shuffled_choices(progress.attempt.public_id if progress.attempt else "", q),
                           number=number, total=total, progress=progress, note=status_note,
                           confidence_choices=CONFIDENCE)


def _store(s, progress: Progress, q, rnd: int, form: AnswerForm) -> None:
    """Store the answer and the scores recomputed from every stored answer."""
    attempt = progress.attempt
    if not queries.store_answer(s, attempt.id, q, rnd, form.choice.data, form.confidence.data or None):
        return  # answered already (a double click or a resubmit): nothing changes
    answers = queries.answer_refs(s, attempt.id)
    result = scoring.score(progress.module, answers)
    finished = scoring.is_finished(progress.module, answers)
    retry_total = attempt.retry_total if attempt.retry_started_at else result.retry_total  # fixed once begun
    queries.save_scores(s, attempt.id, result.first_correct, retry_total, result.retry_correct, finished)
    if rnd == FIRST and finished:  # this answer completed the first round: count it in the statistics
        clinician_id = progress.person.clinician_id if progress.person else None
        queries.tally_first_round(s, clinician_id, answers, result.first_correct)


@bp.get("/m/<module_id>/q/<question_id>/feedback", defaults={"rnd": FIRST})
@bp.get("/m/<module_id>/retry/<question_id>/feedback", defaults={"rnd": RETRY})
def feedback(module_id: str, question_id: str, rnd: int):
    """Explain the answer given: right or wrong, why, and the correct answer."""
    mod = _module_or_404(module_id)
    q = mod.question(question_id) or abort(404)
    progress = _started(mod)
    given = progress.answer(q.id, rnd)
    if given is None:
        return redirect(step_url(progress), 303)
    number, total = scoring.question_number(mod, q, rnd, progress.answers)
    return render_template("patient/feedback.html", module=mod, question=q, rnd=rnd, given=given,
                           chosen=q.choice(given.choice), number=number, total=total, progress=progress,
                           next_url=step_url(progress))


@bp.get("/m/<module_id>/results")
def results(module_id: str):
    """Show the first-try score, concepts, missed questions and the retry round."""
    mod = _module_or_404(module_id)
    progress = _started(mod)
    if not progress.finished:
        return redirect(step_url(progress), 303)
    return render_template("patient/results.html", module=mod, progress=progress, score=progress.score,
                           form=EmptyForm(), words=scoring.plain_words(progress.score.first_percent))


@bp.post("/m/<module_id>/retry")
def retry(module_id: str):
    """Open the retry round of the questions missed on the first try."""
    mod = _module_or_404(module_id)
    EmptyForm().validate_on_submit() or abort(400)
    progress = _started(mod)
    if not progress.finished or not progress.score.missed:
        return redirect(url_for(".results", module_id=mod.id), 303)
    db.write(lambda s: queries.start_retry(s, progress.attempt.id, len(progress.score.missed)))
    return redirect(step_url(load_progress(mod)), 303)


@bp.get("/sheet")
def sheet():
    """A printable sheet to bring to the consult: what was covered, results, questions to ask."""
    mine = [p for p in _my_progress() if p.attempt is not None]
    term_ids = dict.fromkeys(t for p in mine for t in p.module.terms)
    terms = [catalogue().glossary[t] for t in term_ids]
    return render_template("patient/sheet.html", mine=mine, terms=terms, plain_words=scoring.plain_words)


@bp.get("/glossary")
def glossary():
    """Every term explained in one plain sentence."""
    terms = sorted(catalogue().glossary.values(), key=lambda t: t.term.lower())
    return render_template("patient/glossary.html", terms=terms)


def _module_or_404(module_id: str):
    """Return the module or stop with 404."""
    return catalogue().module(module_id) or abort(404)


def _started(mod) -> Progress:
    """Return the patient's progress; send them to the module's start page if they have not started."""
    progress = load_progress(mod)
    if progress.attempt is None:
        if request.method == "POST":
            refuse(400, "We could not find your progress in this browser, so nothing was saved. "
                        "Please open the topic and start again.")
        abort(redirect(url_for(".module", module_id=mod.id), 303))
    return progress


def _my_progress() -> list[Progress]:
    """Return this browser's progress in every module it may see."""
    return load_all_progress(visible_modules())
