"""Benchmark quizapp against the floor of its own stack, on loopback only, and write RESULTS.md with every target.

    .venv/bin/python bench/run.py             # full run, under 10 minutes on 2 cores; rewrites bench/RESULTS.md
    .venv/bin/python bench/run.py --quick     # about 2 minutes; writes bench/out/RESULTS-quick.md instead
    .venv/bin/python bench/run.py --profile   # only pyinstrument profiles of every target into bench/out/

1. Load (load.py, rounds.py): quizapp, the floor app (floor.py) and bare Flask (bare.py) under the same
   gunicorn settings, each on fresh SQLite; wrk drives every target with one script (requests.lua), every
   page beside its floor in each round. Then sign-in timing (signin.py) on the same server.
2. Page weight (weight.py): bytes of HTML, CSS and JS and the requests a first visit makes, for every page.
3. Scale (scale.py): 10k, 100k and 1M answers seeded straight into the schema (seed.py); the clinician
   report and the question statistics timed through HTTP, the sizes interleaved.
4. Memory: peak RSS (VmHWM) of every gunicorn worker after the load, and after the scale runs.
5. Any page that misses its target is profiled in process (profiling.py) and its split by layer reported.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
import time
from pathlib import Path

from harness import BENCH, OUT, T0, log
from load import check_integrity, prepare_load
from report import code_fingerprint, machine, missed_pages, write_results
from rounds import run_load, summarise
from scale import run_scale
from signin import time_sign_in
from weight import weigh_pages
from wrk import ensure_wrk

PROFILE_REQUESTS = 200


def parse_args(argv=None):
    """Read the options; --quick picks shorter runs for development."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers for every server (default 2)")
    p.add_argument("--duration", type=int, default=None, help="seconds per wrk run (default 3, quick 2)")
    p.add_argument("--rounds", type=int, default=None, help="rounds of every target (default 5, quick 1)")
    p.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    p.add_argument("--quick", action="store_true", help="a short run for development: 1 round of 2 s, scale up to "
                   "100k; writes bench/out/RESULTS-quick.md instead of bench/RESULTS.md")
    p.add_argument("--skip-load", action="store_true", help="skip the load, sign-in and page weight parts")
    p.add_argument("--skip-scale", action="store_true", help="skip the scale part")
    p.add_argument("--profile", action="store_true", help="instead of benchmarking, profile every target in "
                   "process with pyinstrument into bench/out/profile-*.txt")
    p.add_argument("--out", type=Path, default=None, help="where to write the results (default bench/RESULTS.md, "
                   "quick bench/out/RESULTS-quick.md)")
    p.add_argument("--scales", default=None, help="answer counts to seed, comma-separated "
                   "(default 10000,100000,1000000; quick 10000,100000)")
    a = p.parse_args(argv)
    a.duration = a.duration or (2 if a.quick else 3)
    a.rounds = a.rounds or (1 if a.quick else 5)
    a.scales = [int(x) for x in (a.scales or ("10000,100000" if a.quick else "10000,100000,1000000")).split(",")]
    a.samples = 5 if a.quick else 15   # report and patient home: fast pages, many samples
    a.few = 3 if a.quick else 5         # assignment list and statistics: slow at 1M, fewer samples
    a.tries = 8 if a.quick else 20      # sign-in tries of each kind
    a.reserve = 0 if a.skip_scale else (40 if a.quick else 120)  # seconds kept for the scale part
    return a


def load_part(args, wrk: str, tmp: Path, out: dict, notes: list[str]) -> None:
    """Page weight, the load rounds, sign-in timing, memory and, for any page that missed, its profile."""
    log("load: starting quizapp, the floor app and bare Flask under gunicorn, creating people through HTTP")
    setup = prepare_load(args.workers, tmp)
    try:
        log("load: people ready")
        out["weights"] = weigh_pages(setup)
        out["load"] = run_load(setup, wrk, args)
        out["load_rows"] = summarise(out["load"])
        out["signin"] = time_sign_in(setup, args.tries)
        out["memory"] = {"quizapp after the patient walks, before any clinician sign-in": setup.before_login,
                         "quizapp after the load": setup.app.memory(),
                         "floor app after the load": setup.floor.memory(),
                         "bare Flask after the load": setup.bare.memory()}
        broken = check_integrity(setup.db_path)
        if broken:
            notes.append(broken)
        missed = missed_pages(out["load_rows"])
        if missed:
            from profiling import profile_pages
            log(f"profiling what missed: {', '.join(sorted(missed))}")
            out["profiles"] = profile_pages(setup, PROFILE_REQUESTS, missed)
    finally:
        for server in setup.servers():
            server.__exit__()


def main(argv=None) -> int:
    """Run every part, then write the results."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the servers are stopped on the way out
    OUT.mkdir(exist_ok=True)
    wrk = ensure_wrk()
    info = machine()
    notes: list[str] = []
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="quizbench-") as tmp_name:
        tmp = Path(tmp_name)
        if args.profile:
            from profiling import profile_pages
            setup = prepare_load(args.workers, tmp)
            try:
                profile_pages(setup, 300)
            finally:
                for server in setup.servers():
                    server.__exit__()
            return 0
        if not args.skip_load:
            load_part(args, wrk, tmp, out, notes)
        if not args.skip_scale:
            log("scale: seeding and timing")
            out["scale"] = run_scale(args, tmp)
            out.setdefault("memory", {})["quizapp after the scale runs"] = out["scale"].get("memory", [])
            if out["scale"].get("skipped"):
                notes.append(out["scale"]["skipped"])
    elapsed = time.monotonic() - T0
    if code_fingerprint() != info["tree"]:
        notes.append("The code under quizapp/, templates/ or questions/ changed while this run was going: "
                     "servers started after the change measured the new code. Run again for clean figures.")
    target = (args.out or (OUT / "RESULTS-quick.md" if args.quick else BENCH / "RESULTS.md")).resolve()
    (OUT / "results.json").write_text(json.dumps({"args": vars(args), "machine": info, **out}, indent=1, default=str))
    write_results(target, args, info, out, elapsed, notes)
    log(f"wrote {target} (raw figures in bench/out/results.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
