"""RESULTS.md sections that are not load: page weight, scale, memory, and the profile split of a missed page."""
from __future__ import annotations

import statistics
from pathlib import Path


def med(xs):
    """Median, or NaN for nothing."""
    return statistics.median(xs) if xs else float("nan")


def size(n: int) -> str:
    """Write 10000 as 10k and 1000000 as 1M."""
    return f"{n / 1e6:g}M" if n >= 1e6 else f"{n / 1e3:g}k"


def weight_section(weights: list | None) -> tuple[list[str], list[tuple]]:
    """Page weight of every page, and the weight, request and JS targets."""
    L: list[str] = []
    rows: list[tuple] = []
    w = L.append
    if not (weights):
        return L, rows
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
      "checked on these. `decoded` is the same after decompression (what the browser parses). Requests count "
      "the HTML, each stylesheet, script, image and icon it links, and `url()` references inside the CSS.\n")
    rows.append(("every page ≤ 30 KB (HTML+CSS+JS on the wire)", f"largest {worst_kb / 1024:.1f} KB"
                 + (f" ({', '.join(heavy)})" if heavy else ""), worst_kb <= 30 * 1024))
    rows.append(("every page ≤ 3 requests on a first visit", f"most {worst_req}"
                 + (f" ({', '.join(many)})" if many else ""), worst_req <= 3))
    rows.append(("0 KB of required JS", f"{worst_js / 1024:.1f} KB of JS on the heaviest page "
                 "(no <script> anywhere)" if worst_js == 0 else f"{worst_js / 1024:.1f} KB", worst_js == 0))
    return L, rows


def scale_section(args, scale: dict | None) -> tuple[list[str], list[tuple]]:
    """How the report, lists and statistics grow from 10k to 1M answers, and their targets."""
    L: list[str] = []
    rows: list[tuple] = []
    w = L.append
    if not (scale and scale.get("scales")):
        return L, rows
    sc = scale["scales"]
    w("## Scale (one request at a time, median; seeded straight into the schema)\n")
    w("Each size keeps its own copy of the database and its own server; every sample visits the sizes in "
      f"turn (10k, 100k, 1M, 10k, ...), {args.samples} samples for the fast pages and {args.few} for the "
      "slow ones, after every worker has served the page once.\n")
    cols = [("patient_home_s", "patient home"), ("report_s", "clinician report (2 people x 6 topics)"),
            ("list_s", "clinician's assignment list"), ("stats_http_s", "question statistics page (HTTP)"),
            ("stats_all_s", "question statistics over every answer (in process)"),
            ("big_list_s", "assignment list of the clinic-wide clinician (1 sample)")]
    cols = [c for c in cols if any(c[0] in r for r in sc)]

    def cell(row, key):
        """One timing, or a dash."""
        return f"{med(row[key]) * 1000:.0f} ms" if key in row else "—"

    def ratio(key):
        """Largest size over smallest."""
        a, b = sc[0].get(key), sc[-1].get(key)
        return f"{med(b) / med(a):.2f}×" if a and b else "—"
    w("| answers in DB | DB MB | seed s | recount s | " + " | ".join(c[1] for c in cols) + " |")
    w("|---:|---:|---:|---:|" + "---:|" * len(cols))
    for row in sc:
        w(f"| {row['answers']:,} | {row['db_mb']:.0f} | {row['seed_s']:.1f} | {row['tally_s']:.1f} | "
          + " | ".join(cell(row, c[0]) for c in cols) + " |")
    if len(sc) > 1:
        w(f"| ratio {size(sc[-1]['target'])} vs {size(sc[0]['target'])} | | | | "
          + " | ".join(ratio(c[0]) for c in cols) + " |")
    w("")
    w("`recount s`: the app keeps running counts for the question statistics, which bulk seeding bypasses, so "
      "after seeding the bench runs the app's own `store.stats.rebuild_item_tally` (what `flask item-stats "
      "--recount` runs after a bulk import); this is its full cost at that size. The statistics rows then read "
      "those counts.\n")
    w("The measured clinician owns the report's assignment plus about 1 % of the seeded ones "
      f"({', '.join(str(r['mine_assignments']) for r in sc)} assignments, "
      f"{', '.join(format(r['mine_answers'], ',') for r in sc)} answers), so their assignment list grows with "
      "the data too. A second clinician owns every other assignment; the statistics page is timed as them "
      f"({', '.join(format(r.get('stats_http_answers', 0), ',') for r in sc)} first-try answers in their "
      "assignments). The in-process row runs `store.stats.counts_with_versions(s)` + `itemstats.compute` (what "
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
    return L, rows


def memory_section(mem_load: dict | None) -> tuple[list[str], list[tuple]]:
    """Peak RSS per worker, and the memory target."""
    L: list[str] = []
    rows: list[tuple] = []
    w = L.append
    if not mem_load:
        return L, rows
    w("## Memory (peak RSS per gunicorn worker, VmHWM)\n")
    w("| server | workers' peak RSS MB | current RSS MB |")
    w("|---|---|---|")
    for name, ms in mem_load.items():
        if ms:
            hwm = ", ".join(f"{m['hwm_mb']:.0f}" for m in ms)
            rss = ", ".join(f"{m['rss_mb']:.0f}" for m in ms)
            w(f"| {name} | {hwm} | {rss} |")
    w("")
    from quizapp import config
    kib = config.defaults(Path("."), Path(".")).get("PASSWORD_MEMORY_KIB")
    w("A clinician sign-in verifies an argon2id hash with the configured memory cost "
      f"(`PASSWORD_MEMORY_KIB`, {kib // 1024 if kib else '?'} MiB by default); the worker that served it keeps "
      "that peak in VmHWM although the memory is freed afterwards (compare current RSS).\n")
    if mem_load.get("quizapp after the load"):
        peak = max(m["hwm_mb"] for m in mem_load["quizapp after the load"])
        rows.append(("peak RSS per worker ≤ 80 MB (after the load)", f"{peak:.0f} MB", peak <= 80))
    if mem_load.get("quizapp after the scale runs"):
        peak = max(m["hwm_mb"] for m in mem_load["quizapp after the scale runs"])
        rows.append(("peak RSS per worker ≤ 80 MB (after the scale runs)", f"{peak:.0f} MB", peak <= 80))
    return L, rows



def profile_section(profiles: list[dict]) -> list[str]:
    """Where a missed page spends its time, in ms per request by layer, beside its floor's."""
    L = ["## Where the time goes (pages that missed a target)\n",
         "Each page served in this process through Flask's test client with pyinstrument running (so every "
         "figure is inflated alike; compare rows, not with the load table). Only the app's own WSGI call "
         "counts, not the test client's; each sample goes to the layer of its innermost frame (a template "
         "calling back into app code counts as app code). The floors are profiled the same way: a page's "
         "excess over its floor, layer by layer, is where its time goes. Full profiles are in "
         "`bench/out/profile-*.txt`.\n"]
    layers = sorted({k for p in profiles for k in p["split"]},
                    key=lambda k: -sum(p["split"].get(k, 0) * p["ms"] for p in profiles))
    L.append("| page | ms/request in the app | " + " | ".join(layers) + " |")
    L.append("|---|---:|" + "---:|" * len(layers))
    for p in profiles:
        inside = p["ms"] * p.get("inside", 1)
        L.append(f"| {p['name']} | {inside:.2f} | "
                 + " | ".join(f"{p['split'].get(k, 0) * inside:.2f}" for k in layers) + " |")
    L.append("")
    return L
