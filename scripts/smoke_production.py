#!/usr/bin/env python
"""Start the production-style stack (Procfile: gunicorn, Celery worker and beat) on this machine
against PostgreSQL and Redis, sign a member up through the API, make a milestone due, and wait for
the congratulation delivered by the real worker. Exits non-zero if any step fails.

    .venv/bin/python scripts/smoke_production.py

Uses a throw-away database (nocontact_smoke) and Redis database 7 on 127.0.0.1.
"""

import datetime as dt
import email
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("SMOKE_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = "nocontact_smoke"
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/7")
PORT = int(os.environ.get("SMOKE_PORT", "18431"))
BASE = f"http://127.0.0.1:{PORT}"
DEADLINE_SECONDS = 90


def step(message: str) -> None:
    print(f"-- {message}", flush=True)


def fail(message: str) -> NoReturn:
    print(f"SMOKE TEST FAILED: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def call(method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["X-Session-Token"] = token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def wait_for(what: str, probe, timeout: float = DEADLINE_SECONDS):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(0.5)
    fail(f"timed out waiting for {what}")


def messages_in(folder: Path) -> list[email.message.Message]:
    chunks = [
        chunk.strip() for path in sorted(folder.glob("*.log")) for chunk in path.read_text().split("-" * 79)
    ]
    return [email.message_from_string(chunk) for chunk in chunks if chunk]


def text_of(message: email.message.Message) -> str:
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if part.get_content_type() == "text/plain" and isinstance(payload, bytes):
            return payload.decode()
    return ""


def recreate_database() -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DB_NAME}"')


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="nocontact-smoke-"))
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": PG_ADMIN.rsplit("/", 1)[0] + f"/{DB_NAME}",
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": BASE,
        "SECURE_SSL_REDIRECT": "false",
        "EMAIL_URL": f"filemail:///{mail_dir}",  # django-environ drops one leading slash
        "PORT": str(PORT),
        "GUNICORN_ACCESSLOG": "",
        "CELERY_BEAT_SCHEDULE_FILE": str(workdir / "beat-schedule"),
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
    }
    step("fresh database and Redis")
    recreate_database()
    redis.Redis.from_url(REDIS_URL).flushdb()
    python = str(ROOT / ".venv" / "bin" / "python")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([python, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True)

    step("honcho start: web, worker, beat")
    log = (workdir / "stack.log").open("w")
    stack = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "honcho"), "start", "-f", "Procfile"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        run_journey(mail_dir)
        if stack.poll() is not None:
            fail("a process of the stack exited")
        print("SMOKE TEST PASSED", flush=True)
    except BaseException:
        log.flush()
        print((workdir / "stack.log").read_text()[-6000:], file=sys.stderr)
        raise
    finally:
        os.killpg(stack.pid, signal.SIGTERM)
        try:
            stack.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)


def run_journey(mail_dir: Path) -> None:
    wait_for("the web server", lambda: _answers("/"), timeout=60)
    step("sign up through the API")
    handle = f"smoke_{secrets.token_hex(3)}"
    signup = {"email": f"{handle}@example.com", "username": handle, "password": secrets.token_urlsafe(16)}
    status, body = call("POST", "/_allauth/app/v1/auth/signup", {**signup, "timezone": "Pacific/Auckland"})
    if status != 401:
        fail(f"sign-up answered {status}: {body}")
    token = body["meta"]["session_token"]
    confirmation = wait_for("the verification e-mail", lambda: messages_in(mail_dir))[0]
    found = re.search(r"^\s{4}(\S+)$", text_of(confirmation), re.MULTILINE)
    if found is None:
        fail(f"no verification code in the e-mail: {text_of(confirmation)}")
    code = found.group(1)
    status, body = call("POST", "/_allauth/app/v1/auth/email/verify", {"key": code}, token)
    if status != 200:
        fail(f"verification answered {status}: {body}")
    token = body["meta"].get("session_token", token)

    step("start a streak back-dated 7 days: the 7-day milestone is due")
    status, me = call("GET", "/api/v1/me/", token=token)
    today = dt.datetime.now(ZoneInfo(me["timezone"])).date()
    status, body = call(
        "POST", "/api/v1/streaks/start/", {"start_date": str(today - dt.timedelta(days=7))}, token
    )
    if status != 201:
        fail(f"starting the streak answered {status}: {body}")

    step("wait for the worker's congratulation")
    wait_for(
        "the milestone notification",
        lambda: call("GET", "/api/v1/notifications/", token=token)[1].get("results"),
    )
    wait_for(
        "the milestone e-mail", lambda: [m for m in messages_in(mail_dir) if "7 days" in str(m["Subject"])]
    )
    time.sleep(3)  # anything delivered twice would show up by now
    notifications = call("GET", "/api/v1/notifications/", token=token)[1]["results"]
    milestone_mails = [m for m in messages_in(mail_dir) if "7 days" in str(m["Subject"])]
    if len(notifications) != 1 or len(milestone_mails) != 1:
        fail(f"expected one notification and one e-mail, got {len(notifications)} and {len(milestone_mails)}")
    step(f"delivered once: “{notifications[0]['title']}” / “{milestone_mails[0]['Subject']}”")


def _answers(path: str) -> bool:
    try:
        with urllib.request.urlopen(BASE + path, timeout=2) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


if __name__ == "__main__":
    main()
