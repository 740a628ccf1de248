#!/usr/bin/env python3
"""A smoke journey through the production stack (nginx with TLS in front of gunicorn), standard library only.

  smoke.py journey --base https://learn.example.org --connect 127.0.0.1:443 --cafile site.crt \
      --email ops@clinic.example --password-file pw --state journey.json
  smoke.py verify  (same options): after a restore, every answer of the journey is still there.

The journey checks what only the real stack shows: liveness and readiness, HSTS, the `__Host-` cookie,
share links built as https://, and throttles that count each client behind the proxy (clients use their
own loopback source addresses, and the attacker forges X-Forwarded-For). A clinician assigns a topic, a
patient types the code, two people answer every question, and the CSV export is kept in the state file.
Exits 1 at the first check that fails, saying which.
"""
from __future__ import annotations

import argparse
import csv
import http.client
import io
import json
import re
import socket
import ssl
import sys
from urllib.parse import urlencode, urlsplit

TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
CHOICE = re.compile(r'<input type="radio" name="choice" id="[^"]*" value="([^"]+)"')
NEXT = re.compile(r'<p class="next-bar"><a class="button" href="([^"]+)"')


class Failed(Exception):
    """A check of the journey did not hold."""


def check(ok: bool, what: str) -> None:
    if not ok:
        raise Failed(what)
    print(f"ok   {what}")


class Browser:
    """One person's browser: its own source address, its own cookies, no redirects followed by itself."""

    def __init__(self, opts, source: str):
        self.opts, self.source, self.cookies = opts, source, {}
        self.host = urlsplit(opts.base).hostname
        self.context = ssl.create_default_context(cafile=opts.cafile)

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        """Send one request from this browser's source address, with TLS and SNI for the public host name."""
        where, port = self.opts.connect.rsplit(":", 1)
        conn = http.client.HTTPSConnection(where, int(port), context=self.context, timeout=30)
        raw = socket.create_connection((where, int(port)), 30, (self.source, 0))
        conn.sock = self.context.wrap_socket(raw, server_hostname=self.host)  # a connected socket is used as it is
        sent = {"Host": urlsplit(self.opts.base).netloc, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=sent)
        resp = conn.getresponse()
        text = resp.read().decode("utf-8", "replace")
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return resp, text

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)

    def post(self, path: str, page: str, form: dict, **kw):
        token = TOKEN.search(page)
        if token is None:
            raise Failed(f"no form token on the page before POST {path}")
        return self.request("POST", path, {"csrf_token": token.group(1), **form}, **kw)


def local(location: str, base: str) -> str:
    """A redirect's path on this site (the app answers with paths, or with the public base)."""
    return location[len(base):] if location.startswith(base) else location


def sign_in(opts, source: str) -> Browser:
    b = Browser(opts, source)
    _resp, page = b.get("/clinician/login")
    resp, _ = b.post("/clinician/login", page, {"email": opts.email, "password": opts.password})
    check(resp.status == 303, f"the clinician signs in over HTTPS (status {resp.status})")
    return b


def read_and_answer(b: Browser, opts, start: str) -> int:
    """Follow a reader's next steps from `start` to the results, picking the first choice each time."""
    url, answered = start, 0
    for _ in range(200):
        resp, page = b.get(url)
        if resp.status in (302, 303):
            url = local(resp.getheader("Location"), opts.base)
            continue
        if resp.status != 200:
            raise Failed(f"the reader's page {url} gave {resp.status}")
        if url.endswith("/results"):
            return answered
        choices = CHOICE.findall(page)
        if choices:
            sent, _ = b.post(url, page, {"choice": choices[0], "confidence": "sure"})
            if sent.status != 303:
                raise Failed(f"an answer to {url} was not stored (status {sent.status})")
            answered += 1
            url = local(sent.getheader("Location"), opts.base)
            continue
        step = NEXT.search(page)
        if step is None:
            raise Failed(f"no next step on {url}")
        url = local(step.group(1).replace("&amp;", "&"), opts.base)
    raise Failed("the reading did not end in results")


def export(b: Browser) -> list[list[str]]:
    resp, text = b.get("/clinician/answers.csv")
    check(resp.status == 200 and resp.getheader("Content-Type", "").startswith("text/csv"), "the CSV export downloads")
    return list(csv.reader(io.StringIO(text)))


def journey(opts) -> None:
    probe = Browser(opts, "127.0.0.2")
    for path in ("/healthz", "/readyz"):
        resp, text = probe.get(path)
        check(resp.status == 200 and text.strip() == "ok", f"{path} says ok through nginx")
    resp, _ = probe.get("/")
    hsts = resp.getheader("Strict-Transport-Security", "")
    check("max-age=" in hsts, "HSTS is sent")
    cookies = resp.headers.get_all("Set-Cookie") or []
    host_cookie = [c for c in cookies if c.startswith("__Host-quizapp=")]
    check(bool(host_cookie) and all(f in host_cookie[0] for f in ("Secure", "HttpOnly", "Path=/"))
          and "Domain=" not in host_cookie[0], "the session cookie is __Host-, Secure, HttpOnly, Path=/, no Domain")

    doctor = sign_in(opts, "127.0.0.10")
    _resp, page = doctor.get("/clinician/assignments/new")
    resp, _ = doctor.post("/clinician/assignments/new", page, {"modules": "basics", "days": "30", "lang": "en"})
    check(resp.status == 303, "the clinician makes an assignment")
    report_path = local(resp.getheader("Location"), opts.base)
    _resp, report = doctor.get(report_path)
    link = re.search(r'(https://[^"<\s]+/a/[A-Za-z0-9_\-]+)', report)
    check(link is not None and link.group(1).startswith(opts.base + "/a/"),
          f"the share link is an https:// link on {opts.base}")
    code = re.search(r'class="code big">([0-9A-Z]{4}-[0-9A-Z]{4})<', report)
    check(code is not None, "the report shows the short code")

    attacker = Browser(opts, "127.0.0.20")
    statuses = []
    for n in range(opts.code_limit + 1):
        _resp, page = attacker.get("/")
        resp, _ = attacker.post("/code", page, {"code": f"ZZZZ-ZZ{n:02d}"},
                                headers={"X-Forwarded-For": f"10.9.{n}.1"})
        statuses.append(resp.status)
    check(statuses == [404] * opts.code_limit + [429],
          f"one client's wrong codes are throttled although it forges X-Forwarded-For ({statuses})")

    patient = Browser(opts, "127.0.0.21")
    _resp, page = patient.get("/")
    resp, _ = patient.post("/code", page, {"code": code.group(1)})
    check(resp.status == 303, "another client behind the same proxy types the right code and gets in")
    welcome = local(resp.getheader("Location"), opts.base)
    total = 0
    for who, source in (("patient", "127.0.0.21"), ("caregiver", "127.0.0.22")):
        reader = patient if who == "patient" else Browser(opts, source)
        _resp, page = reader.get(welcome)
        resp, _ = reader.post(welcome, page, {"role": who})
        check(resp.status == 303, f"the {who} joins")
        total += read_and_answer(reader, opts, local(resp.getheader("Location"), opts.base))
    rows = export(doctor)
    check(len(rows) - 1 == total and total > 0, f"the export holds every answer given ({total})")
    with open(opts.state, "w") as fh:
        json.dump({"rows": rows, "answers": total}, fh)


def verify(opts) -> None:
    with open(opts.state) as fh:
        kept = json.load(fh)
    resp, text = Browser(opts, "127.0.0.2").get("/readyz")
    check(resp.status == 200 and text.strip() == "ok", "/readyz says ok after the restore")
    rows = export(sign_in(opts, "127.0.0.11"))
    check(rows == kept["rows"], f"after backup, wipe and restore every answer is back ({kept['answers']})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("phase", choices=["journey", "verify"])
    parser.add_argument("--base", required=True, help="the public https:// origin (QUIZAPP_PUBLIC_BASE_URL)")
    parser.add_argument("--connect", required=True, help="host:port where nginx listens")
    parser.add_argument("--cafile", required=True, help="the certificate to trust (self-signed in CI)")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password-file", required=True)
    parser.add_argument("--state", required=True, help="where the journey keeps the export for verify")
    parser.add_argument("--code-limit", type=int, default=10)
    opts = parser.parse_args()
    with open(opts.password_file) as fh:
        opts.password = fh.readline().rstrip("\n")
    try:
        journey(opts) if opts.phase == "journey" else verify(opts)
    except (Failed, OSError, http.client.HTTPException) as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        return 1
    print(f"smoke {opts.phase}: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
