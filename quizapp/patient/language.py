"""Choosing the language: a plain link on every page (no JavaScript), remembered in the signed cookie."""
from __future__ import annotations

from flask import abort, redirect, request, session

from ..i18n import LANG_KEY, safe_next
from ..languages import codes
from .views import bp


@bp.get("/language/<code>")
def set_language(code: str):
    """Remember the reader's language and go back to the page they were on (a path on this site only)."""
    if code not in codes():
        abort(404)
    session[LANG_KEY] = code
    session.permanent = True
    return redirect(safe_next(request.args.get("next")), 303)
