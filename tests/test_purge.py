"""purge also forgets the link tokens and codes of assignments that ended long ago."""
from __future__ import annotations

import datetime as dt

from quizapp import clock
from quizapp.models import Assignment
from tests.clinician_helpers import create_clinician, enter_code, new_assignment, sign_in
from tests.helpers import rows

EMAIL = "dr.old@clinic.example"


def _later(monkeypatch, days: int) -> None:
    """Move the clock this many days ahead."""
    real_now = clock.now
    monkeypatch.setattr(clock, "now", lambda: real_now() + dt.timedelta(days=days))


def test_purge_forgets_links_and_codes_expired_more_than_the_given_days_ago(app, runner, monkeypatch):
    create_clinician(app, EMAIL)
    doctor = app.test_client()
    sign_in(doctor, EMAIL)
    new_assignment(doctor, ["demo"], days=1)
    new_assignment(doctor, ["demo"], days=30)
    old, recent = sorted(rows(app, Assignment), key=lambda a: a.expires_at)
    _later(monkeypatch, 1 + 31)  # the first ended 31 days ago, the second is still open
    dry = runner.invoke(args=["purge", "--older-than", "365", "--dry-run"])
    assert "Would forget the links and codes of 1 assignment " in dry.output
    result = runner.invoke(args=["purge", "--older-than", "365"])  # the default: 30 days after the end
    assert result.exit_code == 0 and "Forgot the links and codes of 1 assignment " in result.output
    by_id = {a.public_id: a for a in rows(app, Assignment)}
    assert by_id[old.public_id].token is None and by_id[old.public_id].code is None
    assert by_id[recent.public_id].token == recent.token
    visitor = app.test_client()
    assert visitor.get(f"/a/{old.token}").status_code == 404
    assert enter_code(visitor, old.code).status_code == 404
    doctor = app.test_client()
    sign_in(doctor, EMAIL)
    report = doctor.get(f"/clinician/assignments/{old.public_id}")
    assert report.status_code == 200 and "forgotten" in report.text and old.token not in report.text
    assert doctor.get("/clinician/").status_code == 200
    assert doctor.get(f"/clinician/assignments/{old.public_id}/handout").status_code == 404


def test_purge_can_keep_links_longer(app, runner, monkeypatch):
    create_clinician(app, EMAIL)
    doctor = app.test_client()
    sign_in(doctor, EMAIL)
    new_assignment(doctor, ["demo"], days=1)
    _later(monkeypatch, 1 + 31)
    result = runner.invoke(args=["purge", "--older-than", "365", "--forget-links-after", "60"])
    assert result.exit_code == 0 and "Forgot the links and codes of 0 assignments" in result.output
    assert all(a.token for a in rows(app, Assignment))
