"""Asking the community for support right now (the listeners are told in notifying)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import User

from .. import selectors
from ..models import Thread
from .posting import thread_create
from .rules import RateLimited, _seconds_until, clean_body

ASKS_PER_HOUR = 3
DERIVED_TITLE_WORDS = 12


def _derived_title(body: str) -> str:
    """A title from the first words of the message, for a member who did not give one."""
    first_line = " ".join(body.split())
    title = Truncator(first_line).words(DERIVED_TITLE_WORDS, truncate="…")
    title = Truncator(title).chars(100, truncate="…")
    return title if len(title) >= 3 else "I need support right now"


def _check_ask_limit(*, author: User, category_id: int) -> None:
    since = timezone.now() - timedelta(hours=1)
    recent = list(
        Thread.objects.filter(author=author, category_id=category_id, created_at__gt=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if len(recent) >= ASKS_PER_HOUR:
        raise RateLimited(
            f"You have asked the community {ASKS_PER_HOUR} times in the last hour, the most we take so "
            "that every request is seen. Your threads in Right now are still open for answers, and the "
            "help page has people you can talk to at once.",
            retry_after=_seconds_until(recent[0] + timedelta(hours=1)),
        )


@transaction.atomic
def right_now_ask(*, author: User, body: str, title: str = "") -> Thread:
    """Start a thread in Right now, through thread_create like any thread (a new member's post waits
    for a moderator; crisis words show help at once and put it first in the queue). At most
    ASKS_PER_HOUR an hour; listeners are told once the opening post is published."""
    category = selectors.right_now_category()
    # Two taps at once count as two against the limit.
    User.objects.select_for_update().filter(pk=author.pk).first()
    body = clean_body(body)
    _check_ask_limit(author=author, category_id=category.pk)
    title = " ".join((title or "").split()) or _derived_title(body)
    return thread_create(author=author, category=category, title=title, body=body)
