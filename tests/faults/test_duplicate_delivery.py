"""The same task message delivered twice: one delivery.

tests/streaks/test_worker.py sends the task again after the award was delivered; here the two
copies (one message id) reach two workers at the same time, while the first is still sending."""

import datetime as dt
import uuid

import pytest
from django.db import connection

from accounts.models import Notification
from streaks.days import local_today
from streaks.models import MilestoneAward
from streaks.tasks import milestone_congratulate
from tests.factories import UserFactory
from tests.streaks.factories import MilestoneAwardFactory, StreakFactory
from tests.waiting import wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

CONGRATULATE = "streaks.tasks.milestone_congratulate"


def _sessions_waiting_for_a_row_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_one_message_delivered_twice_at_once_congratulates_once(broker, smtp_sink, start_worker):
    member = UserFactory(email_on_milestone=True)
    streak = StreakFactory(user=member, start_date=local_today(member.zone) - dt.timedelta(days=7))
    award = MilestoneAwardFactory(streak=streak, days=7)
    task_id = str(uuid.uuid4())
    milestone_congratulate.apply_async(args=[award.pk], task_id=task_id)
    milestone_congratulate.apply_async(args=[award.pk], task_id=task_id)

    sink = smtp_sink(stall="data")  # the first copy stays in the middle of sending
    workers = [start_worker(broker_url=broker.url, email_url=sink.url) for _ in range(2)]
    wait_for(sink.stalled.is_set, "the first copy to be sending")
    wait_for(lambda: sum(w.received(task_id) for w in workers) == 2, "the second copy to be taken")
    wait_for(lambda: _sessions_waiting_for_a_row_lock() == 1, "the second copy to wait for the award")
    sink.release()
    wait_for(lambda: sum(w.finished(task_id) for w in workers) == 2, "both copies to finish")

    assert [w.finished(CONGRATULATE) for w in workers] == [1, 1]  # one copy each
    results = [
        line.rsplit(": ", 1)[1] for w in workers for line in w.log.splitlines() if " succeeded " in line
    ]
    assert sorted(results) == ["False", "True"]  # delivered by one, found done by the other
    assert MilestoneAward.objects.get(pk=award.pk).delivered_at is not None
    assert Notification.objects.filter(recipient=member).count() == 1
    [email] = sink.messages
    assert email["To"] == member.email
