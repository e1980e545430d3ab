"""Pieces the benchmarks share: the database, a gunicorn server as the Procfile runs it, wrk, and memory."""

import contextlib
import http.client
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the only address any benchmark ever sends traffic to


def ensure_database(url: str) -> None:
    """Create the database named at the end of the URL when it does not exist yet."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def session_for(user) -> str:
    """A logged-in session for the member, as a browser would hold after logging in; returns its key."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


@contextlib.contextmanager
def gunicorn(app: str, *, port: int, env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """Serve `app` with gunicorn.conf.py (as the Procfile does) on 127.0.0.1:port until the block ends."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "--config", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env={**os.environ, **env, "PORT": str(port), "GUNICORN_ACCESSLOG": ""},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status(port, "/", {})
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start on port {port}") from None
                time.sleep(0.3)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def status(port: int, path: str, headers: dict[str, str]) -> int:
    """The status of one GET, without following redirects (a redirect to the login page is not a page)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _peak_rss_kib(pid: int) -> int:
    try:
        match = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    except OSError:
        return 0
    return int(match.group(1)) if match else 0


class WorkerMemory:
    """Samples the peak resident memory (VmHWM) of a gunicorn master's workers while a block runs.

    Workers are recycled after max_requests, so they are sampled often and the highest peak is kept.
    """

    def __init__(self, master_pid: int, interval: float = 0.2) -> None:
        self.master_pid = master_pid
        self.interval = interval
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for worker in _children(self.master_pid):
            self.peak_kib = max(self.peak_kib, _peak_rss_kib(worker))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> "WorkerMemory":
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def wrk(
    url: str,
    *,
    headers: dict[str, str],
    connections: int,
    seconds: int,
    script: str = "wrk_report.lua",
    script_args: tuple[str, ...] = (),
) -> dict[str, float]:
    """Load one URL on 127.0.0.1 with wrk for a fixed time; requests/s, latency percentiles (ms), errors.

    `script` (in bench/) may send other requests to the same server (wrk_mix.lua), with `script_args`.
    """
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError("Benchmarks only ever load 127.0.0.1.")
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    command += ["-s", str(ROOT / "bench" / script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    arguments = ["--", *script_args, str(threads)] if script_args else []
    out = subprocess.run(
        [*command, url, *arguments], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    figures = dict(re.findall(r"(\w+)=(\d+)", out.split("BENCH", 1)[1]))
    requests = int(figures["requests"])
    errors = sum(int(figures[key]) for key in ("status", "connect", "read", "write", "timeout"))
    return {
        "rps": requests / (int(figures["duration_us"]) / 1_000_000),
        "p50": int(figures["p50"]) / 1000,
        "p95": int(figures["p95"]) / 1000,
        "p99": int(figures["p99"]) / 1000,
        "requests": requests,
        "errors": errors,
    }


def machine_description() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1).strip() if match else cpu
    memory = 0
    with contextlib.suppress(OSError):
        match = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        memory = int(match.group(1)) // (1024 * 1024) if match else 0
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} GiB of memory, Python {sys.version.split()[0]}, "
        f"{postgres or 'PostgreSQL'}, load average {os.getloadavg()[0]:.2f} at the end of the run"
    )
