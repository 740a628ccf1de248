"""Joining an assignment: by the clinician's link or by typing the short code, then saying who is reading."""
from __future__ import annotations

import dataclasses
import logging
import re

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import assigning, clock, db, ratelimit
from ..content import catalogue
from ..i18n import N_, browser_prefers, lang, language_word
from ..records import PersonRecord, assignment_open
from ..states import AuditAction
from ..store import clinicians, resume
from ..store import progress as store
from .forms import READING_AS, CodeForm, JoinForm
from .progress import (
    current_participant,
    device_people,
    load_all_progress,
    load_progress,
    recheck_offers,
    remember,
    step_url,
)
from .views import bp, render_broken, render_home

log = logging.getLogger("quizapp")
NOT_FOUND = N_("We could not open reading with that code. Codes stop working after a while, "
               "and a new one is easy to get.")
TOO_MANY_CODES = N_("Too many codes tried in a short time. Please wait {minutes} minutes, then try again.")
TOO_MANY_JOINS = N_("Many people on this connection (a clinic's Wi-Fi, say) started reading at once. "
                    "Please try again in {minutes} minutes, or switch this phone to mobile data and try now.")
WAIT, FULL_TITLE = N_("Please wait a few minutes"), N_("This reading is full")
GONE_LINK = N_("Links stop working after a while, or when the care team closes them. "
               "That is normal, and a new one is easy to get.")
BAD_LINK = N_("Part of the link may be missing, or it may have a typing mistake. "
              "Please check it with your care team, or type the code they gave you.")
CHECK_CODE = N_("Please check each letter and number.")
FULL = N_("This reading already has {n} people, the most it can take. "
          "Please ask your care team for a new link or code.")
CODE_FAILED, LINK_BROKEN, LINK_GONE = N_("That code did not work"), N_("This link does not work"), \
    N_("This link no longer works")
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")  # link tokens are URL-safe base64; anything else is not one


def _code_limits() -> list[ratelimit.Limit]:
    """Wrong-code budgets: per address (per /64 for IPv6); the count for everyone together is an alarm that
    only tightens the budget of addresses that keep missing, never a stop for a first try."""
    cfg = current_app.config
    minutes = cfg["CODE_WINDOW_MINUTES"]
    return [ratelimit.Limit("code", ratelimit.key("code", ratelimit.network(request.remote_addr)),
                            cfg["CODE_LIMIT"], minutes, busy_most=cfg["CODE_LIMIT_WHEN_BUSY"]),
            ratelimit.Limit("code-site", "all", cfg["CODE_LIMIT_SITE"], minutes, alarm=True)]


def _look_up(s, code: str | None, personal: str | None) -> PersonRecord | str | None:
    """What a typed code names: a reader (their personal code), an open assignment's link token, or nothing."""
    if personal:
        return resume.person_by_resume_code(s, personal)
    a = clinicians.assignment_by_code(s, code) if code else None
    return a.token if a is not None and assignment_open(a.expires_at, a.revoked_at, clock.now()) else None


def _spend_a_try(limits: list, code: str | None, personal: str | None):
    """Count a try against the budgets, then look the code up; a hit gives the try back. Return the limit that
    refused the try (or None) and what the code names (or None)."""
    def find(s):
        refused = ratelimit.take(s, limits)
        if refused is not None:
            return refused, None
        found = _look_up(s, code, personal)
        if found is None:
            return None, None  # a miss: the try stays counted
        ratelimit.give_back(s, limits)
        return None, found
    refused = ratelimit.over(db.session(), limits)
    return (refused, None) if refused is not None else db.write(find)


@bp.post("/code")
def enter_code():
    """Turn a typed code into the assignment's welcome page, or a reader's own code into their place again.

    Unknown, expired, revoked and turned-off codes look the same, and every miss counts against one budget.
    """
    form = CodeForm()
    if not form.validate_on_submit():
        return render_home(form, 400)
    code = assigning.normalise_code(form.code.data)
    personal = None if code else assigning.normalise_code(form.code.data, assigning.RESUME_LENGTH)
    limits = _code_limits()
    refused, found = _spend_a_try(limits, code, personal)
    if refused is not None:
        log.warning("rate limited code guesses%s", " while many codes are missed site-wide"
                    if ratelimit.alarm_up(db.session(), limits) else "")
        form.code.errors = [_(TOO_MANY_CODES).format(minutes=refused.minutes)]
        return render_home(form, 429)
    if found is None:  # unknown, expired and revoked codes get the same answer
        if ratelimit.alarm_up(db.session(), limits):
            log.warning("many wrong codes site-wide: addresses that keep missing get fewer tries")
        form.code.errors = [_(CHECK_CODE)]
        return render_broken(form, 404, _(CODE_FAILED), _(NOT_FOUND), typed=True)
    if personal:  # a reader's own code: this browser now reads as them, with every answer they gave
        remember(found)
        log.info("reader carried on with a personal code")
        return redirect(url_for(".home"), 303)
    return redirect(url_for(".welcome", token=found), 303)


@bp.route("/a/<token>", methods=["GET", "POST"])
def welcome(token: str):
    """Show what the care team asked this person to read, and ask who is reading.

    A wrong link is not counted against the code budget: a 128-bit token needs no guessing limit, and
    counting would let any web page block a visitor's code box with a few hidden images.
    """
    a = clinicians.assignment_by_token(db.session(), token) if TOKEN_SHAPE.fullmatch(token) else None
    if a is None:
        return render_broken(CodeForm(), 404, _(LINK_BROKEN), _(BAD_LINK))
    g.assignment_lang = a.lang  # the page (a closed link's too) speaks the assignment's language unless chosen
    if not assignment_open(a.expires_at, a.revoked_at, clock.now()):  # a 128-bit link: saying so gives nothing away
        return render_broken(CodeForm(), 410, _(LINK_GONE), _(GONE_LINK))
    cat = catalogue(lang())
    modules = [cat.modules[m] for m in a.module_ids if m in cat.modules]
    me = current_participant()
    here = [p for p in device_people() if p.assignment_id == a.id]
    already = me if me is not None and me.assignment_id == a.id else (here[-1] if here else None)
    form = JoinForm()
    page = {"modules": modules, "form": form, "already": already, "token": token, "reading_as": READING_AS,
            "others": len(here) > 1 or (already is not None and already != me), "reading_now": already == me,
            "rechecks": recheck_offers(load_all_progress(modules, me)) if me is not None and already == me else [],
            "offer": _offer(browser_prefers())}
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("patient/welcome.html", **page), 400
        same = next((p for p in reversed(here) if p.role == form.role.data), None)
        if same is not None and form.new.data != "1":  # the same person tapping the link again: no second copy
            remember(same)
            flash(_("Welcome back: you carry on where you left off, with all your answers."), "info")
            return redirect(_carry_on(same, modules), 303)
        joined = _join(a.id, form.role.data)
        if isinstance(joined, tuple):
            return render_template("patient/join_wait.html", token=token, heading=joined[0],
                                   explanation=joined[1]), joined[2]
        person = dataclasses.replace(joined, lang=a.lang)
        remember(person)
        return redirect(_first_part(person, modules), 303)
    return render_template("patient/welcome.html", **page)


def _offer(code: str | None) -> dict | None:
    """Offer, in the browser's own language, to read in it: "¿Prefiere leer en español?"."""
    if code is None:
        return None
    here = request.full_path.rstrip("?")
    with force_locale(code):
        word = language_word(code)
        return {"lang": code, "question": _("Would you rather read in %(language)s?", language=word),
                "link": _("Read in %(language)s", language=word), "url": url_for(".set_language", code=code, next=here)}


def _carry_on(person, modules) -> str:
    """Return where a returning reader carries on: their next step in the first topic not finished, else home."""
    for p in load_all_progress(modules, person):
        if p.attempt is not None and not p.finished:
            return step_url(p)
    return url_for(".home")


def _first_part(person, modules) -> str:
    """Start the first assigned topic for the person who just joined, and return the address of its first part."""
    if not modules:
        return url_for(".home")
    first = modules[0]
    db.write(lambda s: store.start_attempt(s, person.id, first.id, first.version, len(first.questions)))
    return step_url(load_progress(first))


def _join(assignment_id: int, role: str):
    """Add a person to the assignment, within the per-address join budget and the assignment's cap."""
    cfg = current_app.config
    where = ratelimit.network(request.remote_addr)
    limits = [ratelimit.Limit("join", ratelimit.key("join", where), cfg["JOIN_LIMIT"], cfg["JOIN_WINDOW_MINUTES"]),
              ratelimit.Limit("join-one", ratelimit.key("join-one", where, str(assignment_id)),  # one family's phone
                              cfg["JOIN_LIMIT_PER_ASSIGNMENT"], cfg["JOIN_WINDOW_MINUTES"])]
    most = cfg["MAX_PEOPLE_PER_ASSIGNMENT"]

    def add(s):
        refused = ratelimit.take(s, limits)
        if refused is not None:
            return "throttled"
        if clinicians.count_people(s, assignment_id, lock=True) >= most:
            ratelimit.give_back(s, limits)
            clinicians.audit(s, None, AuditAction.JOIN_REFUSED_FULL, assignment_id)  # the report says so
            return "full"
        return store.create_participant(s, role, assignment_id)
    person = "throttled" if ratelimit.over(db.session(), limits) else db.write(add)
    if person == "throttled":
        log.warning("rate limited joins")
        return _(WAIT), _(TOO_MANY_JOINS).format(minutes=limits[0].minutes), 429
    if person == "full":
        log.warning("join refused: assignment full")
        return _(FULL_TITLE), _(FULL).format(n=most), 403
    return person
