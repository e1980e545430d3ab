"""End to end with a real Celery worker on real Redis: a milestone reached is congratulated once."""

import datetime as dt
import os
import subprocess
import sys
import uuid

import pytest
import redis
from django.conf import settings
from django.db import connection

from accounts.models import Notification
from streaks import services
from streaks.days import local_today
from streaks.models import MilestoneAward
from streaks.tasks import milestone_congratulate
from tests.celery_broker import celery_broker
from tests.conftest import REDIS_URL
from tests.factories import UserFactory
from tests.waiting import wait_for

from .factories import StreakFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def queue():
    """A queue of our own, so no other worker on this Redis takes our tasks."""
    name = f"test-streaks-{uuid.uuid4().hex[:10]}"
    with celery_broker(REDIS_URL, task_default_queue=name):
        yield name
    redis.Redis.from_url(REDIS_URL).delete(name)


@pytest.fixture
def worker(queue, tmp_path):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "TEST_EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "community",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "-l",
            "info",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield tmp_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _tasks_done(log) -> int:
    """How many congratulation tasks the worker has finished, from its log."""
    lines = log.read_text().splitlines()
    return sum(1 for line in lines if "milestone_congratulate" in line and " succeeded in " in line)


def test_a_milestone_reached_sends_exactly_one_notification_and_one_e_mail(worker, queue):
    mail_dir, log = worker / "mail", worker / "worker.log"
    member = UserFactory(email_on_milestone=True)
    StreakFactory(user=member, start_date=local_today(member.zone) - dt.timedelta(days=7))

    _, created = services.checkin_record(user=member)  # commits, then enqueues on Redis
    assert created

    award = MilestoneAward.objects.get(streak__user=member, notify=True)
    wait_for(lambda: MilestoneAward.objects.get(pk=award.pk).delivered_at is not None, "the delivery")

    # The same task delivered again (a retry, a redelivery) changes nothing.
    milestone_congratulate.delay(award.pk)
    milestone_congratulate.delay(award.pk)
    wait_for(lambda: _tasks_done(log) == 3, "the duplicates to be handled")

    assert Notification.objects.filter(recipient=member).count() == 1
    messages = list(mail_dir.glob("*.log"))
    assert len(messages) == 1
    text = messages[0].read_text()
    assert member.email in text and "7 days without contact" in text
