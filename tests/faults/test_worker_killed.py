"""A worker killed (SIGKILL) in the middle of sending a congratulation: once a new worker runs,
the member has exactly one notification and one e-mail."""

import datetime as dt
import time

import pytest
from django.conf import settings

from accounts.models import Notification
from streaks import services
from streaks.days import local_today
from streaks.models import MilestoneAward
from tests.factories import UserFactory
from tests.streaks.factories import StreakFactory
from tests.waiting import wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

CONGRATULATE = "streaks.tasks.milestone_congratulate"
# Production's: how long the message of a killed worker waits before another worker gets it.
VISIBILITY_TIMEOUT = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
# Workers look for such messages every few seconds; starting one takes a few more.
MARGIN = 20


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
    killed_at = time.monotonic()
    sink.release()
    assert not _delivered(award)
    assert not Notification.objects.filter(recipient=member).exists()  # nothing half-written

    second = start_worker(broker_url=broker.url, email_url=sink.url)
    # Redis hands the unacknowledged message to the new worker once its visibility timeout passed:
    # the production value, not Redis's default of an hour.
    wait_for(
        lambda: _delivered(award),
        "the new worker to deliver the congratulation",
        deadline=VISIBILITY_TIMEOUT + MARGIN - (time.monotonic() - killed_at),
    )
    wait_for(lambda: not broker.client.hlen("unacked"), "the delivery to be acknowledged")

    assert second.finished(CONGRATULATE) == 1
    assert Notification.objects.filter(recipient=member).count() == 1
    [email] = sink.messages
    assert email["To"] == member.email
    assert "7 days" in email["Subject"]


def test_a_worker_killed_after_the_mail_server_took_the_e_mail_resends_the_same_e_mail(
    broker, smtp_sink, start_worker, member_at_day_seven
):
    """The window no sender can close: the mail server has the message, the worker dies before it
    hears so and before the award is marked delivered. The notification (in the same transaction
    as the award) is still written once; the e-mail is sent again, as the same message (the same
    Message-ID), so the member's mail system shows one congratulation, not two."""
    member = member_at_day_seven
    sink = smtp_sink(stall="accepted")
    first = start_worker(broker_url=broker.url, email_url=sink.url)

    services.checkin_record(user=member)
    award = MilestoneAward.objects.get(streak__user=member, notify=True)
    wait_for(sink.stalled.is_set, "the mail server to have the e-mail")
    first.kill()
    sink.release()
    assert not _delivered(award)
    assert not Notification.objects.filter(recipient=member).exists()

    # Shortened: this test is about what is sent again, not about how long it waits.
    start_worker(broker_url=broker.url, email_url=sink.url, visibility_timeout=2)
    wait_for(lambda: _delivered(award), "the new worker to deliver the congratulation")
    wait_for(lambda: not broker.client.hlen("unacked"), "the delivery to be acknowledged")

    assert Notification.objects.filter(recipient=member).count() == 1
    sent = sink.messages
    assert len(sent) == 2  # sent again rather than lost
    assert sent[0]["Message-ID"] == sent[1]["Message-ID"]
    assert sent[0]["Subject"] == sent[1]["Subject"]
    first_text, second_text = (message.get_body(("plain",)).get_content() for message in sent)
    assert first_text == second_text  # one e-mail, word for word
