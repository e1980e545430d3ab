"""The production stack (the Procfile under honcho: gunicorn, the Celery worker and beat) while its
Redis is stopped for 30 seconds: nothing exits, a member's reply is saved at once, and the
follower gets one e-mail per reply once Redis is back."""

import datetime as dt
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from accounts import tasks
from accounts.models import Notification
from community.outbox import REDELIVER_AFTER
from forum import services as forum_services
from tests.factories import UserFactory
from tests.forum.factories import published_thread, trusted
from tests.waiting import wait_for

from .conftest import _free_port

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

OUTAGE_SECONDS = 30


class Stack:
    """`honcho start` on the Procfile with the production settings, on the test database."""

    def __init__(self, *, redis_url: str, email_url: str, directory: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = directory / "stack.log"
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "community.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": redis_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.base,
            "SECURE_SSL_REDIRECT": "false",
            "EMAIL_URL": email_url,
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "1",
            "CELERY_CONCURRENCY": "1",
            "GUNICORN_ACCESSLOG": "",
            "CELERY_BEAT_SCHEDULE_FILE": str(directory / "beat-schedule"),
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> "Stack":
        honcho = Path(sys.executable).parent / "honcho"
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                [str(honcho), "start", "-f", "Procfile"],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(lambda: self.healthy() or not self.running, "the stack to answer", deadline=60)
        assert self.running, f"the stack exited:\n{self.log}"
        wait_for(lambda: "celery@" in self.log and " ready." in self.log, "the worker", deadline=30)
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def call(self, method: str, path: str, body: dict | None = None, token: str = "") -> tuple[int, dict]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            headers["X-Session-Token"] = token
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def finished(self, task: str) -> int:
        return sum(1 for line in self.log.splitlines() if task in line and " succeeded in " in line)

    def healthy(self) -> bool:
        try:
            return self.call("GET", "/healthz")[0] == 200
        except OSError:
            return False

    def stop(self) -> None:
        if not self.running:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def stack(broker, smtp_sink, tmp_path):
    sink = smtp_sink()
    running = Stack(redis_url=broker.url, email_url=sink.url, directory=tmp_path)
    try:
        yield running.start(), sink
    finally:
        running.stop()


def test_the_stack_rides_out_a_redis_outage_and_each_reply_is_e_mailed_once(stack, broker):
    stack, sink = stack
    follower = UserFactory(email_on_reply=True)
    thread = published_thread(author=follower)
    forum_services.thread_follow(user=follower, thread=thread)
    author = trusted(UserFactory())
    password = secrets.token_urlsafe(12)
    # The stack runs with production's password hashers, not the tests' fast one.
    author.password = PBKDF2PasswordHasher().encode(password, secrets.token_hex(8), iterations=1000)
    author.save(update_fields=["password"])
    status, body = stack.call(
        "POST", "/_allauth/app/v1/auth/login", {"email": author.email, "password": password}
    )
    assert status == 200, body
    token = body["meta"]["session_token"]
    replies = f"/api/v1/forum/threads/{thread.pk}/replies/"

    with broker.down():
        outage_ends = time.monotonic() + OUTAGE_SECONDS
        assert stack.call("GET", "/healthz")[0] == 503
        started = time.monotonic()
        status, body = stack.call("POST", replies, {"body": "Written while Redis is down."}, token)
        assert status == 201, body
        assert time.monotonic() - started < 2, "the reply waited for the broker"
        time.sleep(max(0, outage_ends - time.monotonic()))
        assert stack.running, f"a process of the stack exited:\n{stack.log[-4000:]}"

    wait_for(stack.healthy, "the stack to be healthy again")
    status, body = stack.call("POST", replies, {"body": "Written once Redis is back."}, token)
    assert status == 201, body
    during, after = Notification.objects.filter(recipient=follower).order_by("pk")
    wait_for(lambda: len(sink.messages) == 1, "the e-mail about the reply written after the outage")

    # The e-mail about the reply written during the outage was never enqueued: beat's sweep sends
    # it once it has waited REDELIVER_AFTER. Let that time pass, and send what beat sends.
    Notification.objects.filter(pk=during.pk).update(
        created_at=during.created_at - REDELIVER_AFTER - dt.timedelta(seconds=1)
    )
    tasks.notification_emails_resend.delay()
    wait_for(lambda: len(sink.messages) == 2, "the e-mail about the reply written during the outage")
    tasks.notification_emails_resend.delay()  # a later sweep finds nothing left to send
    wait_for(lambda: stack.finished("accounts.tasks.notification_emails_resend") == 2, "the later sweep")

    assert stack.running
    assert sorted(message["Message-ID"] for message in sink.messages) == sorted(
        f"<notification-{notification.pk}@127.0.0.1>" for notification in (during, after)
    )
    assert all(message["To"] == follower.email for message in sink.messages)
    assert set(Notification.objects.filter(recipient=follower).values_list("email_state", flat=True)) == {
        Notification.EmailState.SENT
    }
