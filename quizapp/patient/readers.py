"""Several people reading on one shared device: list them and switch who is reading now, losing nobody."""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for

from .forms import A_READER, READING_AS, ReaderForm
from .progress import current_participant, device_ids, device_people, load_all_progress, remember, visible_modules
from .views import bp


@bp.app_context_processor
def _device() -> dict:
    """Tell every page how many people read in this browser, to offer the switch only when it helps."""
    return {"readers_on_device": len(device_ids())}


@bp.get("/who")
def readers():
    """List everyone who reads in this browser with how far each got, and who is reading now."""
    me = current_participant()
    return render_template("patient/readers.html", readers=_rows(device_people(), me), form=ReaderForm())


@bp.post("/who")
def switch_reader():
    """Make another person of this device the one reading now; everyone's answers stay where they are."""
    form = ReaderForm()
    if not form.validate_on_submit() or form.person.data not in device_ids():
        abort(400)
    person = next((p for p in device_people() if p.public_id == form.person.data), None)
    if person is None:  # a clinician removed this person: nothing to switch to
        return redirect(url_for(".readers"), 303)
    remember(person)
    return redirect(url_for(".home"), 303)


def _rows(people, me) -> list[dict]:
    """Describe each reader without a name: their role (numbered when two share it) and their progress."""
    seen: dict[str, int] = {}
    rows = []
    for p in people:
        seen[p.role] = seen.get(p.role, 0) + 1
        who = str(READING_AS.get(p.role, A_READER))
        who = who if seen[p.role] == 1 else f"{who} ({seen[p.role]})"
        mine = load_all_progress(visible_modules(p), p)
        started = [x for x in mine if x.attempt is not None]
        rows.append({"id": p.public_id, "who": who, "now": me is not None and me.public_id == p.public_id,
                     "topics": [x.module for x in started] or [x.module for x in mine[:1]],
                     "answered": sum(x.answered for x in started), "closed": p.closed})
    return rows
