"""Joining an assignment: by the clinician's link or by typing the short code, then saying who is reading."""
from __future__ import annotations

import logging

from flask import current_app, redirect, render_template, request, url_for

from .. import assigning, clock, db, ratelimit
from ..store import clinicians, progress as store
from ..content import catalogue
from .forms import CodeForm, JoinForm, ROLES
from .progress import current_participant, load_all_progress, remember
from .views import bp, render_home

log = logging.getLogger("quizapp")
NOT_FOUND = ("We could not open reading with that code. Please check it with your care team: "
             "codes stop working after a while, and a new one is easy to get.")


def _too_many_guesses(s) -> bool:
    cfg = current_app.config
    return ratelimit.is_over(s, "code", ratelimit.key("code", request.remote_addr or ""), cfg["CODE_LIMIT"],
                             cfg["CODE_WINDOW_MINUTES"])


def _count_miss(s) -> None:
    ratelimit.hit(s, "code", ratelimit.key("code", request.remote_addr or ""))


@bp.post("/code")
def enter_code():
    """Turn a typed code into the assignment's welcome page; unknown, expired and revoked look the same."""
    form = CodeForm()
    if not form.validate_on_submit():
        return render_home(form, 400)
    code = assigning.normalise_code(form.code.data)

    def find(s):
        if _too_many_guesses(s):
            return "throttled", None
        a = clinicians.assignment_by_code(s, code) if code else None
        if a is None or not assigning.is_open(a.expires_at, a.revoked_at, clock.now()):
            _count_miss(s)
            return "missing", None
        return "ok", a.token
    outcome, token = db.write(find)
    if outcome == "throttled":
        log.warning("rate limited code guesses")
        form.code.errors = ["Too many codes tried in a short time. Please wait 15 minutes, then try again."]
        return render_home(form, 429)
    if outcome == "missing":
        form.code.errors = [NOT_FOUND]
        return render_home(form, 404)
    return redirect(url_for(".welcome", token=token), 303)


@bp.route("/a/<token>", methods=["GET", "POST"])
def welcome(token: str):
    """Show what the care team asked this person to read, and ask who is reading."""
    a = clinicians.assignment_by_token(db.session(), token)
    if a is None or not assigning.is_open(a.expires_at, a.revoked_at, clock.now()):
        db.write(_count_miss)
        form = CodeForm()
        form.code.errors = [NOT_FOUND]
        return render_home(form, 404)
    cat = catalogue()
    modules = [cat.modules[m] for m in a.module_ids if m in cat.modules]
    me = current_participant()
    already = me if me is not None and me.assignment_id == a.id else None
    form = JoinForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("patient/welcome.html", modules=modules, form=form, already=already,
                                   token=token), 400
        person = db.write(lambda s: store.create_participant(s, form.role.data, a.id))
        remember(person)
        return redirect(url_for(".home"), 303)
    return render_template("patient/welcome.html", modules=modules, form=form, already=already, token=token,
                           roles=dict(ROLES), progress=load_all_progress(modules) if already else [])
