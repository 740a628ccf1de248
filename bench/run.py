"""Benchmark quizapp on this machine, on loopback only, and rewrite bench/RESULTS.md.

    .venv/bin/python bench/run.py             # full run, about 6 minutes on 2 cores, rewrites bench/RESULTS.md
    .venv/bin/python bench/run.py --quick     # about 1.5 minutes, writes bench/out/RESULTS-quick.md instead
    .venv/bin/python bench/run.py --profile   # pyinstrument profiles of every page into bench/out/

1. Load: quizapp and a bare Flask app (bench/bare.py), both under gunicorn with the same settings, each
   on a fresh SQLite database in a temporary folder; wrk drives every target with the same script and
   settings (bench/requests.lua), page and bare app interleaved (A B A B) over several rounds.
2. Page weight: bytes of HTML, CSS and JS and the requests a first visit makes, for every page.
3. Scale: 10k, 100k and 1M answers seeded straight into the schema (bench/seed.py); the clinician
   report and the question statistics timed through HTTP on servers pointed at those databases, the
   sizes interleaved like the load runs.
4. Memory: peak RSS (VmHWM) of every gunicorn worker after the load, and after the scale runs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import html.parser
import http.client
import json
import zlib
import os
import platform
import random
import re
import secrets
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT))

import seed  # noqa: E402  (bench/seed.py, beside this file)
from tests.live import Client, Response, Server  # noqa: E402  (the harness the tests use too)

PASSWORD = "bench password " + secrets.token_hex(8)
BUDGET_S = 570  # stop adding rounds past this, so a run stays under 10 minutes
WRK_THREADS = 2

TARGETS = {  # page: the least share of the bare app's req/s it should reach
    "question page": 0.50,
    "answer POST (new answers)": 0.25,
}


def log(msg: str) -> None:
    """Print progress with the time since start."""
    print(f"[{time.monotonic() - T0:6.1f}s] {msg}", flush=True)


T0 = time.monotonic()


# --- acting like people -------------------------------------------------------

def pick(q, rng: random.Random, right: float = 0.7) -> str:
    """Pick the right choice most of the time, else a wrong one."""
    if rng.random() < right:
        return q.correct_choice.id
    return rng.choice([c for c in q.choices if not c.correct]).id


def walk_module(c: Client, mod, rng: random.Random, retry: bool = True) -> None:
    """Start a module, read each section and answer every question through HTTP; retry the missed ones."""
    page = c.expect("GET", f"/m/{mod.id}", 200)
    c.expect("POST", f"/m/{mod.id}/start", 303, {"csrf_token": c.token(page.text)})
    missed = []
    for section in mod.sections:
        c.expect("GET", f"/m/{mod.id}/read/{section.id}", 200)
        for q in section.questions:
            url = f"/m/{mod.id}/q/{q.id}"
            page = c.expect("GET", url, 200)
            choice = pick(q, rng)
            c.expect("POST", url, 303, {"csrf_token": c.token(page.text), "choice": choice,
                                        "confidence": rng.choice(["sure", "unsure"])})
            c.expect("GET", url + "/feedback", 200)
            if choice != q.correct_choice.id:
                missed.append(q)
    results = c.expect("GET", f"/m/{mod.id}/results", 200)
    if retry and missed:
        c.expect("POST", f"/m/{mod.id}/retry", 303, {"csrf_token": c.token(results.text)})
        for q in missed:
            url = f"/m/{mod.id}/retry/{q.id}"
            page = c.expect("GET", url, 200)
            c.expect("POST", url, 303, {"csrf_token": c.token(page.text), "choice": pick(q, rng, 0.8)})
            c.expect("GET", url + "/feedback", 200)
        c.expect("GET", f"/m/{mod.id}/results", 200)


def create_clinician(env: dict, email: str) -> None:
    """Create an account through the real command, answering its two password prompts."""
    r = subprocess.run([sys.executable, "-m", "flask", "--app", "quizapp", "create-clinician", email],
                       input=f"{PASSWORD}\n{PASSWORD}\n", text=True, capture_output=True, env={**os.environ, **env},
                       cwd=ROOT)
    if r.returncode != 0:
        raise RuntimeError(f"create-clinician failed: {r.stdout}{r.stderr}")


def sign_in(port: int, email: str) -> Client:
    """Sign a clinician in through the login form."""
    c = Client(port)
    page = c.expect("GET", "/clinician/login", 200)
    c.expect("POST", "/clinician/login", 303, {"csrf_token": c.token(page.text), "email": email,
                                               "password": PASSWORD})
    return c


def new_assignment(c: Client, module_ids: list[str], label: str = "bench") -> tuple[str, str]:
    """Create an assignment; return its report path and the patient link path."""
    page = c.expect("GET", "/clinician/assignments/new", 200)
    r = c.expect("POST", "/clinician/assignments/new", 303, {"csrf_token": c.token(page.text),
                                                             "modules": module_ids, "label": label, "days": "30"})
    report = c.expect("GET", r.location, 200)
    link = re.search(r'href="[^"]*?(/a/[A-Za-z0-9_\-]+)"', report.text).group(1)
    return r.location, link


def join(port: int, link: str, role: str) -> Client:
    """Open the assignment link and say who is reading."""
    c = Client(port)
    page = c.expect("GET", link, 200)
    c.expect("POST", link, 303, {"csrf_token": c.token(page.text), "role": role})
    return c


def forge_patient(secret: str, public_id: str) -> tuple[str, str]:
    """Return (Cookie header, form token) for a participant, signed exactly as Flask and Flask-WTF sign them.

    Used only for the many writers of the answer-POST run (creating hundreds of people through HTTP would
    cost more than the run itself); one of them is checked through HTTP before the run.
    """
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface
    from itsdangerous import URLSafeTimedSerializer
    app = Flask("forge")
    app.secret_key = secret
    raw = hashlib.sha1(os.urandom(64)).hexdigest()
    cookie = SecureCookieSessionInterface().get_signing_serializer(app).dumps(
        {"p": public_id, "csrf_token": raw, "_permanent": True})
    return f"quizapp={cookie}", URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)


# --- wrk --------------------------------------------------------------------------

def ensure_wrk() -> str:
    """Return the wrk path, installing Debian's package when missing and running as root."""
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() != 0:
        sys.exit("wrk is not installed. Install it with: sudo apt-get install -y wrk   (then run this again)")
    log("wrk missing: apt-get install -y wrk")
    r = subprocess.run(["apt-get", "install", "-y", "wrk"], capture_output=True, text=True)
    if r.returncode != 0:
        subprocess.run(["apt-get", "update"], capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


@dataclass
class Target:
    name: str
    lines: list[str]          # request lines for bench/requests.lua
    expect: int               # the status every response should have
    server: str = "app"       # "app" or "bare"
    writes: bool = False      # count stored answers around each run
    make_lines: object = None  # callable returning (a request to check, fresh lines) before each run


def request_line(tid: int, method: str, path: str, cookie: str = "", body: str = "") -> str:
    return f"{tid}\t{method}\t{path}\t{cookie}\t{body}"


def same_for_all(method: str, path: str, cookie: str = "", body: str = "") -> list[str]:
    return [request_line(t, method, path, cookie, body) for t in range(1, WRK_THREADS + 1)]


def run_wrk(wrk: str, server: Server, lines: list[str], duration: int, connections: int, tag: str) -> dict:
    """Run wrk once with bench/requests.lua; return its JSON summary and the workers' CPU per request."""
    port = server.port
    cpu = server.cpu_seconds()
    path = OUT / f"requests-{tag}.txt"
    path.write_text("\n".join(lines) + "\n")
    cmd = [wrk, f"-t{WRK_THREADS}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
           "-s", str(BENCH / "requests.lua"), f"http://127.0.0.1:{port}", "--", str(path)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)
    line = next((ln for ln in r.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if r.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({r.returncode}): {r.stdout}\n{r.stderr}")
    out = json.loads(line[6:])
    out["rps"] = out["requests"] / (out["duration_us"] / 1e6)
    out["cpu_ms"] = (server.cpu_seconds() - cpu) * 1000 / max(1, out["requests"])
    return out


# --- page weight -------------------------------------------------------------------

class Assets(html.parser.HTMLParser):
    """Collect what a browser would fetch on a first visit: stylesheets, scripts, images, icons."""

    def __init__(self):
        super().__init__()
        self.fetch: list[tuple[str, str]] = []   # (kind, url)
        self.inline_js = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and a.get("href"):
            self.fetch.append(("css", a["href"]))
        elif tag == "link" and ("icon" in rel or "apple-touch-icon" in rel) and a.get("href"):
            self.fetch.append(("icon", a["href"]))
        elif tag == "link" and ({"preload", "modulepreload"} & set(rel)) and a.get("href"):
            self.fetch.append(("preload", a["href"]))
        elif tag == "script":
            if a.get("src"):
                self.fetch.append(("js", a["src"]))
            else:
                self._in_script = True
        elif tag in ("img", "source", "input") and a.get("src"):
            self.fetch.append(("img", a["src"]))
        elif tag in ("iframe", "embed", "object") and (a.get("src") or a.get("data")):
            self.fetch.append(("other", a.get("src") or a.get("data")))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.inline_js += len(data.encode())


CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


BROWSER = {"Accept-Encoding": "gzip, deflate, br"}


def decoded(r: Response) -> bytes:
    """Undo the response's Content-Encoding (gzip, deflate or br), as a browser would."""
    enc = r.headers.get("content-encoding", "").lower()
    if enc in ("", "identity"):
        return r.body
    if enc == "gzip":
        return gzip.decompress(r.body)
    if enc == "deflate":
        return zlib.decompress(r.body)
    if enc == "br":
        import brotli
        return brotli.decompress(r.body)
    raise RuntimeError(f"unknown Content-Encoding {enc!r}")


def page_weight(c: Client, path: str) -> dict:
    """Fetch a page as a browser would (accepting gzip and br) and everything a first visit loads.

    Returns bytes on the wire per kind (HTML, CSS, JS, images and icons), the decoded total of HTML,
    CSS and JS, and the number of requests.
    """
    page = c.request("GET", path, extra=BROWSER)
    if page.status != 200:
        return {"path": path, "status": page.status}
    html_text = decoded(page)
    parser = Assets()
    parser.feed(html_text.decode("utf-8", "replace"))
    sizes = {"html": len(page.body), "css": 0, "js": parser.inline_js, "img": 0}
    plain = len(html_text)
    seen, requests = set(), 1
    queue = list(parser.fetch)
    fetch = Client(c.port)
    while queue:
        kind, url = queue.pop(0)
        if url.startswith("data:"):
            continue
        u = urllib.parse.urlsplit(url)
        target = u.path + (f"?{u.query}" if u.query else "")
        if target in seen:
            continue
        seen.add(target)
        r = fetch.request("GET", target, extra=BROWSER)
        requests += 1
        key = {"css": "css", "js": "js"}.get(kind, "img")
        sizes[key] += len(r.body)
        body = decoded(r)
        if key in ("css", "js"):
            plain += len(body)
        if kind == "css":
            for ref in CSS_URL.findall(body.decode("utf-8", "replace")):
                queue.append(("img", urllib.parse.urljoin(target, ref)))
    total = sizes["html"] + sizes["css"] + sizes["js"]
    return {"path": path, "status": 200, **sizes, "total": total, "plain": plain, "requests": requests,
            "encoding": page.headers.get("content-encoding", ""),
            "scripts": sum(1 for k, _ in parser.fetch if k == "js") + (1 if parser.inline_js else 0)}


# --- the load phase ---------------------------------------------------------------------

@dataclass
class LoadSetup:
    app: Server
    bare: Server
    db_path: Path
    secret: str
    cat: object
    done: Client = None
    reader: Client = None
    clinician: Client | None = None
    report_path: str | None = None
    link: str | None = None
    before_login: list = field(default_factory=list)


def answer_count(db_path: Path) -> int:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute("select count(*) from answer").fetchone()[0]


def writer_lines(setup: LoadSetup, per_run: int) -> tuple[str, list[str]]:
    """Fresh people, each partway through every module, and one request per (person, module).

    Each attempt is seeded with k answers (k random, 0 to all but one), as earlier requests would have
    stored them; its one request answers question k+1. No request depends on another one having been
    stored first, so every request is a first answer and must add exactly one row. Returns the request
    to check by HTTP before the run and the lines for wrk.
    """
    mods = list(setup.cat.modules.values())
    people = max(10 * WRK_THREADS, -(-per_run // len(mods)))
    s = seed.Seeder(setup.db_path, setup.cat, seed=secrets.randbits(32))
    rng = random.Random(secrets.randbits(32))
    plan = []
    for _ in range(people):
        pid, public_id = s.add_participant("self", None, s.now - dt.timedelta(hours=1))
        nxt = []
        for m in mods:
            k = rng.randrange(len(m.questions))
            s.add_attempt(pid, m, s.now - dt.timedelta(hours=1), answered=k)
            nxt.append(m.questions[k])
        plan.append((public_id, nxt))
    s.close()
    lines = []
    for i, (public_id, nxt) in enumerate(plan):
        cookie, tok = forge_patient(setup.secret, public_id)
        for q in nxt:
            body = urllib.parse.urlencode({"csrf_token": tok, "choice": pick(q, rng), "confidence": "sure"})
            lines.append(request_line(i % WRK_THREADS + 1, "POST", f"/m/{q.module_id}/q/{q.id}", cookie, body))
    rng.shuffle(lines)  # modules and people in no particular order
    return lines[0], lines[1:]


def check_writer(setup: LoadSetup, line: str) -> None:
    """Send one request by HTTP before the run: it must store one answer, then redirect to feedback."""
    _, method, path, cookie, body = line.split("\t")
    before = answer_count(setup.db_path)
    c = Client(setup.app.port)
    c.cookies = dict([cookie.split("=", 1)])
    r = c.request(method, path, urllib.parse.parse_qsl(body))
    if r.status != 303 or "/feedback" not in r.location or answer_count(setup.db_path) != before + 1:
        raise RuntimeError(f"forged writer did not store an answer: {r.status} {r.location}")


def prepare_load(workers: int, tmp: Path, clinician: bool) -> LoadSetup:
    """Start both servers on fresh databases and create the people every page needs, through HTTP."""
    from quizapp import migrations
    cat = seed.load_content()
    db_path = tmp / "load.sqlite"
    url = f"sqlite:///{db_path}"
    migrations.upgrade(url)
    secret = secrets.token_hex(32)
    env = {"QUIZAPP_DATABASE_URL": url, "QUIZAPP_SECRET_KEY": secret, "QUIZAPP_INSTANCE_PATH": str(tmp / "inst"),
           "QUIZAPP_ENV_NAME": "production"}
    if clinician:
        create_clinician(env, "bench@example.org")
    app = Server("quizapp:create_app()", env, workers, name="app", log=OUT / "app.log").__enter__()
    bare = Server("bare:app", {}, workers, name="bare", log=OUT / "bare.log", chdir=BENCH).__enter__()
    setup = LoadSetup(app, bare, db_path, secret, cat)
    rng = random.Random(1)
    mods = list(cat.modules.values())
    setup.done = Client(app.port)
    for m in mods:
        walk_module(setup.done, m, rng)
    setup.reader = Client(app.port)
    page = setup.reader.expect("GET", f"/m/{mods[0].id}", 200)
    setup.reader.expect("POST", f"/m/{mods[0].id}/start", 303, {"csrf_token": Client.token(page.text)})
    setup.before_login = app.memory()
    if clinician:
        setup.clinician = sign_in(app.port, "bench@example.org")
        setup.report_path, setup.link = new_assignment(setup.clinician, [m.id for m in mods])
        for role in ("patient", "caregiver"):
            person = join(app.port, setup.link, role)
            for m in mods:
                walk_module(person, m, rng)
    return setup


def load_targets(setup: LoadSetup, per_run: int) -> list[Target]:
    """Every page under load, each with the person who would open it."""
    cat = setup.cat
    m0 = next(iter(cat.modules.values()))
    s0, q0 = m0.sections[0], m0.questions[0]
    done, reader = setup.done.cookie, setup.reader.cookie
    form = setup.done.expect("GET", "/", 200)  # the code box carries a token for this session
    repeat_body = urllib.parse.urlencode({"csrf_token": Client.token(form.text), "choice": q0.correct_choice.id})
    targets = [
        Target("home page", same_for_all("GET", "/", done), 200),
        Target("reading section", same_for_all("GET", f"/m/{m0.id}/read/{s0.id}", reader), 200),
        Target("question page", same_for_all("GET", f"/m/{m0.id}/q/{q0.id}", reader), 200),
        Target("answer POST (new answers)", [], 303, writes=True,
               make_lines=lambda: writer_lines(setup, per_run)),
        Target("answer POST (repeat of an answered question)",
               same_for_all("POST", f"/m/{m0.id}/q/{q0.id}", setup.done.cookie, repeat_body), 303, writes=True),
        Target("results page", same_for_all("GET", f"/m/{m0.id}/results", done), 200),
    ]
    if setup.clinician:
        targets.append(Target("clinician report (2 people x 6 modules)",
                              same_for_all("GET", setup.report_path, setup.clinician.cookie), 200))
    return targets


def run_load(setup: LoadSetup, wrk: str, args) -> dict:
    """Interleave bare and page runs (A B A B) over rounds; keep every run."""
    per_run = 2500 * args.duration  # more than this many answers per run would wrap around (and be flagged)
    targets = load_targets(setup, per_run)
    bare = Target("bare Flask", same_for_all("GET", "/"), 200, server="bare")
    log("warm-up: 1 s of wrk on each GET target")
    for t in [bare] + [t for t in targets if not t.writes]:
        run_wrk(wrk, setup.bare if t.server == "bare" else setup.app, t.lines, 1, args.connections, "warm")
    runs: dict[str, list] = {t.name: [] for t in targets}
    runs["bare Flask"] = []
    round_started = time.monotonic()
    for rnd in range(args.rounds):
        if rnd and time.monotonic() - T0 + (time.monotonic() - round_started) + args.reserve > BUDGET_S:
            log(f"stopping after {rnd} rounds to stay inside the time budget")
            break
        round_started = time.monotonic()
        for t in targets:
            if t.make_lines:
                checked, t.lines = t.make_lines()
                check_writer(setup, checked)
            b = run_wrk(wrk, setup.bare, bare.lines, args.duration, args.connections, "bare")
            runs["bare Flask"].append(b)
            before = answer_count(setup.db_path) if t.writes else 0
            r = run_wrk(wrk, setup.app, t.lines, args.duration, args.connections, "app")
            if t.writes:
                r["stored"] = answer_count(setup.db_path) - before
                if t.make_lines:
                    # wrk counts the responses it read before stopping; up to one per connection more may
                    # have been stored while it stopped. Fewer rows than responses would be lost answers.
                    r["lost"] = max(0, r["requests"] - r["stored"])
                    r["ok"] = r["requests"] <= r["stored"] <= r["requests"] + args.connections
                r["stored_per_s"] = r["stored"] / (r["duration_us"] / 1e6)
            r["unexpected"] = sum(v for k, v in r["codes"].items() if int(k) != t.expect)
            r["ratio"] = r["rps"] / b["rps"]
            r["cpu_ratio"] = b["cpu_ms"] / r["cpu_ms"] if r["cpu_ms"] else float("nan")
            runs[t.name].append(r)
            log(f"round {rnd + 1} {t.name}: {r['rps']:.0f} req/s vs bare {b['rps']:.0f} ({r['ratio']:.0%}; "
                f"CPU {r['cpu_ms']:.2f} vs {b['cpu_ms']:.2f} ms/req) p99 {r['p99_us'] / 1000:.1f} ms "
                f"codes {r['codes']}" + (f" stored {r['stored']}" if t.writes else ""))
    return {"targets": [t.name for t in targets], "runs": runs}


# --- the scale phase -----------------------------------------------------------------------

def timed(c: Client, path: str, n: int, warm: int, expect: int = 200) -> list[float]:
    """GET a path `warm` times (so every worker has served it), then n times; return seconds per request."""
    for _ in range(warm):
        c.expect("GET", path, expect)
    out = []
    for _ in range(n):
        t = time.perf_counter()
        c.expect("GET", path, expect)
        out.append(time.perf_counter() - t)
    return out


def stats_apps(envs: list[dict]) -> list:
    """One app per database, in this process, for timing the statistics over every answer."""
    from quizapp import create_app
    apps = []
    for env in envs:
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            apps.append(create_app())
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    return apps


def rebuild_tally(env: dict) -> float | None:
    """Recount derived statistics after a bulk import, with the app's own function when it has one.

    Seeding writes answers straight into the tables, past the code that keeps running counts (if the
    schema has them) up to date; `queries.rebuild_item_tally` is what an operator runs after a bulk
    import. Returns the seconds it took, or None when the app keeps no such counts.
    """
    from quizapp import queries
    if not hasattr(queries, "rebuild_item_tally"):
        return None
    app = stats_apps([env])[0]
    from quizapp import db
    with app.app_context():
        t = time.perf_counter()
        db.write(queries.rebuild_item_tally)
        took = time.perf_counter() - t
        db.close_session()
    app.extensions["db"].engine.dispose()
    return took


def stats_in_process(app) -> tuple[float, int]:
    """Time `queries.item_counts(s, None)` + `itemstats.compute` (what `flask item-stats` does) once."""
    from quizapp import db, itemstats, queries
    from quizapp.content import catalogue
    with app.app_context():
        t = time.perf_counter()
        stats = itemstats.compute(catalogue(), queries.item_counts(db.session(), None))
        took = time.perf_counter() - t
        db.close_session()
    return took, sum(q.answered for q in stats)


def count_answers(conn, clinician_id: int, first_only: bool = False) -> int:
    return conn.execute(
        "select count(*) from answer join attempt on attempt.id = answer.attempt_id join participant on "
        "participant.id = attempt.participant_id join assignment on assignment.id = participant.assignment_id "
        "where assignment.clinician_id = ?" + (" and answer.round = 1" if first_only else ""),
        (clinician_id,)).fetchone()[0]


def big_list(sizes, servers, people, out: dict) -> None:
    """Open the assignment list of the clinician who owns nearly everything, once per size (it is slow).

    Measured last, after the memory figures above, because one such request can raise a worker's
    peak far beyond anything else; its own peak is recorded with it.
    """
    prev = 0.0
    for (row, _), server, (_, _, them) in zip(sizes, servers, people):
        if prev and time.monotonic() - T0 + 12 * prev > BUDGET_S:
            row["big_list_note"] = "skipped: would not fit in the time budget"
            continue
        t = time.perf_counter()
        try:
            them.expect("GET", "/clinician/", 200)
            row["big_list_s"] = [time.perf_counter() - t]
        except (OSError, http.client.HTTPException, RuntimeError) as exc:
            row["big_list_note"] = f"failed after {time.perf_counter() - t:.0f} s ({type(exc).__name__})"
        prev = time.perf_counter() - t
        row["big_list_peak_mb"] = max((m["hwm_mb"] for m in server.memory()), default=0)
        log(f"scale: assignment list of the clinic-wide clinician at {size(row['target'])}: {prev:.1f} s, "
            f"worker peak {row['big_list_peak_mb']:.0f} MB")


def run_scale(args, tmp: Path, clinician: bool) -> dict:
    """Seed a database up to each size (keeping a copy of each), then time them all interleaved.

    One server per size runs at the same time, and every sample visits the sizes in turn (10k, 100k, 1M,
    10k, ...), so a burst of load from elsewhere on the machine hits every size alike.
    """
    from quizapp import migrations
    db_path = tmp / "scale.sqlite"
    migrations.upgrade(f"sqlite:///{db_path}")
    secret = secrets.token_hex(32)

    def env_for(path: Path, n: int) -> dict:
        return {"QUIZAPP_DATABASE_URL": f"sqlite:///{path}", "QUIZAPP_SECRET_KEY": secret,
                "QUIZAPP_INSTANCE_PATH": str(tmp / f"inst-{n}"), "QUIZAPP_ENV_NAME": "production"}
    s = seed.Seeder(db_path)
    if clinician:
        create_clinician(env_for(db_path, 0), "mine@example.org")    # the measured report, ~1 % of the rest
        create_clinician(env_for(db_path, 0), "clinic@example.org")  # every other assignment
        ids = dict(s.conn.execute("select email, id from clinician"))
        mine, clinic = ids["mine@example.org"], ids["clinic@example.org"]
    else:
        mine, clinic = s.add_clinician("mine@example.org"), s.add_clinician("clinic@example.org")
    aid, report_public_id = s.add_complete_assignment(mine)
    patient_pid = s.conn.execute("select public_id from participant where assignment_id=? and role='patient'",
                                 (aid,)).fetchone()[0]
    out: dict = {"scales": []}
    sizes = []
    for target in args.scales:
        if time.monotonic() - T0 > BUDGET_S - 30 - target / 12_000:
            out["skipped"] = f"stopped before {size(target)} answers to stay inside the time budget"
            log(out["skipped"])
            break
        t = time.perf_counter()
        total = s.grow_to(target, [mine] + [clinic] * 99)
        seeded = time.perf_counter() - t
        s.flush()
        tally = rebuild_tally(env_for(db_path, 0))
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path = tmp / f"scale-{target}.sqlite"
        shutil.copyfile(db_path, path)
        row = {"target": target, "answers": total, "seed_s": seeded, "db_mb": path.stat().st_size / 1e6,
               "tally_s": tally,
               "mine_answers": count_answers(s.conn, mine),
               "mine_assignments": s.conn.execute("select count(*) from assignment where clinician_id=?",
                                                  (mine,)).fetchone()[0],
               "stats_http_answers": count_answers(s.conn, clinic, first_only=True),
               "clinic_assignments": s.conn.execute("select count(*) from assignment where clinician_id=?",
                                                    (clinic,)).fetchone()[0]}
        out["scales"].append(row)
        sizes.append((row, env_for(path, target)))
        log(f"scale: {total} answers seeded in {seeded:.1f} s"
            + (f", running counts rebuilt in {tally:.1f} s" if tally is not None else ""))
    s.close()
    servers: list[Server] = []
    try:
        people = []
        for row, env in sizes:
            server = Server("quizapp:create_app()", env, args.workers, name=f"scale-{row['target']}",
                            log=OUT / f"scale-{row['target']}.log").__enter__()
            servers.append(server)
            patient = Client(server.port)
            patient.cookies = dict([forge_patient(secret, patient_pid)[0].split("=", 1)])
            me = sign_in(server.port, "mine@example.org") if clinician else None
            them = sign_in(server.port, "clinic@example.org") if clinician else None
            people.append((patient, me, them))
        warm = 2 * args.workers
        plan = [("patient_home_s", 0, "/", args.samples)]
        if clinician:
            plan += [("report_s", 1, f"/clinician/assignments/{report_public_id}", args.samples),
                     ("list_s", 1, "/clinician/", args.few), ("stats_http_s", 2, "/clinician/stats", args.few)]
        for key, who, path, n in plan:
            for (row, _), clients in zip(sizes, people):
                timed(clients[who], path, 0, warm)
                row[key] = []
            for _ in range(n):
                for (row, _), clients in zip(sizes, people):
                    row[key] += timed(clients[who], path, 1, 0)
            log(f"scale: {key[:-2]} " + ", ".join(f"{size(r['target'])} {med(r[key]) * 1000:.0f} ms"
                                                   for r, _ in sizes))
        if clinician:
            apps = stats_apps([env for _, env in sizes])
            for (row, _), app in zip(sizes, apps):
                stats_in_process(app)  # warm-up
                row["stats_all_s"] = []
            for _ in range(args.few):
                for (row, _), app in zip(sizes, apps):
                    took, row["stats_all_answers"] = stats_in_process(app)
                    row["stats_all_s"].append(took)
            for app in apps:
                app.extensions["db"].engine.dispose()
            log("scale: stats over every answer " + ", ".join(
                f"{size(r['target'])} {med(r['stats_all_s']) * 1000:.0f} ms" for r, _ in sizes))
        out["memory"] = servers[-1].memory() if servers else []
        if clinician:
            big_list(sizes, servers, people, out)
    finally:
        for server in servers:
            server.__exit__()
    return out


# --- report ---------------------------------------------------------------------------------

def med(xs):
    return statistics.median(xs) if xs else float("nan")


def machine() -> dict:
    """Describe the machine and the software measured."""
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next((int(ln.split()[1]) // 1024 for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), 0)
    wrk_v = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    head = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "quizapp", "templates",
                            "questions", "setup.cfg"], capture_output=True, text=True)
    from importlib.metadata import version
    return {"cores": os.cpu_count(), "cpu": cpu, "mem_mb": mem, "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "flask": version("flask"),
            "gunicorn": version("gunicorn"), "sqlalchemy": version("sqlalchemy"),
            "wrk": (wrk_v.stdout + wrk_v.stderr).split("\n")[0].strip(), "kernel": platform.release(),
            "commit": head.stdout.strip(), "dirty": [ln[3:] for ln in dirty.stdout.splitlines()],
            "tree": code_fingerprint()}


def code_fingerprint() -> str:
    """Hash the code being measured (commit and uncommitted edits), to notice edits during a run."""
    diff = subprocess.run(["git", "-C", str(ROOT), "diff", "HEAD", "--", "quizapp", "templates", "questions"],
                          capture_output=True)
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True)
    return hashlib.sha1(head.stdout + diff.stdout).hexdigest()[:12]


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**pass**" if ok else "**MISS**")


def write_results(path: Path, args, info: dict, load: dict | None, weights: list | None, scale: dict | None,
                  mem_load: dict | None, elapsed: float, notes: list[str]) -> None:
    """Rewrite RESULTS.md with the tables and the pass/fail of every target."""
    L = []
    w = L.append
    w("# Benchmark results\n")
    w(f"Written by `bench/run.py`{' --quick' if args.quick else ''} on "
      f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} in {elapsed / 60:.1f} minutes. "
      "Rewritten on every full run; compare figures only within one file.\n")
    w(f"Machine: {info['cores']} cores ({info['cpu']}), {info['mem_mb']} MB RAM, Linux {info['kernel']}; "
      f"Python {info['python']}, Flask {info['flask']}, SQLite {info['sqlite']}, "
      f"SQLAlchemy {info['sqlalchemy']}, gunicorn "
      f"{info['gunicorn']}, {info['wrk']}.\n")
    if info.get("commit"):
        w(f"Code: commit `{info['commit']}`" + (f", with uncommitted changes in {', '.join(info['dirty'])}"
                                               if info["dirty"] else ", no uncommitted changes") + ".\n")
    w(f"Settings: gunicorn `--no-control-socket -k sync -w {args.workers}` on 127.0.0.1 for both apps, "
      f"`QUIZAPP_ENV_NAME=production`, a fresh SQLite file (WAL) in a temporary folder; "
      f"wrk `-t{WRK_THREADS} -c{args.connections} -d{args.duration}s` with `bench/requests.lua` for every target; "
      f"{args.rounds} round(s), each page run right after a bare-app run (A B A B). wrk shares the "
      f"{info['cores']} cores with the server, so absolute req/s is low and noisy; the ratio to the bare app "
      "measured seconds earlier is the figure to compare. Other jobs may share the machine too, so each run "
      "also records the CPU time the gunicorn workers spent (`/proc/<pid>/stat`) per request: `share of bare by "
      "CPU` is the bare app's CPU per request over the page's, the throughput ratio a server with the cores "
      "to itself would approach.\n")
    rows = []  # target table rows
    if load:
        w("## Load\n")
        w("| page | req/s (median) | p50 ms | p99 ms | bare req/s | share of bare req/s (median of pairs) | "
          "server CPU ms/request | share of bare by CPU | status codes (all runs) | stored answers/s |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
        bare_runs = load["runs"]["bare Flask"]
        w(f"| bare Flask (`bench/bare.py`) | {med([r['rps'] for r in bare_runs]):.0f} | "
          f"{med([r['p50_us'] for r in bare_runs]) / 1000:.1f} | {med([r['p99_us'] for r in bare_runs]) / 1000:.1f} "
          f"| | 100 % | {med([r['cpu_ms'] for r in bare_runs]):.2f} | 100 % | {codes(bare_runs)} | |")
        for name in load["targets"]:
            rs = load["runs"][name]
            if not rs:
                continue
            ratio = med([r["ratio"] for r in rs])
            stored = f"{med([r['stored_per_s'] for r in rs]):.0f}" if "stored" in rs[0] else ""
            w(f"| {name} | {med([r['rps'] for r in rs]):.0f} | {med([r['p50_us'] for r in rs]) / 1000:.1f} | "
              f"{med([r['p99_us'] for r in rs]) / 1000:.1f} | "
              f"{med([r['rps'] / r['ratio'] for r in rs]):.0f} | {ratio:.0%} | "
              f"{med([r['cpu_ms'] for r in rs]):.2f} | "
              f"{med([r['cpu_ratio'] for r in rs]):.0%} | {codes(rs)} | {stored} |")
            if name in TARGETS:
                ok = ratio >= TARGETS[name] and all(r["unexpected"] == 0 for r in rs)
                extra = f" (by CPU {med([r['cpu_ratio'] for r in rs]):.0%})"
                if name.startswith("answer POST (new"):
                    ok = ok and all(r["ok"] and not r["wrapped"] for r in rs)
                    extra += (f"; {sum(r['requests'] for r in rs)} responses, {sum(r['stored'] for r in rs)} new "
                              f"rows, {sum(r['lost'] for r in rs)} missing")
                rows.append((f"{name} ≥ {TARGETS[name]:.0%} of bare req/s", f"{ratio:.0%}{extra}", ok))
        w("")
        w("Per-round figures (req/s, share of the bare run just before): " + "; ".join(
            f"{name}: " + ", ".join(f"{r['rps']:.0f} ({r['ratio']:.0%})" for r in load["runs"][name])
            for name in load["targets"]) + ".\n")
        w("How the answer POST is measured. A repeated POST of the same question is idempotent by design "
          "(the first answer counts; later ones store nothing and redirect), so hammering one question measures "
          "a read, not a write; that is the `repeat` row, kept for comparison, without a target. "
          "`answer POST (new answers)` sends every request as a first answer that must add a row: before each "
          "run, fresh people are added with every module started and k of its questions already answered "
          "(k random, seeded in bulk as earlier requests would have stored them), each with their own signed "
          "cookie and CSRF token; each (person, module) gets exactly one request, for question k+1, so no "
          "request depends on another. One such request is checked by HTTP first (303 to its feedback, one new "
          "row). The rows in `answer` are counted before and after every run: the target also requires at "
          "least one new row per 303 that wrk read (`missing` counts any shortfall; up to one extra per "
          "connection may land while wrk stops) and no wrap-around of the prepared requests. Commits are "
          "WAL with `synchronous=NORMAL`: durable across a crash of the app or the OS; the last "
          "transactions can be lost on power loss.\n")
    if weights:
        w("## Page weight (first visit, nothing cached)\n")
        w("| page | HTML KB | CSS KB | JS KB | icon/img KB | total HTML+CSS+JS KB | decoded HTML+CSS+JS KB "
          "| requests |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|")
        worst_kb = worst_req = 0
        worst_js = 0
        for pw in weights:
            if pw.get("status") != 200:
                w(f"| {pw['name']} (`{pw['path']}`) | status {pw.get('status')} | | | | | | |")
                continue
            w(f"| {pw['name']} | {pw['html'] / 1024:.1f} | {pw['css'] / 1024:.1f} | {pw['js'] / 1024:.1f} | "
              f"{pw['img'] / 1024:.1f} | {pw['total'] / 1024:.1f} | {pw['plain'] / 1024:.1f} | {pw['requests']} |")
            worst_kb, worst_req, worst_js = (max(worst_kb, pw["total"]), max(worst_req, pw["requests"]),
                                             max(worst_js, pw["js"]))
        heavy = [p["name"] for p in weights if p.get("total", 0) > 30 * 1024]
        many = [p["name"] for p in weights if p.get("requests", 0) > 3]
        w("\nBytes on the wire, fetched as a browser does (`Accept-Encoding: gzip, deflate, br`); the target is "
          "checked on these. `decoded` is the same after decompression (what the browser parses). Requests count the HTML, each stylesheet, "
          "script, image and icon it links, and `url()` references inside the CSS.\n")
        rows.append(("every page ≤ 30 KB (HTML+CSS+JS on the wire)", f"largest {worst_kb / 1024:.1f} KB"
                     + (f" ({', '.join(heavy)})" if heavy else ""), worst_kb <= 30 * 1024))
        rows.append(("every page ≤ 3 requests on a first visit", f"most {worst_req}"
                     + (f" ({', '.join(many)})" if many else ""), worst_req <= 3))
        rows.append(("0 KB of required JS", f"{worst_js / 1024:.1f} KB of JS on the heaviest page "
                     "(no <script> anywhere)" if worst_js == 0 else f"{worst_js / 1024:.1f} KB", worst_js == 0))
    if scale and scale.get("scales"):
        sc = scale["scales"]
        w("## Scale (one request at a time, median; seeded straight into the schema)\n")
        w("Each size keeps its own copy of the database and its own server; every sample visits the sizes in "
          f"turn (10k, 100k, 1M, 10k, ...), {args.samples} samples for the fast pages and {args.few} for the "
          "slow ones, after every worker has served the page once.\n")
        cols = [("patient_home_s", "patient home"), ("report_s", "clinician report (2 people x 6 modules)"),
                ("list_s", "clinician's assignment list"), ("stats_http_s", "question statistics page (HTTP)"),
                ("stats_all_s", "question statistics over every answer (in process)"),
                ("big_list_s", "assignment list of the clinic-wide clinician (1 sample)")]
        cols = [c for c in cols if any(c[0] in r for r in sc)]

        def cell(row, key):
            return f"{med(row[key]) * 1000:.0f} ms" if key in row else "—"

        def ratio(key):
            a, b = sc[0].get(key), sc[-1].get(key)
            return f"{med(b) / med(a):.2f}×" if a and b else "—"
        tally = sc[0].get("tally_s") is not None
        w("| answers in DB | DB MB | seed s | " + ("recount s | " if tally else "")
          + " | ".join(c[1] for c in cols) + " |")
        w("|---:|---:|---:|" + ("---:|" if tally else "") + "---:|" * len(cols))
        for row in sc:
            w(f"| {row['answers']:,} | {row['db_mb']:.0f} | {row['seed_s']:.1f} | "
              + (f"{row['tally_s']:.1f} | " if tally else "") + " | ".join(cell(row, c[0]) for c in cols) + " |")
        if len(sc) > 1:
            first, last = sc[0], sc[-1]
            w(f"| ratio {size(last['target'])} vs {size(first['target'])} | | | " + ("| " if tally else "")
              + " | ".join(ratio(c[0]) for c in cols) + " |")
        if tally:
            w("")
            w("`recount s`: the app keeps running counts for the question statistics, which bulk seeding "
              "bypasses, so after seeding the bench runs the app's own `queries.rebuild_item_tally` (what an "
              "operator runs after a bulk import); this is its full cost at that size. The statistics rows then "
              "read those counts.")
        w("")
        w("The measured clinician owns the report's assignment plus about 1 % of the seeded ones "
          f"({', '.join(str(r['mine_assignments']) for r in sc)} assignments, "
          f"{', '.join(format(r['mine_answers'], ',') for r in sc)} answers), so their assignment list grows with "
          "the data too. A second clinician owns every other assignment; the statistics page is timed as them "
          f"({', '.join(format(r.get('stats_http_answers', 0), ',') for r in sc)} first-try answers in their "
          "assignments). The in-process row runs `queries.item_counts(s, None)` + `itemstats.compute` (what "
          "`flask item-stats` does) over everyone, people reading without an assignment included (the app "
          f"counted {', '.join(format(r.get('stats_all_answers', 0), ',') for r in sc)} first-try answers).\n")
        if any("big_list_peak_mb" in r for r in sc):
            w("The last column opens `/clinician/` as the second clinician, who owns "
              f"{', '.join(format(r['clinic_assignments'], ',') for r in sc)} assignments: once per size, after "
              "the memory figures below were read, because that one request raised its worker's peak RSS to "
              + ", ".join(f"{r['big_list_peak_mb']:.0f} MB" for r in sc if "big_list_peak_mb" in r)
              + "." + "".join(f" At {size(r['target'])}: {r['big_list_note']}." for r in sc if "big_list_note" in r)
              + "\n")
        if "report_s" in sc[0] and len(sc) > 1:
            ratio = med(sc[-1]["report_s"]) / med(sc[0]["report_s"])
            rows.append((f"report at {size(sc[-1]['target'])} answers within 1.5× of at {size(sc[0]['target'])}",
                         f"{ratio:.2f}× ({med(sc[0]['report_s']) * 1000:.0f} → "
                         f"{med(sc[-1]['report_s']) * 1000:.0f} ms)",
                         ratio <= 1.5))
        if "stats_all_s" in sc[-1]:
            worst = max(med(sc[-1]["stats_all_s"]), med(sc[-1]["stats_http_s"]))
            rows.append((f"item statistics over {size(sc[-1]['target'])} answers ≤ 2 s",
                         f"{med(sc[-1]['stats_http_s']):.2f} s page, {med(sc[-1]['stats_all_s']):.2f} s all "
                         "answers in process", worst <= 2.0))
    if mem_load:
        w("## Memory (peak RSS per gunicorn worker, VmHWM)\n")
        w("| server | workers' peak RSS MB | current RSS MB |")
        w("|---|---|---|")
        for name, ms in mem_load.items():
            if ms:
                hwm = ", ".join(f"{m['hwm_mb']:.0f}" for m in ms)
                rss = ", ".join(f"{m['rss_mb']:.0f}" for m in ms)
                w(f"| {name} | {hwm} | {rss} |")
        w("")
        kib = argon2_kib()
        w("A clinician sign-in verifies an argon2id hash with the configured memory cost "
          f"(`PASSWORD_MEMORY_KIB`, {kib // 1024 if kib else '?'} MiB by default); the worker that served it keeps "
          "that peak in VmHWM although the memory is freed afterwards (compare current RSS).\n")
        if mem_load.get("quizapp after the load"):
            peak = max(m["hwm_mb"] for m in mem_load["quizapp after the load"])
            rows.append(("peak RSS per worker ≤ 80 MB (after the load)", f"{peak:.0f} MB", peak <= 80))
        if mem_load.get("quizapp after the scale runs"):
            peak = max(m["hwm_mb"] for m in mem_load["quizapp after the scale runs"])
            rows.append(("peak RSS per worker ≤ 80 MB (after the scale runs)", f"{peak:.0f} MB", peak <= 80))
    w("## Targets\n")
    w("| target | measured | result |")
    w("|---|---|---|")
    for name, measured, ok in rows:
        w(f"| {name} | {measured} | {verdict(ok)} |")
    w("")
    if notes:
        w("## Notes from this run\n")
        for n in notes:
            w(f"- {n}")
        w("")
    path.write_text("\n".join(L) + "\n")


def argon2_kib() -> int | None:
    """Return the app's default argon2id memory cost in KiB."""
    from quizapp import config
    return config.defaults(Path("."), Path(".")).get("PASSWORD_MEMORY_KIB")


def size(n: int) -> str:
    """Write 10000 as 10k and 1000000 as 1M."""
    return f"{n / 1e6:g}M" if n >= 1e6 else f"{n / 1e3:g}k"


def codes(rs: list[dict]) -> str:
    total: dict[str, int] = {}
    for r in rs:
        for k, v in r["codes"].items():
            total[k] = total.get(k, 0) + v
    errs = sum(sum(r["errors"].values()) for r in rs)
    return ", ".join(f"{k}×{v}" for k, v in sorted(total.items())) + (f", {errs} socket errors" if errs else "")


# --- main -------------------------------------------------------------------------------------

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers for both apps (default 2)")
    p.add_argument("--duration", type=int, default=None, help="seconds per wrk run (default 3, quick 2)")
    p.add_argument("--rounds", type=int, default=None, help="A B rounds per page (default 5, quick 1)")
    p.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    p.add_argument("--quick", action="store_true", help="a short run for development: 1 round of 2 s, "
                   "scale up to 100k; writes bench/out/RESULTS-quick.md instead of bench/RESULTS.md")
    p.add_argument("--skip-load", action="store_true", help="skip the load and page weight parts")
    p.add_argument("--skip-scale", action="store_true", help="skip the scale part")
    p.add_argument("--profile", action="store_true", help="instead of benchmarking, profile every page in "
                   "process with pyinstrument (must be installed) into bench/out/profile-*.txt")
    p.add_argument("--scales", default=None, help="answer counts to seed, comma-separated "
                   "(default 10000,100000,1000000; quick 10000,100000)")
    a = p.parse_args(argv)
    a.duration = a.duration or (2 if a.quick else 3)
    a.rounds = a.rounds or (1 if a.quick else 5)
    a.scales = [int(x) for x in (a.scales or ("10000,100000" if a.quick else "10000,100000,1000000")).split(",")]
    a.samples = 5 if a.quick else 15   # report and patient home: fast pages, many samples
    a.few = 3 if a.quick else 5         # assignment list and statistics: slow at 1M, fewer samples
    a.reserve = 0 if a.skip_scale else (40 if a.quick else 120)  # seconds kept for the scale part
    return a


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the servers are stopped on the way out
    OUT.mkdir(exist_ok=True)
    wrk = ensure_wrk()
    info = machine()
    clinician = (ROOT / "quizapp" / "clinician").is_dir()
    notes: list[str] = []
    if not clinician:
        notes.append("quizapp/clinician is not there yet: the report and statistics rows are missing.")
    load = weights = scale = None
    mem: dict[str, list] = {}
    with tempfile.TemporaryDirectory(prefix="quizbench-") as tmp_name:
        tmp = Path(tmp_name)
        if args.profile:
            setup = prepare_load(args.workers, tmp, clinician)
            try:
                profile_pages(setup, 300)
            finally:
                setup.app.__exit__()
                setup.bare.__exit__()
            return 0
        if not args.skip_load:
            log("load: starting quizapp and the bare app under gunicorn, creating people through HTTP")
            setup = prepare_load(args.workers, tmp, clinician)
            try:
                log("load: people ready")
                weights = weigh_pages(setup)
                load = run_load(setup, wrk, args)
                mem["quizapp after the patient walks, before any clinician sign-in"] = setup.before_login
                mem["quizapp after the load"] = setup.app.memory()
                mem["bare Flask after the load"] = setup.bare.memory()
                lost = check_integrity(setup.db_path)
                if lost:
                    notes.append(lost)
            finally:
                setup.app.__exit__()
                setup.bare.__exit__()
        if not args.skip_scale:
            log("scale: seeding and timing")
            scale = run_scale(args, tmp, clinician)
            mem["quizapp after the scale runs"] = scale.get("memory", [])
            if scale.get("skipped"):
                notes.append(scale["skipped"])
    elapsed = time.monotonic() - T0
    if code_fingerprint() != info["tree"]:
        notes.append("The code under quizapp/, templates/ or questions/ changed while this run was going: "
                     "servers started after the change measured the new code. Run again for clean figures.")
    target = OUT / "RESULTS-quick.md" if args.quick else BENCH / "RESULTS.md"
    (OUT / "results.json").write_text(json.dumps({"args": vars(args), "machine": info, "load": load,
                                                  "weights": weights, "scale": scale, "memory": mem}, indent=1,
                                                 default=str))
    write_results(target, args, info, load, weights, scale, mem, elapsed, notes)
    log(f"wrote {target.relative_to(ROOT)} (raw figures in bench/out/results.json)")
    return 0


def weigh_pages(setup: LoadSetup) -> list[dict]:
    """Weigh every page a patient or clinician opens, each as the person who would open it."""
    m0 = next(iter(setup.cat.modules.values()))
    q0 = m0.questions[0]
    port = setup.app.port
    fresh = Client(port)
    pages = [("home, first visit", fresh, "/"), ("home, returning patient", setup.done, "/"),
             ("glossary", fresh, "/glossary"), ("module overview", setup.done, f"/m/{m0.id}"),
             ("reading section", setup.reader, f"/m/{m0.id}/read/{m0.sections[0].id}"),
             ("question", setup.reader, f"/m/{m0.id}/q/{q0.id}"),
             ("feedback", setup.done, f"/m/{m0.id}/q/{q0.id}/feedback"),
             ("results", setup.done, f"/m/{m0.id}/results"), ("consult sheet (6 modules)", setup.done, "/sheet")]
    if setup.clinician:
        public_id = setup.report_path.rsplit("/", 1)[-1]
        pages += [("assignment link (welcome)", Client(port), setup.link),
                  ("clinician sign-in", Client(port), "/clinician/login"),
                  ("clinician assignments", setup.clinician, "/clinician/"),
                  ("clinician new assignment", setup.clinician, "/clinician/assignments/new"),
                  ("clinician report (2 people x 6 modules)", setup.clinician, setup.report_path),
                  ("clinician handout", setup.clinician, f"/clinician/assignments/{public_id}/handout")]
        if setup.clinician.get(f"{setup.report_path}/answers").status == 200:
            pages.append(("clinician, every answer (2 people x 6 modules)", setup.clinician,
                          f"{setup.report_path}/answers"))
    out = []
    for name, c, path in pages:
        pw = page_weight(c, path)
        pw["name"] = name
        out.append(pw)
    if setup.clinician:  # the statistics page shows one topic at a time: weigh each, keep the heaviest
        heaviest = max((page_weight(setup.clinician, f"/clinician/stats?module={m}")
                        for m in setup.cat.modules), key=lambda pw: pw.get("total", 0))
        heaviest["name"] = f"clinician question statistics (heaviest: `{heaviest['path'].rsplit('/', 1)[-1]}`)"
        out.append(heaviest)
    log("page weight: " + ", ".join(f"{p['name']} {p.get('total', 0) / 1024:.1f} KB/{p.get('requests')}"
                                    for p in out))
    return out


def profile_pages(setup: LoadSetup, n: int) -> None:
    """Profile each page in this process with pyinstrument (same database and people as the load runs)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("--profile needs pyinstrument: .venv/bin/pip install pyinstrument")
    for k, v in setup.app.env.items():
        if k.startswith("QUIZAPP_"):
            os.environ[k] = v
    from quizapp import create_app
    app = create_app()
    _, writers = writer_lines(setup, n)
    lines = {t.name: t for t in load_targets(setup, n)}
    lines["answer POST (new answers)"].lines = writers
    summary = []
    for name, t in lines.items():
        reqs = [ln.split("\t") for ln in t.lines if ln.startswith("1\t")]
        client = app.test_client(use_cookies=False)

        def send(i):
            _, method, path, cookie, body = reqs[i % len(reqs)]
            r = client.open(path, method=method, headers={"Cookie": cookie}, data=body or None,
                            content_type="application/x-www-form-urlencoded" if body else None)
            if r.status_code != t.expect:
                raise RuntimeError(f"{name}: {r.status_code}")
        count = n if "report" not in name else max(10, n // 10)
        offset = 0
        if not t.writes:
            send(0)
        profiler = Profiler(interval=0.0002)
        started = time.perf_counter()
        profiler.start()
        for i in range(count):
            send(offset + i)
        profiler.stop()
        per = (time.perf_counter() - started) / count * 1000
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        (OUT / f"profile-{slug}.txt").write_text(profiler.output_text(unicode=False, color=False))
        (OUT / f"profile-{slug}.html").write_text(profiler.output_html())
        summary.append(f"{name}: {per:.2f} ms/request in process (profiler on) -> bench/out/profile-{slug}.txt")
    print("\n".join(summary))


def check_integrity(db_path: Path) -> str | None:
    """After the load: no duplicate answers and an intact database file."""
    with sqlite3.connect(db_path, timeout=30) as conn:
        dupes = conn.execute("select count(*) from (select 1 from answer group by attempt_id, question_id, round "
                             "having count(*) > 1)").fetchone()[0]
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if dupes or ok != "ok":
        return f"database after the load: {dupes} duplicated answers, integrity check {ok!r}"
    return None


if __name__ == "__main__":
    sys.exit(main())
