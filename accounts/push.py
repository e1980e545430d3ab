"""The push channel of notifications: what a push says, and sending it to a member's browsers.

The protocols are pywebpush's (payload encryption, VAPID signing); this module only decides the
words and what to do with the push service's answer.
"""

import json
import logging
from dataclasses import dataclass

from django.conf import settings
from pywebpush import WebPushException, webpush

from .models import Notification, PushSubscription

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
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in (404, 410):
            subscription.delete()
            return False
        raise PushServiceUnavailable(f"Push service answered {status}") from error
    return True
