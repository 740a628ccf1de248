"""The load runs: every target and its floor in one run, interleaved over rounds, and the ratios per round.

A round runs the floor GET, the bare app, half the pages, the floor GET again, the other half, then the
floor POST, the answer POST and the floor POST again; odd rounds run the same sequence backwards. Each
page is compared with the floor runs of its own round, so a burst of other work on the machine hits
page and floor alike.
"""
from __future__ import annotations

import time

from harness import T0, log
from load import BARE, FLOOR_GET, FLOOR_POST, LoadSetup, answer_count, check_writer, load_targets
from tables import med
from wrk import Target, run_wrk

BUDGET_S = 570  # stop adding rounds past this, so a whole run stays under 10 minutes


def sequence(targets: list[Target], rnd: int) -> list[Target]:
    """The order of one round: floors spread among the pages, the floor POST next to the answer POST."""
    by_name = {t.name: t for t in targets}
    pages = [t for t in targets if t.floor == FLOOR_GET]
    posts = [t for t in targets if t.floor == FLOOR_POST]
    half = len(pages) // 2
    seq = ([by_name[FLOOR_GET], by_name[BARE]] + pages[:half] + [by_name[FLOOR_GET]] + pages[half:]
           + [by_name[FLOOR_POST]] + posts + [by_name[FLOOR_POST]])
    return seq if rnd % 2 == 0 else seq[::-1]


def server_of(setup: LoadSetup, t: Target):
    """The server a target runs against."""
    return {"app": setup.app, "floor": setup.floor, "bare": setup.bare}[t.server]


def one_run(setup: LoadSetup, wrk: str, t: Target, args) -> dict:
    """Run wrk on one target, checking a fresh writer first and counting the answers stored."""
    if t.make_lines:
        checked, t.lines = t.make_lines()
        check_writer(setup, checked)
    counts = t.writes and t.server == "app"
    before = answer_count(setup.db_path) if counts else 0
    r = run_wrk(wrk, server_of(setup, t), t.lines, args.duration, args.connections, t.server)
    if counts:
        r["stored"] = answer_count(setup.db_path) - before
        # wrk counts the responses it read before stopping; up to one per connection more may have been
        # stored while it stopped. Fewer rows than responses would be lost answers.
        r["lost"] = max(0, r["requests"] - r["stored"])
        r["ok"] = r["requests"] <= r["stored"] <= r["requests"] + args.connections and not r["wrapped"]
    r["unexpected"] = sum(v for k, v in r["codes"].items() if int(k) != t.expect)
    return r


def run_load(setup: LoadSetup, wrk: str, args) -> dict:
    """Warm every GET target up, then run the rounds; keep every run with its round number."""
    per_run = 2500 * args.duration  # more answers than this in one run would wrap around (and be flagged)
    targets = load_targets(setup, per_run)
    log("warm-up: 1 s of wrk on each target but the answer POST")
    for t in targets:
        if not t.make_lines:
            run_wrk(wrk, server_of(setup, t), t.lines, 1, args.connections, "warm")
    runs: dict[str, list] = {t.name: [] for t in targets}
    started = time.monotonic()
    for rnd in range(args.rounds):
        took = (time.monotonic() - started) / rnd if rnd else 0
        if rnd and time.monotonic() - T0 + took + args.reserve > BUDGET_S:
            log(f"stopping after {rnd} rounds to stay inside the time budget")
            break
        for t in sequence(targets, rnd):
            r = one_run(setup, wrk, t, args)
            r["round"] = rnd
            runs[t.name].append(r)
            log(f"round {rnd + 1} {t.name}: {r['rps']:.0f} req/s, CPU {r['cpu_ms']:.2f} ms/req, "
                f"p50 {r['p50_us'] / 1000:.1f} ms, p99 {r['p99_us'] / 1000:.1f} ms, codes {r['codes']}"
                + (f", stored {r['stored']}" if "stored" in r else ""))
    return {"targets": [t.name for t in targets], "floors": {t.name: t.floor for t in targets}, "runs": runs}


def per_round(runs: list[dict], key: str) -> dict[int, float]:
    """Mean of a figure over one reference's runs, per round."""
    out: dict[int, list] = {}
    for r in runs:
        out.setdefault(r["round"], []).append(r[key])
    return {k: sum(v) / len(v) for k, v in out.items()}


def summarise(load: dict) -> list[dict]:
    """One row per target: medians over rounds, and the ratios to its floor and to bare Flask per round."""
    runs = load["runs"]
    ref = {name: (per_round(runs[name], "rps"), per_round(runs[name], "cpu_ms"))
           for name in (FLOOR_GET, FLOOR_POST, BARE)}
    rows = []
    for name in load["targets"]:
        rs, floor = runs[name], load["floors"].get(name)
        if not rs:
            continue
        row = {"name": name, "floor": floor, "rps": med([r["rps"] for r in rs]),
               "p50_ms": med([r["p50_us"] for r in rs]) / 1000, "p99_ms": med([r["p99_us"] for r in rs]) / 1000,
               "cpu_ms": med([r["cpu_ms"] for r in rs]), "requests": sum(r["requests"] for r in rs),
               "unexpected": sum(r["unexpected"] for r in rs), "codes": codes(rs),
               "per_round": [r["rps"] for r in rs],
               "bare_ratio": med([r["rps"] / ref[BARE][0][r["round"]] for r in rs if r["round"] in ref[BARE][0]])}
        if floor:
            f_rps, f_cpu = ref[floor]
            row["ratio"] = med([r["rps"] / f_rps[r["round"]] for r in rs if r["round"] in f_rps])
            row["cpu_ratio"] = med([f_cpu[r["round"]] / r["cpu_ms"] for r in rs if r["round"] in f_cpu and r["cpu_ms"]])
            row["round_ratios"] = [r["rps"] / f_rps[r["round"]] for r in rs if r["round"] in f_rps]
        if "stored" in rs[0]:
            row.update(stored=sum(r["stored"] for r in rs), lost=sum(r["lost"] for r in rs),
                       writes_ok=all(r["ok"] for r in rs))
        rows.append(row)
    return rows


def codes(rs: list[dict]) -> str:
    """Status codes over all runs, and any socket errors."""
    total: dict[str, int] = {}
    for r in rs:
        for k, v in r["codes"].items():
            total[k] = total.get(k, 0) + v
    errs = sum(sum(r["errors"].values()) for r in rs)
    return ", ".join(f"{k}×{v}" for k, v in sorted(total.items())) + (f", {errs} socket errors" if errs else "")
