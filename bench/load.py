"""The load part's set-up: three servers (quizapp, the floor app, bare Flask), the people each page needs,
and the targets wrk drives, each with the floor it is compared with."""
from __future__ import annotations

import datetime as dt
import random
import secrets
import sqlite3
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import floor
import seed
from harness import BENCH, Client, Server, start
from people import create_clinician, forge_cookie, join, new_assignment, pick, sign_in, walk_module
from wrk import THREADS, Target, request_line, same_for_all

FLOOR_GET, FLOOR_POST, BARE = "floor GET", "floor POST", "bare Flask"
CLINICIAN = "bench@example.org"
# Sign-in is timed 20 times, and every reader starts or joins, from one address: limits this high never refuse,
# yet every try is still counted.
LIMITS = {"QUIZAPP_LOGIN_LIMIT": "100000", "QUIZAPP_LOGIN_LIMIT_PER_ACCOUNT": "100000",
          "QUIZAPP_LOGIN_LIMIT_PER_ADDRESS": "100000", "QUIZAPP_START_LIMIT": "100000",
          "QUIZAPP_JOIN_LIMIT_PER_ASSIGNMENT": "100000"}


@dataclass
class LoadSetup:
    """The running servers, their databases and the people whose cookies the load runs send."""
    app: Server
    floor: Server
    bare: Server
    db_path: Path
    secret: str
    cat: object
    cookie_name: str = ""
    floor_lines: dict = field(default_factory=dict)
    done: Client | None = None      # has finished every topic (with retries)
    reader: Client | None = None    # partway through the first topic
    clinician: Client | None = None
    report_path: str | None = None
    link: str | None = None
    before_login: list = field(default_factory=list)

    def servers(self) -> list[Server]:
        """Every server this set-up started."""
        return [self.app, self.floor, self.bare]


def app_env(tmp: Path, name: str, secret: str) -> dict:
    """Environment for quizapp in production mode on a database of its own in the temporary folder.

    Every server shares one instance folder, so each starts from the checked catalogue the first
    command (create-clinician) left there, as a deployment does after `init-db`.
    """
    return {"QUIZAPP_DATABASE_URL": f"sqlite:///{tmp / name}", "QUIZAPP_SECRET_KEY": secret,
            "QUIZAPP_INSTANCE_PATH": str(tmp / "instance"), "QUIZAPP_ENV_NAME": "production",
            "QUIZAPP_PUBLIC_BASE_URL": "https://learn.example.org"}


def answer_count(db_path: Path) -> int:
    """Count stored answers (read-only, beside the running server)."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute("select count(*) from answer").fetchone()[0]


def start_servers(workers: int, tmp: Path) -> LoadSetup:
    """Start quizapp, the floor app and bare Flask under the same gunicorn settings, each on fresh data."""
    from quizapp import migrations
    secret = secrets.token_hex(32)
    env = {**app_env(tmp, "load.sqlite", secret), **LIMITS}
    migrations.upgrade(env["QUIZAPP_DATABASE_URL"])
    create_clinician(env, CLINICIAN)
    floor_secret, floor_person = secrets.token_hex(32), secrets.token_urlsafe(16)
    floor_env = {"FLOOR_DATABASE_URL": f"sqlite:///{tmp / 'floor.sqlite'}", "FLOOR_SECRET_KEY": floor_secret}
    floor.init_db(floor_env["FLOOR_DATABASE_URL"], floor_person)
    servers = []
    try:
        for name, spec, server_env, chdir in (("app", "quizapp:create_app()", env, None),
                                              ("floor", "floor:create_app()", floor_env, BENCH),
                                              ("bare", "bare:app", {}, BENCH)):
            servers.append(start(name, spec, server_env, workers, chdir))
    except BaseException:
        for s in servers:
            s.__exit__()
        raise
    setup = LoadSetup(*servers, db_path=tmp / "load.sqlite", secret=secret, cat=seed.load_content())
    cookie, token = forge_cookie(floor_secret, floor.COOKIE, floor_person)
    body = urllib.parse.urlencode({"csrf_token": token, "choice": "one", "confidence": "sure"})
    setup.floor_lines = {FLOOR_GET: same_for_all("GET", "/", cookie),
                         FLOOR_POST: same_for_all("POST", "/", cookie, body)}
    return setup


def prepare_load(workers: int, tmp: Path) -> LoadSetup:
    """Start the servers and create, through HTTP, the people every page needs."""
    setup = start_servers(workers, tmp)
    try:
        port, rng = setup.app.port, random.Random(1)
        mods = list(setup.cat.modules.values())
        setup.done = Client(port)
        for m in mods:
            walk_module(setup.done, m, rng)
        setup.cookie_name = next(iter(setup.done.cookies))
        setup.reader = reader = Client(port)  # has answered the first question: mid-topic, the usual state
        m0, q0 = mods[0], mods[0].questions[0]
        page = reader.expect("GET", f"/m/{m0.id}", 200)
        reader.expect("POST", f"/m/{m0.id}/start", 303, {"csrf_token": Client.token(page.text)})
        reader.expect("GET", f"/m/{m0.id}/read/{m0.sections[0].id}", 200)
        page = reader.expect("GET", f"/m/{m0.id}/q/{q0.id}", 200)
        reader.expect("POST", f"/m/{m0.id}/q/{q0.id}", 303, {"csrf_token": Client.token(page.text),
                                                             "choice": q0.correct_choice.id, "confidence": "sure"})
        setup.before_login = setup.app.memory()
        setup.clinician = sign_in(port, CLINICIAN)
        setup.report_path, setup.link = new_assignment(setup.clinician, [m.id for m in mods])
        for role in ("patient", "caregiver"):
            person = join(port, setup.link, role)
            for m in mods:
                walk_module(person, m, rng)
    except BaseException:
        for s in setup.servers():
            s.__exit__()
        raise
    return setup


def writer_lines(setup: LoadSetup, per_run: int) -> tuple[str, list[str]]:
    """Fresh people, each partway through every topic, and one request per (person, topic).

    Each attempt is seeded with k answers (k random, 0 to all but one), as earlier requests would have
    stored them; its one request answers question k+1. No request depends on another one having been
    stored first, so every request is a first answer and must add exactly one row. Returns the request
    to check by HTTP before the run and the lines for wrk.
    """
    mods = list(setup.cat.modules.values())
    people = max(10 * THREADS, -(-per_run // len(mods)))
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
        cookie, tok = forge_cookie(setup.secret, setup.cookie_name, public_id)
        for q in nxt:
            body = urllib.parse.urlencode({"csrf_token": tok, "choice": pick(q, rng), "confidence": "sure"})
            lines.append(request_line(i % THREADS + 1, "POST", f"/m/{q.module_id}/q/{q.id}", cookie, body))
    rng.shuffle(lines)  # topics and people in no particular order
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


def load_targets(setup: LoadSetup, per_run: int) -> list[Target]:
    """The three references, then every page under load, each with the person who would open it."""
    m0 = next(iter(setup.cat.modules.values()))
    q0, q1 = m0.questions[0], m0.questions[1]
    done, reader = setup.done.cookie, setup.reader.cookie
    refs = [Target(FLOOR_GET, setup.floor_lines[FLOOR_GET], 200, server="floor"),
            Target(FLOOR_POST, setup.floor_lines[FLOOR_POST], 303, server="floor", writes=True),
            Target(BARE, same_for_all("GET", "/"), 200, server="bare")]
    pages = [("home page", "/", done), ("topic page", f"/m/{m0.id}", reader),
             ("reading section", f"/m/{m0.id}/read/{q1.section_id}", reader),
             ("question page", f"/m/{m0.id}/q/{q1.id}", reader),
             ("feedback page", f"/m/{m0.id}/q/{q0.id}/feedback", done),
             ("results page", f"/m/{m0.id}/results", done), ("consult sheet", "/sheet", done)]
    targets = refs + [Target(name, same_for_all("GET", path, cookie), 200, floor=FLOOR_GET)
                      for name, path, cookie in pages]
    targets.append(Target("clinician report (2 people x 6 topics)",
                          same_for_all("GET", setup.report_path, setup.clinician.cookie), 200, floor=FLOOR_GET))
    targets.append(Target("answer POST", [], 303, floor=FLOOR_POST, writes=True,
                          make_lines=lambda: writer_lines(setup, per_run)))
    return targets


def check_integrity(db_path: Path) -> str | None:
    """After the load: no duplicate answers and an intact database file."""
    with sqlite3.connect(db_path, timeout=30) as conn:
        dupes = conn.execute("select count(*) from (select 1 from answer group by attempt_id, question_id, round "
                             "having count(*) > 1)").fetchone()[0]
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if dupes or ok != "ok":
        return f"database after the load: {dupes} duplicated answers, integrity check {ok!r}"
    return None
