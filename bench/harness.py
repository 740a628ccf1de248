"""Paths, progress lines, and the shared gunicorn harness (tests/live.py) as the bench starts its servers."""
from __future__ import annotations

import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
T0 = time.monotonic()
sys.path.insert(0, str(ROOT))

from tests.live import Client, Response, Server  # noqa: E402  (the harness the tests use too)

__all__ = ["BENCH", "OUT", "ROOT", "T0", "Client", "Response", "Server", "log", "start"]


def log(msg: str) -> None:
    """Print progress with the time since start."""
    print(f"[{time.monotonic() - T0:6.1f}s] {msg}", flush=True)


def start(name: str, app_spec: str, env: dict, workers: int, chdir: Path | None = None) -> Server:
    """Start one gunicorn (sync workers, loopback, no control socket) logging into bench/out/<name>.log."""
    OUT.mkdir(exist_ok=True)
    return Server(app_spec, env, workers, name=name, log=OUT / f"{name}.log", chdir=chdir).__enter__()
