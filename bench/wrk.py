"""wrk, driven the same way for every target: one Lua script (bench/requests.lua), one request file per run."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from typing import Callable

from harness import BENCH, OUT, Server, log

THREADS = 2


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
    """One thing to load: its requests, the status each must get, the server and what it is compared with."""
    name: str
    lines: list[str]               # request lines for bench/requests.lua
    expect: int                    # the status every response should have
    server: str = "app"            # "app", "floor" or "bare"
    floor: str | None = None       # the floor run it is compared with ("floor GET" or "floor POST")
    writes: bool = False           # count the rows this run stores
    make_lines: Callable | None = None  # returns (a request to check, fresh lines) before each run


def request_line(tid: int, method: str, path: str, cookie: str = "", body: str = "") -> str:
    """One line of the request file: wrk thread, method, path, Cookie header, form body."""
    return f"{tid}\t{method}\t{path}\t{cookie}\t{body}"


def same_for_all(method: str, path: str, cookie: str = "", body: str = "") -> list[str]:
    """The same request for every wrk thread."""
    return [request_line(t, method, path, cookie, body) for t in range(1, THREADS + 1)]


def run_wrk(wrk: str, server: Server, lines: list[str], duration: int, connections: int, tag: str) -> dict:
    """Run wrk once with bench/requests.lua; return its JSON summary and the workers' CPU per request."""
    cpu = server.cpu_seconds()
    path = OUT / f"requests-{tag}.txt"
    path.write_text("\n".join(lines) + "\n")
    cmd = [wrk, f"-t{THREADS}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
           "-s", str(BENCH / "requests.lua"), f"http://127.0.0.1:{server.port}", "--", str(path)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)
    line = next((ln for ln in r.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if r.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({r.returncode}): {r.stdout}\n{r.stderr}")
    out = json.loads(line[6:])
    out["rps"] = out["requests"] / (out["duration_us"] / 1e6)
    out["cpu_ms"] = (server.cpu_seconds() - cpu) * 1000 / max(1, out["requests"])
    return out
