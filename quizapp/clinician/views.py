"""Clinician views: every query scoped to the signed-in clinician; another's assignment is a 404."""
from __future__ import annotations

import functools
import logging
import re
from typing import cast

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user

from .. import assigning, clock, db, findings, itemstats, reports
from ..content import catalogue
from ..errors import refuse
from ..i18n import lang, language_choices
from ..languages import codes, names
from ..links import public_url
from ..logs import where
from ..states import AuditAction
from ..store import clinicians, progress
from ..store import stats as tallies
from .auditing import audit
from .forms import AssignmentForm, EmptyForm, consult_form

log = logging.getLogger("quizapp")
bp = Blueprint("clinician", __name__, url_prefix="/clinician")


PAGE_SIZE = 50
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
PUBLIC_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")  # an assignment's public id is URL-safe base64


@bp.get("/")
def assignments():
    """List this clinician's assignments with each person's progress, 50 to a page, newest first."""
    archived = request.args.get("archived") == "1"
    asked = request.args.get("page", "1")
    if not PAGE_NUMBER.fullmatch(asked):  # not str.isdigit: it accepts "²", which int() refuses
        refuse(400, gettext("That page number does not exist. Please use the links under the list."))
    page = int(asked)
    audit(AuditAction.VIEW_LIST)
    s = db.session()
    total = clinicians.count_assignments(s, current_user.id, archived)
    mine = clinicians.assignments_of(s, current_user.id, archived, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    people, counts = clinicians.summary_people(s, [a.id for a in mine])
    cat = catalogue(lang())
    rows = [(a, reports.build_summary(cat, a.module_ids, people[a.id], counts)) for a in mine]
    held = clinicians.sure_but_wrong(s, [a.id for a in mine])
    talk = findings.sure_wrong_counts(cat, held, progress.question_versions(s, {r[3] for r in held}))
    return render_template("clinician/assignments.html", rows=rows, archived=archived, now=clock.now(),
                           status_word=assigning.status_word, display_code=assigning.display_code,
                           form=EmptyForm(), talk=talk, page=page, total=total, first=(page - 1) * PAGE_SIZE + 1,
                           has_more=page * PAGE_SIZE < total)


@bp.route("/assignments/new", methods=["GET", "POST"])
def new_assignment():
    """Pick topics in reading order, an optional label without identifiers, and an expiry."""
    cat = catalogue(lang())
    form = AssignmentForm()
    form.modules.choices = [(m.id, gettext("%(title)s (about %(minutes)s min)", title=m.title,
                                           minutes=m.reading_minutes)) for m in cat.modules.values()]
    if request.method == "GET":
        form.days.data = current_app.config["ASSIGNMENT_DAYS"]
        form.modules.data = _bundle(cat, request.args.get("bundle"))
        return _new_page(form, cat)
    if not form.validate_on_submit():
        return _new_page(form, cat), 400
    picked = [m for m in cat.modules if m in set(form.modules.data)]
    label = (form.label.data or "").strip()

    def create(s):
        days = cast(int, form.days.data)  # validated: a whole number in range
        made = clinicians.create_assignment(s, current_user.id, picked, label, days, assigning.new_token(),
                                            assigning.new_code(), form.lang.data, form.pre_check.data,
                                            form.consult_on.data)
        clinicians.audit(s, current_user.id, AuditAction.CREATE, made.id)
        return made
    a = db.write(create)
    log.info("assignment created clinician=%s", current_user.id)
    return redirect(url_for(".report", public_id=a.public_id), 303)


def _new_page(form, cat) -> str:
    """The new-assignment form with its quick picks and the minutes each topic takes (for the running total)."""
    minutes = {m.id: m.reading_minutes for m in cat.modules.values()}
    return render_template("clinician/new.html", form=form, bundles=cat.bundles, minutes=minutes,
                           total=sum(minutes.get(m, 0) for m in form.modules.data or ()), languages=language_choices())


def _bundle(cat, bundle_id: str | None) -> list[str] | None:
    """The topics a quick pick ticks ("all", or a bundle from the content); None for anything else."""
    if bundle_id == "all":
        return list(cat.modules)
    return next((list(b.modules) for b in cat.bundles if b.id == bundle_id), None)


def _owned(public_id: str):
    """Return this clinician's assignment, or a 404 that reveals nothing about anyone else's."""
    if not PUBLIC_ID.fullmatch(public_id):  # NUL and friends never reach the database (PostgreSQL refuses them)
        abort(404)
    a = clinicians.owned_assignment(db.session(), current_user.id, public_id)
    if a is None:
        log.warning("denied reason=not-owner clinician=%s route=%s", current_user.id, where())
        target = clinicians.assignment_id_of(db.session(), public_id)  # someone else's, or none at all
        audit(AuditAction.DENIED, target)
        abort(404)
    return a


def _share(a, with_qr: bool = False) -> dict:
    """The link and the code of an assignment, and its QR code for the handout."""
    if a.token is None or a.code is None:  # forgotten by purge, long after the assignment ended
        return {"link": None, "code": None}
    link = public_url("patient.welcome", token=a.token)
    share = {"link": link, "code": assigning.display_code(a.code)}
    if with_qr:
        share["qr"] = _qr(link, lang())
    return share


@functools.lru_cache(maxsize=64)
def _qr(link: str, page_lang: str) -> str:
    """Draw a link's QR code once per worker and language (its title is read aloud): drawing it took a third of
    the report page's time."""
    import segno  # only the report and the handout draw QR codes
    return segno.make(link, error="m").svg_inline(scale=4, title=gettext("QR code for the reading link"))


def _report(a) -> reports.Report:
    s = db.session()
    people = clinicians.report_people(s, [a.id])[a.id]
    hashes = {r.content_hash for p in people for r in p.answers}
    return reports.build_report(catalogue(lang()), a.module_ids, people, progress.question_versions(s, hashes))


@bp.get("/assignments/<public_id>")
def report(public_id: str):
    """The page to open before the consult: who read what, and what to discuss."""
    a = _owned(public_id)
    rep = _report(a)
    state = assigning.status_word(a.expires_at, a.revoked_at, clock.now())
    page = render_template("clinician/report.html", a=a, report=rep, form=EmptyForm(), consult=consult_form(a),
                           share=_share(a, with_qr=state == "open"), state=state, cat=catalogue(lang()),
                           language_names=names(), refused=clinicians.refused_joins(db.session(), a.id))
    audit(AuditAction.VIEW_REPORT, a.id)
    return page


@bp.get("/assignments/<public_id>/answers")
def answers(public_id: str):
    """Every answer each person gave to one topic, question by question, worded as they saw it."""
    a = _owned(public_id)
    rep = _report(a)
    topics = [m for m, _ in rep.module_titles]
    wanted = request.args.get("module")
    if wanted is not None and wanted not in topics:
        abort(404)
    answered = [i for i, m in enumerate(topics) if any(p.modules[i].questions for p in rep.answered_people)]
    index = topics.index(wanted) if wanted else (answered[0] if answered else 0)
    cat = catalogue(lang())
    grid = reports.answer_grid(rep, index, [q.id for q in cat.modules[topics[index]].questions]) if topics else ()
    page = render_template("clinician/answers.html", a=a, report=rep, cat=cat, index=index, grid=grid,
                           answered=set(answered))
    audit(AuditAction.VIEW_ANSWERS, a.id)
    return page


@bp.get("/assignments/<public_id>/handout")
def handout(public_id: str):
    """A printable page for the patient: what to read, the code, the QR code, how long it takes."""
    a = _owned(public_id)
    g.page_lang = a.lang  # printed in the reading's language, whatever language the clinician reads in
    if a.token is None:
        refuse(404, gettext("This assignment ended long ago, so its link and code were forgotten. "
                           "Please make a new one."))
    cat = catalogue(lang())
    modules = [cat.modules[m] for m in a.module_ids if m in cat.modules]
    audit(AuditAction.VIEW_HANDOUT, a.id)
    return render_template("clinician/handout.html", a=a, modules=modules, share=_share(a, with_qr=True),
                           minutes=sum(m.reading_minutes for m in modules))


def _change(public_id: str, what: str):
    EmptyForm().validate_on_submit() or refuse(400, gettext("Please use the buttons on the page."))
    a = _owned(public_id)

    def apply(s):
        if what == "revoke":
            clinicians.revoke_assignment(s, a.id)
        else:
            clinicians.set_archived(s, a.id, what == "archive")
        clinicians.audit(s, current_user.id, AuditAction(what), a.id)
    db.write(apply)
    return a


@bp.get("/assignments/<public_id>/revoke")
def confirm_revoke(public_id: str):
    """Ask before revoking: say how many people are reading, and what they keep."""
    a = _owned(public_id)
    return render_template("clinician/revoke.html", a=a, form=EmptyForm(),
                           people=clinicians.count_people(db.session(), a.id),
                           state=assigning.status_word(a.expires_at, a.revoked_at, clock.now()))


@bp.post("/assignments/<public_id>/revoke")
def revoke(public_id: str):
    """Stop the link and code from working at once."""
    a = _change(public_id, "revoke")
    return redirect(url_for(".report", public_id=a.public_id), 303)


@bp.post("/assignments/<public_id>/archive")
def archive(public_id: str):
    """Move an assignment out of the main list (or back with unarchive)."""
    _change(public_id, "unarchive" if request.form.get("undo") == "1" else "archive")
    return redirect(url_for(".assignments", archived="1" if request.form.get("undo") == "1" else None), 303)


@bp.get("/stats")
def stats():
    """How each question performs across this clinician's assignments, one topic at a time, in every language the
    questions were shown in or in one."""
    cat = catalogue(lang())
    shown_in = request.args.get("lang")
    if shown_in is not None and shown_in not in codes():
        abort(404)
    rows = itemstats.compute(cat, *tallies.counts_with_versions(db.session(), current_user.id, shown_in),
                             tallies.phase_counts(db.session(), current_user.id, shown_in))
    answered = {m: [r for r in rows if r.module_id == m and r.answered] for m in cat.modules}
    wanted = request.args.get("module")
    if wanted is not None and wanted not in cat.modules:
        abort(404)
    module_id = wanted or next((m for m, r in answered.items() if r), next(iter(cat.modules)))
    hardest = request.args.get("sort") == "hardest"
    shown = sorted(answered[module_id], key=lambda r: r.facility or 0.0) if hardest else answered[module_id]
    unanswered = sum(1 for r in rows if r.module_id == module_id and not r.answered)
    audit(AuditAction.VIEW_STATS)
    return render_template("clinician/stats.html", stats=shown, unanswered=unanswered, cat=cat, hardest=hardest,
                           shown_in=shown_in, language_names=names(),
                           min_people=itemstats.MIN_FOR_DISCRIMINATION,
                           module=cat.modules[module_id], counts={m: len(r) for m, r in answered.items()})
