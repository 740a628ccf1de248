"""Patient views: load the participant from the cookie, ask the domain, store, redirect."""
from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _

from .. import aftercare, db, ratelimit, scoring
from ..content import catalogue
from ..errors import refuse
from ..i18n import N_, lang
from ..states import Round, StepKind
from ..store import progress as store
from .forms import CodeForm, EmptyForm
from .progress import (
    Progress,
    coming_part,
    current_participant,
    load_all_progress,
    load_progress,
    next_topic,
    participant_from_cookie,
    recheck_offers,
    remember,
    resume,
    step_label,
    step_url,
    visible_modules,
)
from .resume import my_resume_code

FIRST, RETRY = Round.FIRST, Round.RETRY
STALE = _("This page was open a long time, so we could not save that answer yet. "
          "Your choice is still selected: please press the button again.")
STALE_PAGE = _("This form was open too long or came from somewhere else. "
               "Please go back, reload the page and send it again.")
BUSY = _("We are busy right now and could not save that answer yet. "
         "Your choice is still selected: please press the button again.")
NOT_A_CHOICE = _("That answer is not one of the choices for this question. Nothing was saved.")
NO_PROGRESS = _("We could not find your progress in this browser, so nothing was saved. "
                "Please open the topic and start again.")
TOO_MANY_READERS = N_("Many people have started reading from this connection in a short time. "
                     "Please wait %(minutes)s minutes, then try again.")
# What the page says above a question outside the first round and the second try.
PHASE_WORDS = {Round.BEFORE: _("Before reading: question %(number)s of %(total)s"),
               Round.RECHECK: _("Re-check: question %(number)s of %(total)s")}
log = logging.getLogger("quizapp")

bp = Blueprint("patient", __name__)


@bp.get("/")
def home():
    """Say what this is and list the modules (or the assigned ones)."""
    return render_home(CodeForm())


def render_home(code_form: CodeForm, status: int = 200):
    """Render the home page with the code box in the given state."""
    me = current_participant()
    mine = _my_progress()
    return render_template("patient/home.html", mine=mine, code_form=code_form, resume=resume(mine),
                           rechecks=recheck_offers(mine),
                           assigned=bool(me and me.assignment_id), closed=bool(me and me.closed)), status


def render_broken(code_form: CodeForm, status: int, heading: str, explanation: str, typed: bool = False):
    """Render the page for a link or code that does not work: what happened, the code box, whom to call."""
    kept = any(p.attempt is not None for p in _my_progress()) if current_participant() else False
    return render_template("patient/broken.html", code_form=code_form, heading=heading, explanation=explanation,
                           typed=typed, kept=kept), status


@bp.get("/code")
def code_again():
    """A reloaded or re-opened code page goes to the home page and its code box, not a dead end."""
    return redirect(url_for(".home"), 303)


@bp.get("/m/<module_id>")
def module(module_id: str):
    """Show a module's overview with a start or continue button."""
    mod = _module_or_404(module_id)
    return render_template("patient/module.html", module=mod, progress=load_progress(mod), form=EmptyForm())


@bp.post("/m/<module_id>/start")
def start(module_id: str):
    """Start (or resume) the module for this browser and go to the next step."""
    mod = _assigned_module_or_404(module_id)
    EmptyForm().validate_on_submit() or abort(400)
    me = current_participant()
    if me is not None and me.closed and load_progress(mod).attempt is None:
        return closed_page()
    limits = [ratelimit.per_address("start", current_app.config["START_LIMIT"],
                                    current_app.config["START_WINDOW_MINUTES"])]

    def work(s):
        person = participant_from_cookie(s)
        if person is None:  # a new reader on their own: rows are written, so it counts against a budget
            if ratelimit.take(s, limits) is not None:
                return None
            person = store.create_participant(s)
        store.start_attempt(s, person.id, mod.id, mod.version, len(mod.questions))
        return person
    person = db.write(work)
    if person is None:
        refuse(429, gettext(TOO_MANY_READERS, minutes=limits[0].minutes))
    remember(person)
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
    if step.kind == StepKind.READ and step.section_id == section.id:  # first opening: remember when
        db.write(lambda s: store.record_visit(s, progress.current.id, section.id))
    return render_template("patient/read.html", module=mod, section=section, progress=progress,
                           signs=aftercare.lists_signs(mod.id, section.id),
                           icon_array=aftercare.shows_icon_array(mod.id, section.id), plans=aftercare.PLAN_FIGURES,
                           lent=aftercare.reused_figure(catalogue(lang()), mod.id, section.id))


@bp.get("/m/<module_id>/q/<question_id>/feedback", defaults={"rnd": FIRST})
@bp.get("/m/<module_id>/retry/<question_id>/feedback", defaults={"rnd": RETRY})
@bp.get("/m/<module_id>/before/<question_id>/feedback", defaults={"rnd": Round.BEFORE})
@bp.get("/m/<module_id>/recheck/<question_id>/feedback", defaults={"rnd": Round.RECHECK})
def feedback(module_id: str, question_id: str, rnd: Round):
    """Explain the answer given: right or wrong, why, and the correct answer."""
    mod = _module_or_404(module_id)
    q = mod.question(question_id) or abort(404)
    progress = _started(mod)
    given = progress.answer(q.id, rnd)
    if given is None or rnd == Round.BEFORE:
        return redirect(step_url(progress), 303)
    number, total = scoring.question_number(mod, q, rnd, progress.answers, progress.drawn(rnd))
    rechecking = rnd == Round.RECHECK
    return render_template("patient/feedback.html", module=mod, question=q, rnd=rnd, given=given,
                           phase_words=PHASE_WORDS.get(rnd),
                           chosen=q.choice(given.choice), number=number, total=total, progress=progress,
                           next_url=url_for(".recheck", module_id=mod.id) if rechecking else step_url(progress),
                           next_label=(_("Next question") if progress.recheck_pending else _("See how it went"))
                           if rechecking else step_label(progress), coming=coming_part(progress))


@bp.get("/m/<module_id>/results")
def results(module_id: str):
    """Show the first-try score, concepts, missed questions and the retry round."""
    mod = _module_or_404(module_id)
    progress = _started(mod)
    if not progress.finished:
        return redirect(step_url(progress), 303)
    score = progress.score
    concepts = catalogue(lang()).concepts
    ideas = dict.fromkeys(concepts[q.concept] for q in map(mod.question, score.missed) if q)
    return render_template("patient/results.html", module=mod, progress=progress, score=score,
                           form=EmptyForm(), words=gettext(scoring.plain_words(score.first_percent)),
                           missed_ideas=list(ideas), next_topic=next_topic(_my_progress(), mod.id),
                           parent=bool(progress.person and progress.person.role == "parent"),
                           closed=bool(progress.person and progress.person.closed), resume_code=my_resume_code())


@bp.post("/m/<module_id>/retry")
def retry(module_id: str):
    """Open the retry round of the questions missed on the first try."""
    mod = _module_or_404(module_id)
    EmptyForm().validate_on_submit() or abort(400)
    progress = _started(mod)
    if not progress.finished or not progress.score.missed:
        return redirect(url_for(".results", module_id=mod.id), 303)
    if progress.person is not None and progress.person.closed:
        return closed_page()
    db.write(lambda s: store.start_retry(s, progress.current.id, len(progress.score.missed)))
    return redirect(step_url(load_progress(mod)), 303)


@bp.get("/m/<module_id>/start")
@bp.get("/m/<module_id>/retry")
def form_page_again(module_id: str):
    """A reloaded button's address opens the topic again instead of a dead end."""
    return redirect(url_for(".module", module_id=_module_or_404(module_id).id), 303)


def closed_page():
    """Say that the care team closed this reading: nothing new is saved, the results stay."""
    return render_template("patient/closed.html", mine=[p for p in _my_progress() if p.attempt]), 403


def _module_or_404(module_id: str):
    """Return the module or stop with 404."""
    return catalogue(lang()).module(module_id) or abort(404)


def _assigned_module_or_404(module_id: str):
    """Return the module, or 404 to a reader whose assignment lacks it (it would count in its statistics)."""
    mod = _module_or_404(module_id)
    me = current_participant()
    if me is not None and me.assignment_id is not None and mod.id not in {m.id for m in visible_modules(me)}:
        abort(404)
    return mod


def _started(mod) -> Progress:
    """Return the patient's progress; send them to the module's start page if they have not started."""
    progress = load_progress(mod)
    if progress.attempt is None:
        if request.method == "POST":
            refuse(400, NO_PROGRESS)
        abort(redirect(url_for(".module", module_id=mod.id), 303))
    return progress


def _my_progress() -> list[Progress]:
    """Return this browser's progress in every module it may see."""
    return load_all_progress(visible_modules())
