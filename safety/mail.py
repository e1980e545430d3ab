"""Discreet mode for e-mail, in the one place every outgoing e-mail passes through.

The configured backend is wrapped: before a message leaves, if any recipient is a member who chose
discreet mode, its subject, sender name and opening lines (the preview a phone shows on the lock
screen) become neutral. The senders (milestones, forum notifications, exports, allauth...) need not
know about it, and new kinds of e-mail are covered as they are added.
"""

import re
from collections.abc import Sequence
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailAlternative
from django.utils.html import escape
from django.utils.module_loading import import_string

from .selectors import discreet_addresses

DISCREET_SUBJECT = "A message from your community"
DISCREET_SENDER_NAME = "Community notes"
# Long enough to fill a preview (about 100 characters), with no number and nothing about the site.
DISCREET_OPENING = (
    "Hello. There is a new note for you from your community. You asked for quiet e-mails, "
    "so it starts a little further down."
)

_BODY_TAG = re.compile(r"<body[^>]*>", re.IGNORECASE)
_TITLE = re.compile(r"<title>.*?</title>", re.IGNORECASE | re.DOTALL)


def make_discreet(message: EmailMessage) -> None:
    """Rewrite `message` in place so that nothing in its first lines tells what it is about."""
    message.subject = DISCREET_SUBJECT
    address = parseaddr(getattr(settings, "DISCREET_FROM_EMAIL", "") or message.from_email or "")[1]
    message.from_email = formataddr((DISCREET_SENDER_NAME, address or settings.DEFAULT_FROM_EMAIL))
    message.body = f"{DISCREET_OPENING}\n\n\n{message.body}"
    if isinstance(message, EmailMultiAlternatives):
        message.alternatives = [
            EmailAlternative(_discreet_html(content), mimetype) if mimetype == "text/html" else alternative
            for alternative in message.alternatives
            for content, mimetype in [alternative]
        ]


def _discreet_html(html: Any) -> Any:
    if not isinstance(html, str):
        return html
    opening = f'<p style="margin:0 0 24px;">{escape(DISCREET_OPENING)}</p>'
    html = _TITLE.sub(f"<title>{escape(DISCREET_SUBJECT)}</title>", html, count=1)
    if _BODY_TAG.search(html):
        return _BODY_TAG.sub(lambda match: match.group(0) + opening, html, count=1)
    return opening + html


class DiscreetEmailBackend(BaseEmailBackend):
    """Wraps the real backend (`backend`, with its `options`) and applies discreet mode."""

    def __init__(self, *, backend: str, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        alias = kwargs.get("alias")
        self.inner: BaseEmailBackend = import_string(backend)(alias=alias, **(options or {}))

    def open(self) -> bool | None:
        return self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        addresses = {address for message in email_messages for address in message.recipients()}
        discreet = discreet_addresses(addresses=addresses) if addresses else set()
        for message in email_messages:
            if any(address.lower() in discreet for address in message.recipients()):
                make_discreet(message)
        return self.inner.send_messages(email_messages) or 0
