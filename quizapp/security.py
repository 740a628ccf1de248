"""Views that re-render their form with the person's input after a failed save (a stale form or a busy database)."""
from __future__ import annotations

from typing import Callable

from flask import request

_KEEP_INPUT: dict[str, Callable[[str, int], object]] = {}


def keeps_input(endpoint: str):
    """Register a view that re-renders its form with the person's input after a CSRF or busy failure."""
    def register(fn):
        _KEEP_INPUT[endpoint] = fn
        return fn
    return register


def again_with_input(note: str, code: int):
    """Re-render the failed form with what was sent, if its view knows how; else None."""
    again = _KEEP_INPUT.get(request.endpoint or "")
    if again is None or request.method != "POST":
        return None
    return again(note, code)
