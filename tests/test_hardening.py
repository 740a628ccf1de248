"""Cross-cutting protections: headers, CSRF on every POST, error pages, cookies, database safety."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap

from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import event

from quizapp import create_app
from quizapp.headers import CSP
from tests.config import TEST_SECRET
from tests.helpers import Patient, rows, token

SAMPLE_ARGS = {"module_id": "demo", "section_id": "one", "question_id": "demo-q1", "rnd": 1,
               "token": "not-a-real-token", "public_id": "not-a-real-id", "filename": "app.css"}


def every_url(app, method: str) -> list[str]:
    """Build a URL for every rule that accepts the method, with sample arguments."""
    urls = []
    with app.test_request_context():
        from flask import url_for
        for rule in app.url_map.iter_rules():
            if method not in rule.methods:
                continue
            args = {k: SAMPLE_ARGS.get(k, "x") for k in rule.arguments}
            if rule.defaults:
                args.update(rule.defaults)
            urls.append(url_for(rule.endpoint, **args))
    return sorted(set(urls))


def assert_security_headers(resp, url):
    assert resp.headers.get("Content-Security-Policy") == CSP, url
    assert "default-src 'self'" in CSP and "frame-ancestors 'none'" in CSP and "form-action 'self'" in CSP
    assert resp.headers.get("X-Content-Type-Options") == "nosniff", url
    referrer = "no-referrer" if url.startswith("/a/") else "strict-origin-when-cross-origin"
    assert resp.headers.get("Referrer-Policy") == referrer, url
    assert "camera=()" in resp.headers.get("Permissions-Policy", ""), url
    assert resp.headers.get("Cross-Origin-Opener-Policy") == "same-origin", url


def test_every_get_route_and_error_page_sends_security_headers(app, client):
    Patient(client).start()
    urls = every_url(app, "GET") + ["/no-such-page", "/m/nope"]
    assert len(urls) >= 8
    for url in urls:
        resp = client.get(url)
        assert resp.status_code < 500, url
        assert_security_headers(resp, url)


def test_patient_pages_are_never_cached_and_static_files_are(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"
    html = client.get("/").text
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]+)"', html).group(1)
    resp = client.get(css)
    assert resp.status_code == 200 and "max-age=31536000" in resp.headers["Cache-Control"]


def test_templates_contain_no_inline_script_or_style():
    from pathlib import Path
    for path in Path("templates").rglob("*.html"):
        text = path.read_text()
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S)
        assert all('src="' in attrs and not body.strip() for attrs, body in scripts), path  # files only
        assert text.count("<script") == len(scripts), path
        assert "style=" not in text and "<style" not in text, path


def test_post_without_csrf_token_to_every_route_is_a_friendly_400(app, client):
    Patient(client).start()
    urls = every_url(app, "POST")
    assert "/m/demo/start" in urls and "/m/demo/q/demo-q1" in urls
    for url in urls:
        resp = client.post(url, data={"confidence": "sure", "choice": "recipe-protein", "code": "ABCD-EFGH"})
        assert resp.status_code == 400, url
        assert "<main" in resp.text and "Traceback" not in resp.text, url
        assert_security_headers(resp, url)
    assert rows(app) == []


def choice_id(app, n: int) -> str:
    """Return the id of the n-th authored choice of the demo's first question."""
    return app.extensions["catalogue"].module("demo").question("demo-q1").choices[n].id


def test_csrf_failure_on_an_answer_keeps_the_choice_and_a_resubmit_stores_one_row(app, client):
    Patient(client).start()
    b = choice_id(app, 1)
    resp = client.post("/m/demo/q/demo-q1", data={"csrf_token": "stale", "choice": b, "confidence": "unsure"})
    assert resp.status_code == 400
    assert f'value="{b}" checked' in resp.text
    assert "please press the button again" in resp.text
    assert rows(app) == []
    again = client.post("/m/demo/q/demo-q1", data={"csrf_token": token(resp.text), "confidence": "sure", "choice": b})
    assert again.status_code == 303
    client.post("/m/demo/q/demo-q1", data={"csrf_token": token(resp.text), "confidence": "sure", "choice": b})
    assert len(rows(app)) == 1


def test_unexpected_error_page_is_generic_with_an_error_id(app, client, caplog):
    def boom():
        raise RuntimeError("secret internals /srv/app/quizapp/x.py")
    app.add_url_rule("/boom", "boom", boom)
    resp = client.get("/boom")
    assert resp.status_code == 500
    assert "Something went wrong on our side" in resp.text
    assert re.search(r"reference [0-9a-f]{8}", resp.text)
    assert "Traceback" not in resp.text and "/srv/app" not in resp.text and "RuntimeError" not in resp.text
    assert_security_headers(resp, "/boom")
    error_id = re.search(r"reference ([0-9a-f]{8})", resp.text).group(1)
    assert any(error_id in r.getMessage() for r in caplog.records)


def test_debug_is_off_by_default(app):
    assert app.debug is False


def test_session_cookie_is_httponly_samesite_lax_and_holds_only_an_opaque_id(app, client):
    resp = Patient(client).start()
    set_cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie and "Secure" not in set_cookie
    Patient(client).finish(app.extensions["catalogue"].module("demo"))
    cookie = client.get_cookie("quizapp")
    assert len(cookie.value) < 4096
    data = SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie.value)
    assert set(data) <= {"p", "ps", "csrf_token", "_permanent"}  # ps: everyone reading on this device
    assert len(data["p"]) >= 20 and not data["p"].isdigit()
    assert data["ps"] == [data["p"]]


def test_production_sends_hsts_and_secure_cookies(make_app):
    app = make_app(ENV_NAME="production", PUBLIC_BASE_URL="https://learn.example.org")
    client = app.test_client()
    resp = client.get("/")
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=")
    resp = Patient(client).start()
    set_cookie = resp.headers["Set-Cookie"]
    assert set_cookie.startswith("__Host-quizapp=") and "Secure" in set_cookie and "Path=/" in set_cookie
    assert "Domain" not in set_cookie


def test_create_app_opens_no_database_connection_before_workers_fork(tmp_path, make_app, monkeypatch):
    opened = []
    monkeypatch.setattr("quizapp.db.make_engine", _counting(opened))
    make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert opened == [0]


def _counting(opened):
    from quizapp import db
    real = db.make_engine

    def make(url, timeout=5000):
        engine = real(url, timeout)
        opened.append(0)
        event.listen(engine, "connect", lambda *a: opened.__setitem__(0, opened[0] + 1))
        return engine
    return make


LOCK_HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
""")


def test_lock_held_by_another_process_gives_503_with_choice_kept_then_retry_succeeds(tmp_path, make_app):
    app = make_app(SQLITE_BUSY_TIMEOUT_MS=300)
    client = app.test_client()
    Patient(client).start()
    page = client.get("/m/demo/q/demo-q1").text
    c = choice_id(app, 2)
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(tmp_path / "test.sqlite")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        resp = client.post("/m/demo/q/demo-q1", data={"csrf_token": token(page), "confidence": "sure", "choice": c})
        assert resp.status_code == 503
        assert f'value="{c}" checked' in resp.text and "please press the button again" in resp.text
    finally:
        holder.communicate("\n", timeout=10)
    assert rows(app) == []
    again = client.post("/m/demo/q/demo-q1", data={"csrf_token": token(resp.text), "confidence": "sure", "choice": c})
    assert again.status_code == 303 and len(rows(app)) == 1
    app.extensions["db"].engine.dispose()


def test_rotating_the_secret_key_keeps_patients_signed_in_through_fallbacks(make_app):
    old = make_app()
    client = old.test_client()
    Patient(client).start()
    cookie = client.get_cookie("quizapp").value
    rotated = create_app({**old.config, "SECRET_KEY": "n" * 64, "SECRET_KEY_FALLBACKS": [TEST_SECRET]})
    other = rotated.test_client()
    other.set_cookie("quizapp", cookie)
    assert "Continue where you left off" in other.get("/m/demo").text
    without = create_app({**old.config, "SECRET_KEY": "n" * 64})
    third = without.test_client()
    third.set_cookie("quizapp", cookie)
    assert "Start reading" in third.get("/m/demo").text


def test_large_pages_are_compressed_and_question_pages_are_sent_as_they_are(app, client):
    import gzip
    Patient(client).start()
    question = client.get("/m/demo/q/demo-q1", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in question.headers
    app.config["COMPRESS_MIN_SIZE"] = 500
    glossary = client.get("/glossary", headers={"Accept-Encoding": "gzip"})
    assert glossary.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in glossary.headers["Vary"]
    assert "Word list" in gzip.decompress(glossary.data).decode()
    assert glossary.headers["Content-Security-Policy"]
