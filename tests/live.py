"""A real server on loopback, shared by the tests and bench/run.py: gunicorn on a free port, and a small client.

The harness itself needs no app code: `Server` runs any WSGI app spec, `Client` acts like one browser.
`Gunicorn` is the tests' case: this app on its own fresh SQLite database.
"""
from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    """Ask the kernel for a free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on a loopback port with sync workers and no control socket; stopped by its PID."""

    def __init__(self, app_spec: str, env: dict, workers: int = 4, *, name: str = "app", log: Path | None = None,
                 chdir: Path | None = None, start_timeout: float = 60):
        self.name, self.port, self.logfile, self.start_timeout = name, free_port(), log, start_timeout
        self.env = {**os.environ, **env}
        self.cmd = [sys.executable, "-m", "gunicorn", "--no-control-socket", "-k", "sync", "-w", str(workers),
                    "-b", f"127.0.0.1:{self.port}", "--graceful-timeout", "2", "--timeout", "60",
                    "--log-level", "warning"]
        if chdir:
            self.cmd += ["--chdir", str(chdir)]
        self.cmd.append(app_spec)
        self.proc: subprocess.Popen | None = None
        self._log = None

    def __enter__(self) -> "Server":
        self._log = open(self.logfile, "ab") if self.logfile else None
        out = self._log or subprocess.DEVNULL
        self.proc = subprocess.Popen(self.cmd, env=self.env, cwd=ROOT, stdout=out, stderr=out,
                                     start_new_session=True)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if Client(self.port, timeout=5).get("/").status == 200 and self.workers():
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn ({self.name}) did not start" + (f"; see {self.logfile}" if self.logfile else ""))

    def workers(self) -> list[int]:
        """Return the PIDs of the master's worker processes."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if self.proc and int(fields[1]) == self.proc.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def cpu_seconds(self) -> float:
        """Return the CPU time (user + system) the workers have used so far."""
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def memory(self) -> list[dict]:
        """Return peak and current RSS (MB) of every worker, from /proc/<pid>/status."""
        out = []
        for pid in self.workers():
            try:
                text = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            kb = {k: int(v.split()[0]) for k, v in (line.split(":", 1) for line in text.splitlines())
                  if k in ("VmHWM", "VmRSS")}
            out.append({"pid": pid, "hwm_mb": kb.get("VmHWM", 0) / 1024, "rss_mb": kb.get("VmRSS", 0) / 1024})
        return out

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self._log:
            self._log.close()
            self._log = None


class Gunicorn(Server):
    """This app under gunicorn with its own fresh SQLite database, for tests."""

    def __init__(self, tmp: Path, questions: Path, workers: int = 4, secret: str = "s" * 64):
        self.db_path = tmp / "live.sqlite"
        self.url = f"sqlite:///{self.db_path}"
        super().__init__("quizapp:create_app()", {
            "QUIZAPP_DATABASE_URL": self.url, "QUIZAPP_SECRET_KEY": secret, "QUIZAPP_QUESTIONS_DIR": str(questions),
            "QUIZAPP_INSTANCE_PATH": str(tmp / "instance"),
            "QUIZAPP_START_LIMIT": "10000"},  # every simulated reader comes from loopback, one address
            workers, name="quizapp", log=tmp / "gunicorn.log")

    def __enter__(self) -> "Gunicorn":
        from quizapp import migrations  # only this case needs the app's schema
        migrations.upgrade(self.url)
        super().__enter__()
        return self


@dataclass
class Response:
    status: int
    headers: dict  # names in lower case
    body: bytes

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        """The redirect target as a path, even when the server sent a full URL."""
        loc = self.headers.get("location", "")
        return urllib.parse.urlsplit(loc).path if loc.startswith("http") else loc


class Client:
    """One browser: keeps its cookies, follows no redirects, reads CSRF tokens."""

    def __init__(self, port: int, timeout: float = 120):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    @property
    def cookie(self) -> str:
        """The Cookie header this browser sends."""
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    @cookie.setter
    def cookie(self, header: str) -> None:
        """Take cookies from a Cookie header ("name=value; other=value")."""
        pairs = (part.strip().partition("=") for part in header.split(";") if part.strip())
        self.cookies = {name: value for name, _, value in pairs}

    def request(self, method: str, path: str, data=None, extra: dict | None = None) -> Response:
        """Send one request on a kept-alive connection; a GET whose connection died is sent once more."""
        headers = {"Cookie": self.cookie} if self.cookies else {}
        headers.update(extra or {})
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                raw = self.conn.getresponse()
                payload = raw.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 1 or method == "POST":
                    raise
        for value in raw.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = rest
        return Response(raw.status, {k.lower(): v for k, v in raw.headers.items()}, payload)

    def get(self, path: str) -> Response:
        """GET a path."""
        return self.request("GET", path)

    def post(self, path: str, data) -> Response:
        """POST a form."""
        return self.request("POST", path, data)

    def expect(self, method: str, path: str, status: int, data=None) -> Response:
        """Make a request and stop if the status is not the expected one."""
        r = self.request(method, path, data)
        if r.status != status:
            raise RuntimeError(f"{method} {path}: expected {status}, got {r.status}\n{r.text[:500]}")
        return r

    @staticmethod
    def token(page: str) -> str:
        """Return the CSRF token on a page."""
        m = TOKEN.search(page)
        if not m:
            raise RuntimeError("no CSRF token on the page")
        return m.group(1)
