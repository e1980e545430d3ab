"""The push channel of notifications: what a push says, and sending it to a member's browsers.

The protocols are pywebpush's (payload encryption, VAPID signing); this module only decides the
words and what to do with the push service's answer.
"""

import datetime as dt
import json
import logging
from dataclasses import dataclass

from django.conf import settings
from pywebpush import WebPushException, webpush
from requests import RequestException

from .models import Notification, PushSubscription, User

logger = logging.getLogger(__name__)

PUSH_TIMEOUT = 10


@dataclass(frozen=True)
class PushContent:
    title: str
    body: str
    url: str


def push_content(notification: Notification) -> PushContent:
    """What a push shows on a lock screen: the one place to decide it. In discreet mode it says
    nothing of what it is about; the page it opens (behind the member's login) does."""
    if notification.recipient.discreet:
        return PushContent(title="You have a new notification", body="", url=notification.url)
    return PushContent(title=notification.title, body=notification.body[:200], url=notification.url)


# The member's setting that decides whether they want a push of each kind of notification.
# Kinds not listed (their own account: an export they asked for) are always pushed.
PUSH_PREFERENCE: dict[str, str] = {
    Notification.Kind.MILESTONE: "push_on_milestone",
    Notification.Kind.REPLY: "push_on_reply",
    Notification.Kind.MENTION: "push_on_mention",
    Notification.Kind.MODERATION: "push_on_moderation",
    Notification.Kind.PARTNER: "push_on_partner",
    Notification.Kind.SOS: "push_on_sos",
    Notification.Kind.REMINDER: "push_on_reminder",
    Notification.Kind.RIGHT_NOW: "push_on_right_now",
}


def wants_push(*, member: User, kind: str) -> bool:
    preference = PUSH_PREFERENCE.get(kind)
    return member.is_active and (preference is None or getattr(member, preference))


def push_held_until(*, member: User, kind: str, now: dt.datetime) -> dt.datetime | None:
    """When the member's quiet hours end, if `now` is inside them and this push must wait.

    Start and end are local times in the member's zone; an end earlier than the start crosses
    midnight. A partner's SOS goes through if the member allows it.
    """
    start, end = member.quiet_hours_start, member.quiet_hours_end
    if start is None or end is None or start == end:
        return None
    if kind == Notification.Kind.SOS and member.quiet_hours_sos_breaks_through:
        return None
    local = now.astimezone(member.zone)
    moment = local.time().replace(tzinfo=None)
    quiet = start <= moment < end if start < end else (moment >= start or moment < end)
    if not quiet:
        return None
    day = local.date() if moment < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=member.zone).astimezone(dt.UTC)


_off_logged = False


def web_push_enabled() -> bool:
    """Web Push needs VAPID keys from the environment; without them the channel is off, said once."""
    global _off_logged
    if settings.VAPID_PRIVATE_KEY:
        return True
    if not _off_logged:
        logger.info("Web Push is off: VAPID_PRIVATE_KEY is not set.")
        _off_logged = True
    return False


class PushServiceUnavailable(Exception):
    """The push service did not take the message; the task retries later."""


def web_push_send(*, subscription: PushSubscription, content: PushContent) -> bool:
    """Send one push; False if the push service says the subscription is gone (it is deleted)."""
    payload = json.dumps({"title": content.title, "body": content.body, "url": content.url})
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=payload,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            timeout=PUSH_TIMEOUT,
            ttl=24 * 3600,
        )
    except RequestException as error:
        raise PushServiceUnavailable(f"Push service unreachable: {error}") from error
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in (404, 410):
            subscription.delete()
            return False
        raise PushServiceUnavailable(f"Push service answered {status}") from error
    return True
