"""A notification is the outbox of its e-mail: sent once, marked on the row, re-sent by the sweep
when its task was lost, and never to a member who does not want it."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from accounts import services, tasks
from accounts.models import Notification
from community.mail import message_id
from community.outbox import REDELIVER_AFTER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _reply_notification(recipient, **kwargs) -> Notification:
    return services.notification_create(
        recipient=recipient,
        kind=Notification.Kind.REPLY,
        title="sam replied in “Day three”",
        url="/forum/threads/1/",
        **kwargs,
    )


def _written_a_while_ago(notification: Notification) -> None:
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - REDELIVER_AFTER - dt.timedelta(seconds=1)
    )


def test_a_notification_is_e_mailed_once_after_commit_and_marked(django_capture_on_commit_callbacks):
    member = UserFactory(email_on_reply=True)
    with django_capture_on_commit_callbacks(execute=True):
        notification = _reply_notification(member)

    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.SENT
    assert notification.emailed_at is not None
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "[No Contact] sam replied in “Day three”"
    assert email.body == (
        f"sam replied in “Day three”\n\n{settings.SITE_URL}/forum/threads/1/\n\n"
        "You can change which e-mails you receive in your settings.\n"
    )
    assert email.extra_headers["Message-ID"] == message_id(f"notification-{notification.pk}")

    # The task delivered twice (a retry, a duplicate message, the sweep): nothing more is sent.
    assert tasks.notification_email_deliver(notification.pk) is False
    assert len(mail.outbox) == 1


def test_a_notification_whose_task_was_lost_is_e_mailed_once_by_the_sweep(django_capture_on_commit_callbacks):
    member = UserFactory(email_on_reply=True)
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down: never enqueued
        notification = _reply_notification(member)
    fresh = _reply_notification(UserFactory(email_on_reply=True))

    assert tasks.notification_emails_resend() == 0  # too early: its task may still be on its way
    _written_a_while_ago(notification)
    assert tasks.notification_emails_resend() == 1
    assert tasks.notification_emails_resend() == 0

    assert [email.to for email in mail.outbox] == [[member.email]]
    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.SENT
    fresh.refresh_from_db()
    assert fresh.email_state == Notification.EmailState.PENDING


def test_no_e_mail_for_a_member_who_does_not_want_it_even_if_they_changed_their_mind_since(
    django_capture_on_commit_callbacks,
):
    quiet = UserFactory(email_on_reply=False)
    changed_mind = UserFactory(email_on_reply=True)
    with django_capture_on_commit_callbacks(execute=False):
        not_wanted = _reply_notification(quiet)
        wanted_then = _reply_notification(changed_mind)
    services.profile_update(user=changed_mind, data={"email_on_reply": False})

    assert not_wanted.email_state == Notification.EmailState.NONE
    assert tasks.notification_email_deliver(wanted_then.pk) is False
    wanted_then.refresh_from_db()
    assert wanted_then.email_state == Notification.EmailState.NONE
    _written_a_while_ago(wanted_then)
    assert tasks.notification_emails_resend() == 0
    assert mail.outbox == []
