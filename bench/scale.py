"""Scale: 10k, 100k and 1M answers seeded straight into the schema, each size on its own server, timed in turn.

Every sample visits the sizes in turn (10k, 100k, 1M, 10k, ...), so a burst of other work on the machine
hits every size alike. The clinician report must stay flat as the data grows, and the question
statistics must stay fast at the largest size.
"""
from __future__ import annotations

import http.client
import os
import secrets
import shutil
import time
from pathlib import Path

import seed
from harness import T0, Client, Server, log, start
from load import app_env
from people import create_clinician, forge_cookie, sign_in
from rounds import BUDGET_S
from tables import med, size

APP_COOKIE = "__Host-quizapp"  # the session cookie's name in production


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


def rebuild_tally(env: dict) -> float:
    """Recount derived statistics after a bulk import, with the app's own function when it has one.

    Seeding writes answers straight into the tables, past the code that keeps running counts up to date;
    `store.stats.rebuild_item_tally` is what an operator runs after a bulk import (`item-stats --recount`).
    Returns the seconds it took.
    """
    from quizapp import db
    from quizapp.store import stats
    app = stats_apps([env])[0]
    with app.app_context():
        t = time.perf_counter()
        db.write(stats.rebuild_item_tally)
        took = time.perf_counter() - t
        db.close_session()
    app.extensions["db"].engine.dispose()
    return took


def stats_in_process(app) -> tuple[float, int]:
    """Time `stats.counts_with_versions(s)` + `itemstats.compute` (what `flask item-stats` does) once."""
    from quizapp import db, itemstats
    from quizapp.content import catalogue
    from quizapp.store.stats import counts_with_versions
    with app.app_context():
        t = time.perf_counter()
        stats = itemstats.compute(catalogue(), *counts_with_versions(db.session()))
        took = time.perf_counter() - t
        db.close_session()
    return took, sum(q.answered for q in stats)


def count_answers(conn, clinician_id: int, first_only: bool = False) -> int:
    """Count one clinician's people's answers (first tries only, if asked)."""
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
    for (row, _), server, (_, _, them) in zip(sizes, servers, people, strict=True):
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


def run_scale(args, tmp: Path) -> dict:
    """Seed a database up to each size (keeping a copy of each), then time them all interleaved.

    One server per size runs at the same time, and every sample visits the sizes in turn (10k, 100k, 1M,
    10k, ...), so a burst of load from elsewhere on the machine hits every size alike.
    """
    from quizapp import migrations
    db_path = tmp / "scale.sqlite"
    migrations.upgrade(f"sqlite:///{db_path}")
    secret = secrets.token_hex(32)

    def env_for(path: Path, n: int) -> dict:
        """The app's environment for one size's copy of the database."""
        return {**app_env(tmp, f"scale-{n}", secret), "QUIZAPP_DATABASE_URL": f"sqlite:///{path}"}
    create_clinician(env_for(db_path, 0), "mine@example.org")    # the measured report, ~1 % of the rest
    create_clinician(env_for(db_path, 0), "clinic@example.org")  # every other assignment
    s = seed.Seeder(db_path)
    ids = dict(s.conn.execute("select email, id from clinician"))
    mine, clinic = ids["mine@example.org"], ids["clinic@example.org"]
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
        log(f"scale: {total} answers seeded in {seeded:.1f} s, running counts rebuilt in {tally:.1f} s")
    s.close()
    servers: list[Server] = []
    try:
        people = []
        for row, env in sizes:
            server = start(f"scale-{row['target']}", "quizapp:create_app()", env, args.workers)
            servers.append(server)
            patient = Client(server.port)
            patient.cookies = dict([forge_cookie(secret, APP_COOKIE, patient_pid)[0].split("=", 1)])
            people.append((patient, sign_in(server.port, "mine@example.org"),
                           sign_in(server.port, "clinic@example.org")))
        warm = 2 * args.workers
        plan = [("patient_home_s", 0, "/", args.samples),
                ("report_s", 1, f"/clinician/assignments/{report_public_id}", args.samples),
                ("list_s", 1, "/clinician/", args.few), ("stats_http_s", 2, "/clinician/stats", args.few)]
        for key, who, path, n in plan:
            for (row, _), clients in zip(sizes, people, strict=True):
                timed(clients[who], path, 0, warm)
                row[key] = []
            for _ in range(n):
                for (row, _), clients in zip(sizes, people, strict=True):
                    row[key] += timed(clients[who], path, 1, 0)
            log(f"scale: {key[:-2]} " + ", ".join(f"{size(r['target'])} {med(r[key]) * 1000:.0f} ms"
                                                   for r, _ in sizes))
        apps = stats_apps([env for _, env in sizes])
        for (row, _), app in zip(sizes, apps, strict=True):
            stats_in_process(app)  # warm-up
            row["stats_all_s"] = []
        for _ in range(args.few):
            for (row, _), app in zip(sizes, apps, strict=True):
                took, row["stats_all_answers"] = stats_in_process(app)
                row["stats_all_s"].append(took)
        for app in apps:
            app.extensions["db"].engine.dispose()
        log("scale: stats over every answer " + ", ".join(
            f"{size(r['target'])} {med(r['stats_all_s']) * 1000:.0f} ms" for r, _ in sizes))
        out["memory"] = servers[-1].memory() if servers else []
        big_list(sizes, servers, people, out)
    finally:
        for server in servers:
            server.__exit__()
    return out
