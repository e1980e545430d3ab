"""A worker killed (SIGKILL) while FCM is slow to take a push: once a new worker runs, the phone
gets the notification exactly once."""

import pytest

from accounts import services
from accounts.models import Notification
from tests.accounts.push_stand_ins import FcmStandIn
from tests.factories import UserFactory
from tests.waiting import wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

PUSH = "accounts.tasks.notification_push_deliver"


@pytest.fixture
def fcm(settings, monkeypatch):
    stand_in = FcmStandIn()
    for name, value in (
        ("FCM_SERVICE_ACCOUNT", stand_in.service_account()),
        ("FCM_BASE_URL", stand_in.origin),
    ):
        setattr(settings, name, value)
        monkeypatch.setenv(name, value)  # for the workers
    yield stand_in
    stand_in.close()


def test_a_worker_killed_while_fcm_is_slow_leaves_one_push(broker, smtp_sink, start_worker, fcm):
    kim = UserFactory(email="")
    services.device_register(user=kim, platform="fcm", token="killed:APA91b" + "k" * 140)
    sink = smtp_sink()
    fcm.stall()
    first = start_worker(broker_url=broker.url, email_url=sink.url)

    note = services.notification_create(recipient=kim, kind="account", title="Your data is ready")
    wait_for(fcm.stalled.is_set, "the worker to be in the middle of pushing")
    first.kill()
    fcm.release()
    assert Notification.objects.get(pk=note.pk).push_state == "pending"

    # Shortened: this test is about what is pushed again, not about how long Redis waits.
    second = start_worker(broker_url=broker.url, email_url=sink.url, visibility_timeout=2)
    wait_for(
        lambda: Notification.objects.get(pk=note.pk).push_state == "sent",
        "the new worker to push the notification",
    )
    wait_for(lambda: not broker.client.hlen("unacked"), "the delivery to be acknowledged")

    assert second.finished(PUSH) >= 1
    assert fcm.refused == []
    assert [message["notification"]["title"] for message in fcm.received] == ["Your data is ready"]
