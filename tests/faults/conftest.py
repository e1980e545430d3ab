"""Fault fixtures: a private redis-server the test may stop, an SMTP sink, real Celery workers.

Everything a test starts here is its own (its own port, its own Redis), so fault tests run side by
side under xdist and never touch the shared Redis. Every process is stopped at teardown, whatever
happened in the test, and a Redis a test stopped is started again before the test ends.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from tests.celery_broker import celery_broker
from tests.conftest import REQUIRE_SERVICES
from tests.waiting import wait_for

from .smtp_sink import SmtpSink


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own, without persistence, that the test can stop and start."""

    def __init__(self, directory: Path) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=2)

    def start(self) -> None:
        if self.process is not None:
            return
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", str(self.directory)]
        with (self.directory / f"redis-{self.port}.log").open("a") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

        def answers() -> bool:
            try:
                return bool(self.client.ping())
            except redis.ConnectionError:
                return False

        wait_for(answers, f"redis-server on port {self.port}", deadline=10)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    @contextmanager
    def down(self) -> Iterator[None]:
        """Redis stopped for the block; started again afterwards whatever happens in it."""
        self.stop()
        try:
            yield
        finally:
            self.start()


@pytest.fixture
def private_redis(tmp_path) -> Iterator[PrivateRedis]:
    if shutil.which("redis-server") is None:
        reason = "needs redis-server on the PATH to start a private Redis"
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
        pytest.skip(reason)
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def broker(private_redis) -> Iterator[PrivateRedis]:
    """This process enqueues tasks on the private Redis instead of running them in-process."""
    with celery_broker(private_redis.url):
        yield private_redis


@pytest.fixture
def smtp_sink() -> Iterator[Callable[..., SmtpSink]]:
    sinks: list[SmtpSink] = []

    def make(*, stall: str | None = None) -> SmtpSink:
        sink = SmtpSink(stall=stall).start()
        sinks.append(sink)
        return sink

    try:
        yield make
    finally:
        for sink in sinks:
            sink.close()


class Worker:
    """A real `celery -A community worker` on the private Redis, sending e-mail to the sink."""

    def __init__(
        self, *, name: str, broker_url: str, email_url: str, visibility_timeout: int | None, directory: Path
    ) -> None:
        self.name = name
        self.log_path = directory / f"worker-{name}.log"
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "EMAIL_URL": email_url,
        }
        if visibility_timeout is not None:
            self.env["CELERY_VISIBILITY_TIMEOUT"] = str(visibility_timeout)
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        command = [sys.executable, "-m", "celery", "-A", "community", "worker", "--pool=solo"]
        command += ["-n", f"{self.name}@faults", "-l", "info", "--without-gossip", "--without-mingle"]
        with self.log_path.open("a") as log:
            process = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self.process = process
        wait_for(lambda: " ready." in self.log or process.poll() is not None, f"worker {self.name}")
        if process.poll() is not None:
            pytest.fail(f"worker {self.name} exited:\n{self.log}")
        return self

    @property
    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def finished(self, task: str) -> int:
        """How many runs of the task this worker has finished, from its log."""
        return sum(1 for line in self.log.splitlines() if task in line and " succeeded in " in line)

    def received(self, task: str) -> int:
        return sum(1 for line in self.log.splitlines() if task in line and " received" in line)

    def kill(self) -> None:
        """SIGKILL: no cleanup, no acknowledgement, the database connection just drops."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def start_worker(tmp_path) -> Iterator[Callable[..., Worker]]:
    """start_worker(broker_url=..., email_url=...) -> a running worker; all are stopped at teardown.

    `visibility_timeout`: seconds after which Redis gives a message not yet acknowledged to another
    worker; the production value unless a test that is not about that wait shortens it.
    """
    workers: list[Worker] = []

    def start(*, broker_url: str, email_url: str, visibility_timeout: int | None = None) -> Worker:
        worker = Worker(
            name=f"w{len(workers) + 1}",
            broker_url=broker_url,
            email_url=email_url,
            visibility_timeout=visibility_timeout,
            directory=tmp_path,
        )
        workers.append(worker)
        return worker.start()

    try:
        yield start
    finally:
        for worker in workers:
            worker.stop()
