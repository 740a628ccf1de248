"""A real server for tests: gunicorn on a free loopback port, and a small cookie-keeping HTTP client."""
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
from pathlib import Path

from quizapp import migrations

TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    """Ask the kernel for a free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """Start the app under gunicorn with its own database; stop it by PID."""

    def __init__(self, tmp: Path, questions: Path, workers: int = 4, secret: str = "s" * 64):
        self.db_path = tmp / "live.sqlite"
        self.url = f"sqlite:///{self.db_path}"
        self.port = free_port()
        self.env = {**os.environ, "QUIZAPP_DATABASE_URL": self.url, "QUIZAPP_SECRET_KEY": secret,
                    "QUIZAPP_QUESTIONS_DIR": str(questions), "QUIZAPP_INSTANCE_PATH": str(tmp / "instance")}
        self.cmd = [sys.executable, "-m", "gunicorn", "--no-control-socket", "-w", str(workers), "-b",
                    f"127.0.0.1:{self.port}", "--graceful-timeout", "2", "--log-level", "warning",
                    "quizapp:create_app()"]
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        migrations.upgrade(self.url)
        self.proc = subprocess.Popen(self.cmd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if Client(self.port).get("/").status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def workers(self) -> list[int]:
        """Return the PIDs of the master's worker processes."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                pids.append(int(stat.parent.name))
        return pids

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


class Response:
    def __init__(self, status: int, headers: dict, body: str):
        self.status, self.headers, self.body = status, headers, body


class Client:
    """One browser: keeps its cookie, reads CSRF tokens, no redirects followed automatically."""

    def __init__(self, port: int, timeout: float = 15):
        self.port, self.timeout = port, timeout
        self.cookie = ""
        self.conn: http.client.HTTPConnection | None = None

    def _request(self, method: str, path: str, body: str | None = None) -> Response:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                raw = self.conn.getresponse()
                text = raw.read().decode()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 1 or method == "POST":
                    raise
        for value in raw.headers.get_all("Set-Cookie") or []:
            self.cookie = value.split(";", 1)[0]
        return Response(raw.status, dict(raw.headers), text)

    def get(self, path: str) -> Response:
        return self._request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self._request("POST", path, urllib.parse.urlencode(data))

    @staticmethod
    def token(html: str) -> str:
        return TOKEN.search(html).group(1)
