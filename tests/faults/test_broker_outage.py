"""Redis, the broker, stops: the worker waits and carries on once it is back; a member who replies
meanwhile gets an answer at once, and the followers' e-mails are delivered once, later."""

import datetime as dt
import socket
import threading
import time

import pytest
from rest_framework.test import APIClient

from accounts import tasks
from accounts.models import DataExport, Notification
from community.mail import message_id
from community.outbox import REDELIVER_AFTER
from forum import services as forum_services
from tests.celery_broker import celery_broker
from tests.factories import UserFactory
from tests.forum.factories import published_thread, trusted
from tests.waiting import wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

DELIVER = "accounts.tasks.notification_email_deliver"
RESEND = "accounts.tasks.notification_emails_resend"


def test_the_worker_waits_out_a_broker_outage_and_works_again_afterwards(broker, smtp_sink, start_worker):
    worker = start_worker(broker_url=broker.url, email_url=smtp_sink().url)

    with broker.down():
        wait_for(
            lambda: "Cannot connect to redis" in worker.log or worker.process.poll() is not None,
            "the worker to lose the broker",
        )
        time.sleep(5)  # a few failed reconnections
        assert worker.process.poll() is None, f"the worker exited:\n{worker.log}"

    tasks.notification_emails_resend.delay()
    wait_for(lambda: worker.finished(RESEND) == 1, "the worker to reconnect and run a task")
    assert worker.process.poll() is None


def test_a_reply_while_the_broker_is_down_answers_at_once_and_is_e_mailed_once_afterwards(
    broker, smtp_sink, start_worker
):
    sink = smtp_sink()
    follower = UserFactory(email_on_reply=True)
    thread = published_thread(author=follower)
    forum_services.thread_follow(user=follower, thread=thread)
    author = trusted(UserFactory())
    api = APIClient()
    api.force_authenticate(author)

    with broker.down():
        started = time.monotonic()
        response = api.post(f"/api/v1/forum/threads/{thread.pk}/replies/", {"body": "You are not alone."})
        elapsed = time.monotonic() - started

        assert response.status_code == 201, response.content
        assert elapsed < 2, f"the reply took {elapsed:.1f}s with the broker down"
        notification = Notification.objects.get(recipient=follower)
        assert notification.email_state == Notification.EmailState.PENDING

    # The broker is back; the task was never enqueued. The sweep picks the e-mail up once it has
    # waited long enough: let that time pass.
    Notification.objects.filter(pk=notification.pk).update(
        created_at=notification.created_at - REDELIVER_AFTER - dt.timedelta(seconds=1)
    )
    worker = start_worker(broker_url=broker.url, email_url=sink.url)
    tasks.notification_emails_resend.delay()  # what beat sends
    wait_for(lambda: worker.finished(DELIVER) == 1, "the e-mail")
    tasks.notification_emails_resend.delay()
    tasks.notification_email_deliver.delay(notification.pk)  # a duplicate message changes nothing
    wait_for(lambda: worker.finished(RESEND) == 2 and worker.finished(DELIVER) == 2, "the later tasks")

    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.SENT
    assert notification.emailed_at is not None
    [email] = sink.messages
    assert email["To"] == follower.email
    assert email["Subject"] == f"[No Contact] {author.handle} replied in “{thread.title}”"
    assert email["Message-ID"] == message_id(f"notification-{notification.pk}")


def test_a_reply_answers_within_about_a_second_when_the_broker_hangs(db):
    """A broker that takes the connection and never answers (stopped with SIGSTOP, or a network
    that drops packets) must not hold the member's request either."""
    follower = UserFactory(email_on_reply=True)
    thread = published_thread(author=follower)
    forum_services.thread_follow(user=follower, thread=thread)
    api = APIClient()
    api.force_authenticate(trusted(UserFactory()))
    silent = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(silent.accept()[0]), daemon=True).start()

    try:
        with celery_broker(f"redis://127.0.0.1:{silent.getsockname()[1]}/0"):
            started = time.monotonic()
            response = api.post(f"/api/v1/forum/threads/{thread.pk}/replies/", {"body": "Still here."})
            elapsed = time.monotonic() - started
    finally:
        for connection in [*held, silent]:
            connection.close()

    assert response.status_code == 201, response.content
    assert elapsed < 1.8, f"the reply took {elapsed:.1f}s with the broker hanging"
    assert Notification.objects.get(recipient=follower).email_state == Notification.EmailState.PENDING


def test_asking_for_an_export_while_the_broker_is_down_answers_at_once(broker):
    member = UserFactory()
    api = APIClient()
    api.force_authenticate(member)

    with broker.down():
        started = time.monotonic()
        response = api.post("/api/v1/me/export/")
        elapsed = time.monotonic() - started

    assert response.status_code in (200, 201, 202), response.content
    assert elapsed < 2, f"the request took {elapsed:.1f}s with the broker down"
    assert DataExport.objects.get(user=member).status == DataExport.Status.PENDING
