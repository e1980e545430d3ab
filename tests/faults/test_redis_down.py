"""Redis stopped while a member checks in and reaches a milestone: the check-in is saved, the page
answers at once, and once Redis is back the sweep congratulates the member exactly once."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from accounts.models import Notification
from streaks import services, tasks
from streaks.days import local_today
from streaks.models import CheckIn, MilestoneAward
from tests.factories import UserFactory
from tests.streaks.factories import StreakFactory
from tests.waiting import wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

SWEEP = "streaks.tasks.milestones_sweep"
CONGRATULATE = "streaks.tasks.milestone_congratulate"


def test_a_check_in_while_redis_is_down_is_saved_and_congratulated_once_by_the_sweep(
    client, broker, smtp_sink, start_worker
):
    sink = smtp_sink()
    member = UserFactory(email_on_milestone=True)
    StreakFactory(user=member, start_date=local_today(member.zone) - dt.timedelta(days=7))
    client.force_login(member)

    with broker.down():
        started = time.monotonic()
        response = client.post("/streak/check-in/", {"note": "Hard morning, held on."}, follow=True)
        elapsed = time.monotonic() - started

        assert response.status_code == 200
        assert elapsed < 2, f"the page took {elapsed:.1f}s with the broker down"
        assert "Checked in. Another day held: well done." in response.content.decode()
        assert CheckIn.objects.filter(user=member, day=local_today(member.zone)).exists()
        award = MilestoneAward.objects.get(streak__user=member, notify=True)
        assert award.days == 7 and award.delivered_at is None
        assert not Notification.objects.filter(recipient=member).exists()

    # Redis is back. The sweep re-sends awards left undelivered for a while: let that time pass.
    MilestoneAward.objects.filter(pk=award.pk).update(
        awarded_at=timezone.now() - services.REDELIVER_AFTER - dt.timedelta(seconds=1)
    )
    worker = start_worker(broker_url=broker.url, email_url=sink.url)
    tasks.milestones_sweep.delay()  # what beat sends
    wait_for(lambda: worker.finished(CONGRATULATE) == 1, "the congratulation")
    # The next sweeps find nothing left to deliver.
    tasks.milestones_sweep.delay()
    tasks.milestones_sweep.delay(full=True)
    wait_for(lambda: worker.finished(SWEEP) == 3, "the later sweeps")

    award.refresh_from_db()
    assert award.delivered_at is not None
    notification = Notification.objects.get(recipient=member)
    assert notification.title == "You reached 7 days without contact!"
    assert worker.finished(CONGRATULATE) == 1
    [email] = sink.messages
    assert email["To"] == member.email
    assert "7 days" in email["Subject"]
