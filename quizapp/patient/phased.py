"""The check before reading and the re-check before the consult: their opening pages (routes added to `bp`)."""
from __future__ import annotations

from flask import redirect, render_template, url_for

from .. import clock, scoring
from ..states import Round, StepKind
from .progress import load_progress, step_url
from .views import _module_or_404, _started, bp


@bp.get("/m/<module_id>/before")
def before(module_id: str):
    """Say that a short check comes before the reading and that it is fine not to know yet."""
    mod = _module_or_404(module_id)
    progress = _started(mod)
    if progress.step.kind != StepKind.BEFORE:
        return redirect(step_url(progress), 303)
    first = progress.before[0]
    return render_template("patient/before.html", module=mod, progress=progress, count=len(progress.before),
                           start=url_for("patient.question", module_id=mod.id, question_id=first.id,
                                         rnd=Round.BEFORE))


@bp.get("/m/<module_id>/recheck")
def recheck(module_id: str):
    """Offer the re-check before the visit, carry on with it, or say how it went once done."""
    mod = _module_or_404(module_id)
    progress = load_progress(mod)
    if not progress.recheck_open(clock.today()) or not progress.recheck:
        return redirect(url_for("patient.module", module_id=mod.id), 303)
    pending = progress.recheck_pending
    done = scoring.by_round(progress.answers, Round.RECHECK)
    nxt = url_for("patient.question", module_id=mod.id, question_id=pending[0].id, rnd=Round.RECHECK) \
        if pending else None
    if nxt and done:  # under way: straight on to the next question
        return redirect(nxt, 303)
    return render_template("patient/recheck.html", module=mod, progress=progress, count=len(progress.recheck),
                           answered=len(done), right=sum(1 for a in done.values() if a.correct), next_url=nxt)
