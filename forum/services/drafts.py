"""Drafts: what a member has begun writing, kept on the server so it survives a closed tab."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from community.exceptions import ApplicationError

from ..models import Category, Draft, Thread

MAX_BODY = 20000


def draft_save(
    *, user: User, thread: Thread | None, body: str, title: str = "", category: Category | None = None
) -> Draft | None:
    """Keep the member's draft of a reply to `thread` (or, with no thread, of a new thread in
    `category`), replacing the one before; an empty draft is deleted instead (returns None).

    `thread` comes from a selector scoped to the member, so a draft is only ever for what they read.
    """
    if len(body) > MAX_BODY:
        raise ApplicationError("Please keep a post under 20,000 characters.", field="body")
    title = " ".join(title.split())[:150] if thread is None else ""
    if not body.strip() and not title:
        draft_delete(user=user, thread=thread)
        return None
    values = {
        "body": body,
        "title": title,
        "category": category if thread is None else None,
        "updated_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            draft, _ = Draft.objects.update_or_create(user=user, thread=thread, defaults=values)
    except IntegrityError:
        # Two saves of the same draft at once (two tabs): the other created it; this one updates it.
        draft, _ = Draft.objects.update_or_create(user=user, thread=thread, defaults=values)
    return draft


def draft_delete(*, user: User, thread: Thread | None) -> None:
    Draft.objects.filter(user=user, thread=thread).delete()
