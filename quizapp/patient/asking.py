"""Asking a question in any phase (before reading, first round, second try, re-check) and storing its answer."""
from __future__ import annotations

import logging

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy.exc import OperationalError

from .. import answering, clock, db, scoring
from ..db import DatabaseBusy
from ..errors import refuse
from ..extensions import csrf
from ..logs import where
from ..states import Round
from .forms import CONFIDENCE, CONFIDENCE_SHORT, AnswerForm
from .progress import Progress, load_progress, step_url
from .views import (
    BUSY,
    NOT_A_CHOICE,
    PHASE_WORDS,
    STALE,
    STALE_PAGE,
    _assigned_module_or_404,
    _module_or_404,
    _started,
    bp,
    closed_page,
)

log = logging.getLogger("quizapp")
FIRST, RETRY = Round.FIRST, Round.RETRY


@bp.route("/m/<module_id>/q/<question_id>", methods=["GET", "POST"], defaults={"rnd": FIRST})
@bp.route("/m/<module_id>/retry/<question_id>", methods=["GET", "POST"], defaults={"rnd": RETRY})
@bp.route("/m/<module_id>/before/<question_id>", methods=["GET", "POST"], defaults={"rnd": Round.BEFORE})
@bp.route("/m/<module_id>/recheck/<question_id>", methods=["GET", "POST"], defaults={"rnd": Round.RECHECK})
@csrf.exempt  # the form checks its own token, so a stale page keeps the choice on screen
def question(module_id: str, question_id: str, rnd: Round):
    """Ask one question; on POST validate, record the answer, and show its feedback."""
    mod = _module_or_404(module_id)
    q = mod.question(question_id) or abort(404)
    form = AnswerForm().for_question([c.id for c in q.choices])
    progress = _progress_for_answer(mod)
    if progress is None:  # locked, full or unwritable: keep the choice on screen for a retry
        return render_question(mod, q, rnd, Progress(mod), form, BUSY), 503
    valid = request.method == "POST" and form.validate()  # one check of the token and the fields
    stale = request.method == "POST" and bool(form.csrf_token.errors)
    if stale:
        log.warning("csrf failure route=%s reason=%s", where(), "; ".join(form.csrf_token.errors))
    stopped = _answer_gate(mod, q, rnd, progress, form, stale)
    if stopped is not None:
        return stopped
    if request.method == "GET":
        return render_question(mod, q, rnd, progress, form)
    if form.picked_foreign_choice:
        refuse(400, NOT_A_CHOICE)
    if not valid:
        return render_question(mod, q, rnd, progress, form), 400
    return _record(mod, q, rnd, progress, form)


def _progress_for_answer(mod) -> Progress | None:
    """The reader's progress in a topic they may read (404 outside their assignment); None when the database is
    busy while an answer is posted, so the page can keep the choice on screen."""
    try:
        _assigned_module_or_404(mod.id)
        return _started(mod)
    except OperationalError as exc:
        if request.method != "POST" or not db.is_unavailable(exc):
            raise
        log.error("database busy route=%s", where())
        return None


def _answer_gate(mod, q, rnd: Round, progress: Progress, form, stale: bool):
    """Whatever stops a question before its answer is read: a closed reading, a question not open to this
    reader yet, a stale page, or one answered already. None when it may be asked and answered."""
    answered = progress.answer(q.id, rnd) is not None
    if not answered and progress.person is not None and progress.person.closed:
        return closed_page()
    if not answered and not _may_ask(mod, q, rnd, progress):
        if stale:
            refuse(400, STALE_PAGE)
        return redirect(step_url(progress), 303)
    if stale:
        return render_question(mod, q, rnd, progress, form, STALE), 400
    if answered:
        return redirect(_after_answer(mod, q, rnd), 303)
    return None


def _may_ask(mod, q, rnd: Round, progress: Progress) -> bool:
    """Tell whether this reader may be asked this question in this phase now."""
    too_early = (rnd == RETRY and not progress.retrying  # the second try opens from the results page
                 or rnd == Round.RECHECK and not progress.recheck_open(clock.today()))
    return not too_early and scoring.may_answer(mod, progress.answers, q, rnd, progress.drawn(rnd))


def _record(mod, q, rnd: Round, progress: Progress, form):
    """Store the answer (a double submit stores one), then go on to its feedback."""
    attempt, person = progress.current, progress.person
    try:
        db.write(lambda s: answering.record_answer(s, mod, attempt, q, rnd, form.choice.data, form.sureness,
                                                   person.clinician_id if person else None))
    except DatabaseBusy:
        log.error("database busy route=%s", where())
        return render_question(mod, q, rnd, progress, form, BUSY), 503
    return redirect(_after_answer(mod, q, rnd), 303)


def _after_answer(mod, q, rnd: Round) -> str:
    """Where an answer leads: its feedback, except before reading, which shows no right or wrong."""
    if rnd == Round.BEFORE:
        return step_url(load_progress(mod))
    return url_for(".feedback", module_id=mod.id, question_id=q.id, rnd=rnd)


def render_question(mod, q, rnd, progress, form, status_note: str | None = None):
    """Render the question page, keeping whatever the patient had chosen."""
    number, total = scoring.question_number(mod, q, rnd, progress.answers, progress.drawn(rnd))
    return render_template("patient/question.html", module=mod, question=q, rnd=rnd, form=form,
                           phase_words=PHASE_WORDS.get(rnd),
                           choices=scoring.shuffled_choices(progress.attempt.public_id if progress.attempt else "", q),
                           number=number, total=total, progress=progress, note=status_note,
                           confidence_choices=CONFIDENCE, confidence_short=CONFIDENCE_SHORT)
