"""Question snapshots kept by each worker once read: always the stored ones, per database, never a missing one."""
from __future__ import annotations

import json

import pytest

from quizapp.models import QuestionVersion
from quizapp.store import progress

pytestmark = pytest.mark.sqlite_only


def store(app, **prompts: str) -> None:
    with app.extensions["db"].sessions() as s:
        for content_hash, prompt in prompts.items():
            s.add(QuestionVersion(content_hash=content_hash, module_id="demo", question_id="demo-q1",
                                  snapshot=json.dumps({"prompt": prompt, "choices": []})))
        s.commit()


def read(app, *hashes: str) -> dict[str, str]:
    with app.extensions["db"].sessions() as s:
        return {h: snap["prompt"] for h, snap in progress.question_versions(s, set(hashes)).items()}


def test_a_version_stored_after_the_first_read_is_found(app):
    store(app, v1="First wording")
    assert read(app, "v1", "v2") == {"v1": "First wording"}
    store(app, v2="Second wording")
    assert read(app, "v1", "v2") == {"v1": "First wording", "v2": "Second wording"}


def test_each_database_reads_its_own_versions(make_app):
    one, two = make_app(), make_app()
    store(one, same="Shown by the first clinic")
    store(two, same="Shown by the second clinic")
    assert read(one, "same") == {"same": "Shown by the first clinic"}
    assert read(two, "same") == {"same": "Shown by the second clinic"}


def test_past_the_limit_the_kept_versions_are_dropped_and_read_again(app, monkeypatch):
    monkeypatch.setattr(progress, "KEEP_AT_MOST", 2)
    store(app, a="A", b="B", c="C")
    assert read(app, "a", "b") == {"a": "A", "b": "B"}
    assert read(app, "c") == {"c": "C"}
    assert read(app, "a", "b", "c") == {"a": "A", "b": "B", "c": "C"}


def test_no_hashes_reads_nothing(app):
    assert read(app) == {}
