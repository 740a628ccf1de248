"""Test helpers that act like a patient in a browser (test client) and read the database."""
from __future__ import annotations

import re

import sqlalchemy as sa

from quizapp.models import Answer, Attempt
from tests import leaks

TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def token(html: str) -> str:
    """Return the CSRF token on a page."""
    match = TOKEN.search(html)
    assert match, "page has no CSRF token"
    leaks.remember(match.group(1))
    return match.group(1)


class Patient:
    """Drive the patient flow through the test client."""

    def __init__(self, client, module_id: str = "demo"):
        self.client = client
        self.module_id = module_id

    def start(self):
        """Press 'Start reading' and return the redirect response."""
        page = self.client.get(f"/m/{self.module_id}").text
        resp = self.client.post(f"/m/{self.module_id}/start", data={"csrf_token": token(page)})
        cookie = self.client.get_cookie("quizapp")
        leaks.remember(cookie.value if cookie else None)
        return resp

    def answer(self, question_id: str, choice: str | None, confidence: str | None = "sure", rnd: int = 1, **extra):
        """Open a question and post an answer, returning the POST response."""
        url = f"/m/{self.module_id}/{'q' if rnd == 1 else 'retry'}/{question_id}"
        page = self.client.get(url).text
        data = {"csrf_token": token(page), **extra}
        if choice is not None:
            data["choice"] = choice
        if confidence:
            data["confidence"] = confidence
        return self.client.post(url, data=data)

    def retry(self):
        """Press 'Try the ones you missed again'."""
        page = self.client.get(f"/m/{self.module_id}/results").text
        return self.client.post(f"/m/{self.module_id}/retry", data={"csrf_token": token(page)})

    def finish(self, module, right: set[str] | None = None, confidence: str = "sure"):
        """Answer every question: right for ids in `right` (all when None), else the first wrong choice."""
        self.start()
        for q in module.questions:
            pick = q.correct_choice.id if right is None or q.id in right else next(c.id for c in q.choices if not c.correct)
            resp = self.answer(q.id, pick, confidence)
            assert resp.status_code == 303, (q.id, resp.status_code)


def rows(app, model=Answer) -> list:
    """Return every row of a table."""
    with app.extensions["db"].sessions() as s:
        return list(s.scalars(sa.select(model)))


def attempts(app) -> list[Attempt]:
    """Return every attempt."""
    return rows(app, Attempt)
