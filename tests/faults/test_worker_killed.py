"""A worker killed (SIGKILL) in the middle of sending a congratulation: once a new worker runs,
the member has exactly one notification and one e-mail."""

import datetime as dt

import pytest

from accounts.models import Notification
from streaks import services
from streaks.days import local_today
from streaks.models import MilestoneAward
from tests.factories import UserFactory
from tests.streaks.factories import StreakFactory

from .conftest import wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

CONGRATULATE = "streaks.tasks.milestone_congratulate"


@pytest.fixture
def member_at_day_seven(db):
    member = UserFactory(email_on_milestone=True)
    StreakFactory(user=member, start_date=local_today(member.zone) - dt.timedelta(days=7))
    return member


def _delivered(award: MilestoneAward) -> bool:
    award.refresh_from_db()
    return award.delivered_at is not None


def test_a_worker_killed_while_the_mail_server_is_slow_leaves_one_notification_and_one_e_mail(
    broker, smtp_sink, start_worker, member_at_day_seven
):
    member = member_at_day_seven
    sink = smtp_sink(stall="data")  # the first sending hangs before the message goes out
    first = start_worker(broker_url=broker.url, email_url=sink.url)

    services.checkin_record(user=member)  # commits the award, then enqueues its congratulation
    award = MilestoneAward.objects.get(streak__user=member, notify=True)
    wait_for(sink.stalled.is_set, "the worker to be in the middle of sending")
    # In the middle: the notification is written but not committed, the award still undelivered.
    assert not Notification.objects.filter(recipient=member).exists()

    first.kill()
    sink.release()
    assert not _delivered(award)
    assert not Notification.objects.filter(recipient=member).exists()  # nothing half-written

    second = start_worker(broker_url=broker.url, email_url=sink.url)
    # Redis hands the unacknowledged message to the new worker once its visibility timeout passed.
    wait_for(lambda: _delivered(award), "the new worker to deliver the congratulation")
    wait_for(lambda: not broker.client.hlen("unacked"), "the delivery to be acknowledged")

    assert second.finished(CONGRATULATE) == 1
    assert Notification.objects.filter(recipient=member).count() == 1
    [email] = sink.messages
    assert email["To"] == member.email
    assert "7 days" in email["Subject"]
