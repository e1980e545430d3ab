"""Asking the community for support right now (the listeners are told in notifying)."""

from django.db import transaction
from django.utils.text import Truncator

from accounts.models import User

from .. import selectors
from ..models import Thread
from .posting import thread_create
from .rules import clean_body

DERIVED_TITLE_WORDS = 12


def _derived_title(body: str) -> str:
    """A title from the first words of the message, for a member who did not give one."""
    first_line = " ".join(body.split())
    title = Truncator(first_line).words(DERIVED_TITLE_WORDS, truncate="…")
    title = Truncator(title).chars(100, truncate="…")
    return title if len(title) >= 3 else "I need support right now"


@transaction.atomic
def right_now_ask(*, author: User, body: str, title: str = "") -> Thread:
    """Start a thread in Right now, through thread_create like any thread (a new member's post waits
    for a moderator; crisis words show help at once and put it first in the queue; at most
    rules.RIGHT_NOW_PER_HOUR an hour). Listeners are told once the opening post is published."""
    category = selectors.right_now_category()
    body = clean_body(body)
    title = " ".join((title or "").split()) or _derived_title(body)
    return thread_create(author=author, category=category, title=title, body=body)
