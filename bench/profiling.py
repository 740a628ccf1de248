"""Profiles of the load targets, in this process, with pyinstrument: full text profiles and a split by layer.

The same database and people as the load runs; each request goes through Flask's test client with the
cookie and body wrk would send. The floor app is profiled the same way, as the yardstick.
"""
from __future__ import annotations

import os
import re
import sys
import time

from harness import OUT, ROOT
from load import LoadSetup, load_targets, writer_lines

SITE = os.sep + "site-packages" + os.sep
LAYERS = (  # the innermost frame whose file matches gives the layer; unmatched frames take their caller's
    ("database", (SITE + "sqlalchemy", "sqlite3")),
    ("templates", (SITE + "jinja2", SITE + "markupsafe", str(ROOT / "templates"), "bench/templates")),
    ("cookie and CSRF signing", (SITE + "itsdangerous", SITE + "flask_wtf", "hmac.py", "hashlib.py")),
    ("forms", (SITE + "wtforms",)),
    ("compression", (SITE + "flask_compress", SITE + "brotli", "gzip.py", "zlib")),
    ("werkzeug", (SITE + "werkzeug",)),
    ("flask", (SITE + "flask" + os.sep, SITE + "flask_login")),
    ("app code", (str(ROOT / "quizapp"), "bench/floor.py")),
)


def layer_of(path: str, inherited: str) -> str:
    """The layer a frame's file belongs to, or its caller's."""
    for name, marks in LAYERS:
        if any(m in path for m in marks):
            return name
    return inherited


def split(frame, inherited: str = "other", out: dict | None = None, inside: bool = False) -> dict[str, float]:
    """Self time per layer, inside the app's WSGI call only (the test client's own work is left out)."""
    out = {} if out is None else out
    inside = inside or (frame.function == "wsgi_app" and SITE + "flask" + os.sep in (frame.file_path or ""))
    here = layer_of(frame.file_path or "", inherited)
    if inside:
        out[here] = out.get(here, 0.0) + frame.total_self_time
    for child in frame.children:
        if not child.is_synthetic:
            split(child, here, out, inside)
    return out


def send(client, t, req: list[str]) -> None:
    """Send one request as wrk would, and check its status."""
    _, method, path, cookie, body = req
    r = client.open(path, method=method, headers={"Cookie": cookie, "Accept-Encoding": "gzip, deflate, br"},
                    data=body or None, content_type="application/x-www-form-urlencoded" if body else None)
    if r.status_code != t.expect:
        raise RuntimeError(f"{t.name}: {r.status_code}")


def in_process_app(setup: LoadSetup):
    """quizapp and the floor app built in this process with the servers' settings."""
    import floor
    for k, v in {**setup.app.env, **setup.floor.env}.items():
        if k.startswith(("QUIZAPP_", "FLOOR_")):
            os.environ[k] = v
    from quizapp import create_app
    return create_app(), floor.create_app()


def profile_pages(setup: LoadSetup, n: int, only: set[str] | None = None) -> list[dict]:
    """Profile each target (or only the named ones, plus their floors); write profiles into bench/out/."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("profiling needs pyinstrument: .venv/bin/pip install -e '.[bench]'")
    app, floor_app = in_process_app(setup)
    targets = [t for t in load_targets(setup, n) if t.server != "bare"]
    if only:
        wanted = only | {t.floor for t in targets if t.name in only and t.floor}
        targets = [t for t in targets if t.name in wanted]
    out = []
    for t in targets:
        if t.make_lines:
            _, t.lines = writer_lines(setup, n)
        reqs = [ln.split("\t") for ln in t.lines]
        client = (floor_app if t.server == "floor" else app).test_client(use_cookies=False)

        count = n if "report" not in t.name else max(10, n // 10)
        start = 0 if t.writes else 1
        if not t.writes:
            send(client, t, reqs[0])  # the first request of a page pays for compiling its template
        profiler = Profiler(interval=0.0002)
        began = time.perf_counter()
        profiler.start()
        for i in range(count):
            send(client, t, reqs[(start + i) % len(reqs)])
        profiler.stop()
        ms = (time.perf_counter() - began) / count * 1000
        root = profiler.last_session.root_frame()
        parts = split(root)
        total = sum(parts.values()) or 1
        slug = re.sub(r"[^a-z0-9]+", "-", t.name.lower()).strip("-")
        (OUT / f"profile-{slug}.txt").write_text(profiler.output_text(unicode=False, color=False))
        (OUT / f"profile-{slug}.html").write_text(profiler.output_html())
        out.append({"name": t.name, "ms": ms, "inside": total / (root.time or 1),
                    "split": {k: v / total for k, v in parts.items()}})
        print(f"{t.name}: {ms:.2f} ms/request in process (profiler on) -> bench/out/profile-{slug}.txt; "
              + ", ".join(f"{k} {v / total:.0%}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1])),
              flush=True)
    return out

