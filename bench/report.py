"""RESULTS.md: the machine, the load against the floors, sign-in timing, then every target with pass or fail."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import sqlite3
import subprocess
from pathlib import Path

import tables
from harness import BENCH, ROOT
from signin import HIGH, LOW
from wrk import THREADS

PAGE_SHARE, POST_SHARE, P99_MS = 0.85, 0.85, 25.0  # the targets
P99_PAGES = ("question page", "answer POST")
PATIENT_PAGES = ("home page", "topic page", "reading section", "question page", "feedback page", "results page",
                 "consult sheet")


def machine() -> dict:
    """Describe the machine and the software measured."""
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next((int(ln.split()[1]) // 1024 for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), 0)
    wrk_v = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    head = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "quizapp", "templates",
                            "questions", "bench", "setup.cfg"], capture_output=True, text=True)
    from importlib.metadata import version
    return {"cores": os.cpu_count(), "cpu": cpu, "mem_mb": mem, "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "flask": version("flask"), "gunicorn": version("gunicorn"),
            "sqlalchemy": version("sqlalchemy"), "wrk": (wrk_v.stdout + wrk_v.stderr).split("\n")[0].strip(),
            "kernel": platform.release(), "commit": head.stdout.strip(),
            "dirty": [ln[3:] for ln in dirty.stdout.splitlines()], "tree": code_fingerprint()}


def code_fingerprint() -> str:
    """Hash the code being measured (commit and uncommitted edits), to notice edits during a run."""
    diff = subprocess.run(["git", "-C", str(ROOT), "diff", "HEAD", "--", "quizapp", "templates", "questions"],
                          capture_output=True)
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True)
    return hashlib.sha1(head.stdout + diff.stdout).hexdigest()[:12]


def header(args, info: dict, elapsed: float) -> list[str]:
    """Title, when and how long, the machine, the code and the settings."""
    return [
        "# Benchmark results\n",
        f"Written by `bench/run.py`{' --quick' if args.quick else ''} on "
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} in {elapsed / 60:.1f} minutes. Rewritten on every "
        "run; compare figures only within one file.\n",
        f"Machine: {info['cores']} cores ({info['cpu']}), {info['mem_mb']} MB RAM, Linux {info['kernel']}; Python "
        f"{info['python']}, Flask {info['flask']}, SQLite {info['sqlite']}, SQLAlchemy {info['sqlalchemy']}, "
        f"gunicorn {info['gunicorn']}, {info['wrk']}.\n",
        f"Code: commit `{info['commit']}`, {dirty(info['dirty'])}.\n",
    ]


def dirty(paths: list[str]) -> str:
    """Say whether the measured tree had uncommitted changes, naming the first few."""
    if not paths:
        return "no uncommitted changes"
    more = f" and {len(paths) - 6} more" if len(paths) > 6 else ""
    return f"with uncommitted changes in {', '.join(paths[:6])}{more}"


def load_section(args, rows: list[dict]) -> list[str]:
    """The load table: every page beside its floor, and the references themselves."""
    L = ["## Load: each page against the floor of our own stack\n",
         f"Three servers under the same gunicorn settings (`--no-control-socket -k sync -w {args.workers}`, "
         "127.0.0.1), each on its own fresh SQLite file (WAL, synchronous=NORMAL): quizapp "
         "(`QUIZAPP_ENV_NAME=production`), the floor app (`bench/floor.py`: its GET reads the signed session "
         "cookie, renders a Flask-WTF CSRF token, runs one SQLAlchemy select and renders a compiled Jinja "
         "template of about 3 KB; its POST validates a CSRF token, inserts one row and commits) and bare Flask "
         f"(`bench/bare.py`). wrk `-t{THREADS} -c{args.connections} -d{args.duration}s` with `bench/requests.lua` "
         f"for every target, {args.rounds} round(s). A round runs the floor GET, bare Flask, half the pages, the "
         "floor GET again, the other half, then the floor POST, the answer POST and the floor POST again; odd rounds "
         "run backwards. "
         "`share of floor` is the page's req/s over the mean of its floor's runs in the same round (median over "
         "rounds); `by CPU` is the floor's CPU per request (gunicorn workers, `/proc/<pid>/stat`) over the "
         "page's, which other work on the machine moves less. wrk shares the cores with the servers, so "
         "absolute req/s is low; compare ratios.\n",
         "| target | compared with | req/s (median) | p50 ms | p99 ms | CPU ms/request | share of floor "
         "(req/s) | share of floor (by CPU) | share of bare Flask | status codes (all runs) |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        share = f"{r['ratio']:.0%}" if "ratio" in r else ""
        cpu_share = f"{r['cpu_ratio']:.0%}" if "cpu_ratio" in r else ""
        L.append(f"| {r['name']} | {r['floor'] or '—'} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
                 f"{r['cpu_ms']:.2f} | {share} | {cpu_share} | {r['bare_ratio']:.0%} | {r['codes']} |")
    L.append("\nPer round (req/s, and the share of the round's floor): " + "; ".join(
        f"{r['name']}: " + ", ".join(per_round(r)) for r in rows) + ".\n")
    L.append("The people: the home page, feedback, results and consult sheet are opened by someone who finished "
             "every topic (with retries); the topic page, reading section and question page by someone partway "
             "through the first topic (the reading is a section they have opened before, so no visit is "
             "written). The clinician report covers 2 people x 6 topics. The answer POST sends every request as a "
             "first answer that must add a row: before each run, fresh people are seeded with every topic started "
             "and k of its questions answered, each with their own signed cookie and CSRF token, and each "
             "(person, topic) gets one request, for question k+1. One such request is checked by HTTP first. "
             "The answer rows are counted around every run: at least one new row per 303 that wrk read, no "
             "wrap-around. Sign-in limits are raised for this server only, so the 60 timed sign-ins below are "
             "never refused (each is still counted).\n")
    return L


def per_round(r: dict) -> list[str]:
    """A target's req/s in each round, with its share of that round's floor when it has one."""
    if "round_ratios" not in r:
        return [f"{x:.0f}" for x in r["per_round"]]
    return [f"{x:.0f} ({q:.0%})" for x, q in zip(r["per_round"], r["round_ratios"], strict=True)]


def load_targets(rows: list[dict]) -> list[tuple]:
    """Pass or fail of the load targets."""
    by = {r["name"]: r for r in rows}
    out = []
    for name in PATIENT_PAGES:
        r = by.get(name)
        if r:
            out.append((f"{name} ≥ {PAGE_SHARE:.0%} of the floor GET (req/s)",
                        f"{r['ratio']:.0%} (by CPU {r['cpu_ratio']:.0%})",
                        r["ratio"] >= PAGE_SHARE and not r["unexpected"]))
    r = by.get("answer POST")
    if r:
        out.append((f"answer POST ≥ {POST_SHARE:.0%} of the floor POST (req/s), every answer stored",
                    f"{r['ratio']:.0%} (by CPU {r['cpu_ratio']:.0%}); {r['requests']} responses, {r['stored']} new "
                    f"rows, {r['lost']} missing", r["ratio"] >= POST_SHARE and r["writes_ok"] and not r["unexpected"]))
    for name in P99_PAGES:
        if name in by:
            out.append((f"{name}: p99 ≤ {P99_MS:.0f} ms at -c16", f"{by[name]['p99_ms']:.1f} ms (median of rounds)",
                        by[name]["p99_ms"] <= P99_MS))
    return out


def missed_pages(rows: list[dict]) -> set[str]:
    """The targets that missed a share or a p99 target: the ones worth a profile."""
    share = {name: PAGE_SHARE for name in PATIENT_PAGES} | {"answer POST": POST_SHARE}
    return ({r["name"] for r in rows if r["name"] in share and r["ratio"] < share[r["name"]]}
            | {r["name"] for r in rows if r["name"] in P99_PAGES and r["p99_ms"] > P99_MS})


def signin_section(s: dict) -> tuple[list[str], list[tuple]]:
    """Sign-in timing: the table and its target."""
    L = ["## Sign-in timing\n",
         f"Median of {s['tries']} tries each, one at a time, alternating; only the POST is timed.\n",
         "| sign-in | median ms |", "|---|---:|"]
    L += [f"| {k} | {v * 1000:.1f} |" for k, v in s.items() if k not in ("ratio", "tries")]
    L.append("")
    row = (f"sign-in: unknown email / known email (wrong password) between {LOW} and {HIGH}", f"{s['ratio']:.2f}",
           LOW <= s["ratio"] <= HIGH)
    return L, [row]


def verdict(ok: bool | None) -> str:
    """Bold pass or MISS."""
    return "n/a" if ok is None else ("**pass**" if ok else "**MISS**")


def write_results(path: Path, args, info: dict, r: dict, elapsed: float, notes: list[str]) -> None:
    """Rewrite RESULTS.md with the tables and the pass/fail of every target."""
    L = header(args, info, elapsed)
    targets: list[tuple] = []
    if r.get("load_rows"):
        L += load_section(args, r["load_rows"])
        targets += load_targets(r["load_rows"])
    if r.get("signin"):
        lines, rows = signin_section(r["signin"])
        L += lines
        targets += rows
    for part in (tables.weight_section(r.get("weights")), tables.scale_section(args, r.get("scale")),
                 tables.memory_section(r.get("memory"))):
        L += part[0]
        targets += part[1]
    L += ["## Targets\n", "| target | measured | result |", "|---|---|---|"]
    L += [f"| {name} | {measured} | {verdict(ok)} |" for name, measured, ok in targets]
    L.append("")
    if r.get("profiles"):
        L += tables.profile_section(r["profiles"])
    if any(ok is False for _, _, ok in targets):
        L += ["## What was tried\n", (BENCH / "TRIED.md").read_text()]
    if notes:
        L += ["## Notes from this run\n"] + [f"- {n}" for n in notes] + [""]
    path.write_text("\n".join(L) + "\n")
