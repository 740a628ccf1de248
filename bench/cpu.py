"""CPU time per request of every load target, in process, for comparing code changes on a busy machine.

    .venv/bin/python bench/cpu.py                  # 9 rounds of 40 requests per target
    .venv/bin/python bench/cpu.py --rounds 15 --json bench/out/cpu-new.json
    .venv/bin/python bench/cpu.py --rounds 1 --cprofile "consult sheet"   # then the functions that cost most

The same people and requests as the load runs (load.py); each request goes through Flask's test client,
and only the app's own WSGI call is timed, in CPU time of this thread (`time.thread_time`), which other
work on the machine moves much less than wall time. Rounds visit every target in turn, the floor app
included, and the table gives each target's median over rounds, and the floor's over the page's. Run the
old and the new code at the same moment (two checkouts, two processes) to compare a change.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness import log
from load import load_targets, prepare_load, writer_lines
from profiling import in_process_app


class Timed:
    """A WSGI app wrapper that adds up the CPU time spent inside the wrapped app."""

    def __init__(self, app):
        self.app, self.spent = app, 0.0

    def __call__(self, environ, start_response):
        began = time.thread_time()
        try:
            body = self.app(environ, start_response)
            return [b"".join(body)]  # the app's own response iteration counts too
        finally:
            self.spent += time.thread_time() - began


def send(client, expect: int, line: str) -> None:
    """Send one request line as wrk would, and check its status."""
    _, method, path, cookie, body = line.split("\t")
    r = client.open(path, method=method, headers={"Cookie": cookie, "Accept-Encoding": "gzip, deflate, br"},
                    data=body or None, content_type="application/x-www-form-urlencoded" if body else None)
    if r.status_code != expect:
        raise RuntimeError(f"{path}: {r.status_code}")


def measure(setup, rounds: int, per_round: int, only: set[str] | None) -> dict[str, list[float]]:
    """CPU ms per request of every target, one figure per round."""
    app, floor_app = in_process_app(setup)
    timers = {"app": Timed(app.wsgi_app), "floor": Timed(floor_app.wsgi_app)}
    app.wsgi_app, floor_app.wsgi_app = timers["app"], timers["floor"]
    clients = {"app": app.test_client(use_cookies=False), "floor": floor_app.test_client(use_cookies=False)}
    targets = [t for t in load_targets(setup, per_round) if t.server != "bare"
               and (not only or t.name in only or not t.floor)]
    writes = {t.name: writer_lines(setup, per_round * (rounds + 1))[1] for t in targets if t.make_lines}
    for t in targets:  # compile templates and fill caches, as a running worker has
        send(clients[t.server], t.expect, (writes.get(t.name) or t.lines).pop() if t.make_lines else t.lines[0])
    out: dict[str, list[float]] = {t.name: [] for t in targets}
    for r in range(rounds):
        for t in (targets if r % 2 == 0 else targets[::-1]):
            timer, client = timers[t.server], clients[t.server]
            lines = writes.get(t.name) or t.lines
            timer.spent = 0.0
            for i in range(per_round):
                send(client, t.expect, lines.pop() if t.make_lines else lines[i % len(lines)])
            out[t.name].append(timer.spent / per_round * 1000)
        log(f"round {r + 1} of {rounds}")
    return out


def top_functions(setup, name: str, n: int = 200) -> None:
    """Print the 25 functions with the most own time over n requests of one target."""
    import cProfile
    import pstats
    app, floor_app = in_process_app(setup)
    t = next(t for t in load_targets(setup, n) if t.name == name)
    lines = writer_lines(setup, n + 1)[1] if t.make_lines else t.lines
    client = (floor_app if t.server == "floor" else app).test_client(use_cookies=False)
    send(client, t.expect, lines[0])
    prof = cProfile.Profile()
    prof.enable()
    for i in range(n):
        send(client, t.expect, lines[(i + 1) % len(lines)])
    prof.disable()
    print(f"\n## {name}: {n} requests")
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def table(figures: dict[str, list[float]], floors: dict[str, str]) -> str:
    """A Markdown table: median CPU ms per request, and the floor's over the page's."""
    rows = ["| target | CPU ms/request (median) | spread (min-max) | floor / page (median of rounds) |",
            "|---|---:|---:|---:|"]
    for name, xs in figures.items():
        med = statistics.median(xs)
        floor = floors.get(name)
        share = (f"{statistics.median(f / x for f, x in zip(figures[floor], xs, strict=True)):.0%}"  # round by round
                 if floor in figures else "")
        rows.append(f"| {name} | {med:.3f} | {min(xs):.3f}-{max(xs):.3f} | {share} |")
    return "\n".join(rows)


def main(argv=None) -> int:
    """Set up the people through HTTP (as the load runs do), then time every target in process."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=9)
    p.add_argument("--requests", type=int, default=40, help="requests per target per round")
    p.add_argument("--only", default="", help="comma-separated target names (their floors are always timed)")
    p.add_argument("--json", type=Path, default=None, help="also write the figures per round here")
    p.add_argument("--cprofile", default="", help="comma-separated target names: after timing, print the functions "
                   "that cost most in 200 requests of each (cProfile, own time)")
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="quizcpu-") as tmp:
        setup = prepare_load(1, Path(tmp))
        try:
            for server in setup.servers():  # everything below runs in this process
                server.__exit__()
            log("people ready; timing in process")
            figures = measure(setup, a.rounds, a.requests, set(filter(None, a.only.split(","))))
            for name in filter(None, a.cprofile.split(",")):
                top_functions(setup, name)
        finally:
            for server in setup.servers():
                server.__exit__()
    floors = {t.name: t.floor for t in load_targets(setup, 1) if t.floor}
    print(table(figures, floors))
    if a.json:
        a.json.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
