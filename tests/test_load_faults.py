"""Load and faults against a real gunicorn with 4 workers on loopback: nothing acknowledged is ever lost."""
from __future__ import annotations

import http.client
import os
import signal
import sqlite3
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask.sessions import SecureCookieSessionInterface

from quizapp import migrations
from quizapp.content import load_catalogue
from tests.config import CONTENT
from tests.helpers import Patient, rows, token
from tests.live import Client, Gunicorn

PATIENTS = 50
MODULE = load_catalogue(CONTENT).module("demo")


def walk_module(port: int, stop_at: float, acked: list, errors: list) -> str:
    """One patient: start, then answer every question, retrying a POST whose connection died."""
    c = Client(port, timeout=15)
    for _ in range(5):
        try:
            page = c.get("/m/demo")
            if c.post("/m/demo/start", {"csrf_token": c.token(page.text)}).status == 303:
                break
        except (OSError, http.client.HTTPException):
            continue
    for q in MODULE.questions:
        if time.monotonic() > stop_at:
            break
        url = f"/m/demo/q/{q.id}"
        for _ in range(5):
            try:
                page = c.get(url)
                if page.status == 303:
                    break
                resp = c.post(url, {"csrf_token": c.token(page.text), "confidence": "sure", "choice": q.choices[hash(c) % 3].id})
            except (OSError, http.client.HTTPException):
                continue  # the worker died mid-request: try again, as a person would
            if resp.status >= 500:
                errors.append((url, resp.status))
            if resp.status == 303:
                acked.append((c.cookies["quizapp"], q.id))
                break
    return c.cookies.get("quizapp", "")


def participant_of(value: str, secret: str) -> str:
    from flask import Flask
    app = Flask("decode")
    app.secret_key = secret
    return SecureCookieSessionInterface().get_signing_serializer(app).loads(value)["p"]


def stored_answers(db_path) -> set[tuple[str, str]]:
    with sqlite3.connect(db_path) as conn:
        return set(conn.execute("""select participant.public_id, answer.question_id from answer
                                   join attempt on attempt.id = answer.attempt_id
                                   join participant on participant.id = attempt.participant_id
                                   where answer.round = 1"""))


def check_nothing_acknowledged_was_lost(server, acked, secret="s" * 64):
    stored = stored_answers(server.db_path)
    expected = {(participant_of(cookie, secret), qid) for cookie, qid in acked}
    assert expected <= stored, f"{len(expected - stored)} acknowledged answers are missing"
    with sqlite3.connect(server.db_path) as conn:
        dupes = conn.execute("""select count(*) from (select attempt_id, question_id, round, count(*) n
                                from answer group by 1, 2, 3 having n > 1)""").fetchone()[0]
        assert dupes == 0
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.slow
def test_fifty_concurrent_patients_on_four_workers_get_no_5xx_and_lose_nothing(tmp_path):
    acked, errors = [], []
    with Gunicorn(tmp_path, CONTENT, workers=4) as server:
        stop_at = time.monotonic() + 60
        with ThreadPoolExecutor(PATIENTS) as pool:
            cookies = list(pool.map(lambda _: walk_module(server.port, stop_at, acked, errors), range(PATIENTS)))
    assert errors == []
    assert len(cookies) == PATIENTS and len(acked) == PATIENTS * len(MODULE.questions)
    check_nothing_acknowledged_was_lost(server, acked)


@pytest.mark.slow
def test_a_worker_killed_mid_load_loses_no_acknowledged_answer(tmp_path):
    acked, errors = [], []
    with Gunicorn(tmp_path, CONTENT, workers=4) as server:
        stop_at = time.monotonic() + 60
        killed = []

        def kill_one_worker():
            time.sleep(0.3)
            victims = server.workers()
            if victims:
                os.kill(victims[0], signal.SIGKILL)
                killed.append(victims[0])
        killer = threading.Thread(target=kill_one_worker)
        killer.start()
        with ThreadPoolExecutor(PATIENTS) as pool:
            list(pool.map(lambda _: walk_module(server.port, stop_at, acked, errors), range(PATIENTS)))
        killer.join()
    assert killed, "no worker was killed"
    assert errors == []
    check_nothing_acknowledged_was_lost(server, acked)


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MB tmpfs (needs root); skipped outside CI when mounting is not allowed."""
    where = tmp_path / "tinyfs"
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount a small tmpfs for the disk-full test: {done.stderr.decode()}")
        pytest.skip("the disk-full test mounts a small tmpfs and needs root")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder) -> None:
    """Write a filler file until the filesystem is full."""
    with open(folder / "filler", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"x" * 4096)
                fh.flush()
        except OSError:
            pass


@pytest.mark.sqlite_only
def test_full_disk_gives_503_with_the_choice_kept_and_the_database_stays_intact(tiny_disk, make_app):
    db_file = tiny_disk / "quiz.sqlite"
    app = make_app(DATABASE_URL=f"sqlite:///{db_file}", DB_WRITE_RETRIES=0)
    migrations.upgrade(f"sqlite:///{db_file}")
    client = app.test_client()
    Patient(client).start()
    page = client.get("/m/demo/q/demo-q1").text
    engine = app.extensions["db"].engine
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    fill(tiny_disk)
    resp = client.post("/m/demo/q/demo-q1", data={"csrf_token": token(page), "confidence": "sure", "choice": "copy-virus"})
    assert resp.status_code == 503
    assert 'id="choice-copy-virus" value="copy-virus" checked' in resp.text and "please press the button again" in resp.text
    (tiny_disk / "filler").unlink()
    engine.dispose()
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select count(*) from answer").fetchone()[0] == 0
    again = client.post("/m/demo/q/demo-q1", data={"csrf_token": token(resp.text), "confidence": "sure", "choice": "copy-virus"})
    assert again.status_code == 303 and len(rows(app)) == 1
    engine.dispose()
