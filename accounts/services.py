"""Every change to a member's account, blocks and notifications goes through here."""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from community.api import ApplicationError
from community.text import render_markdown

from .models import Block, Notification, User

PROFILE_FIELDS = (
    "handle",
    "bio",
    "timezone",
    "streak_visibility",
    "email_on_milestone",
    "email_on_reply",
    "email_on_moderation",
)


def profile_update(*, user: User, data: dict[str, Any]) -> User:
    """Update the fields of a member's own profile; unknown fields are ignored."""
    changed = [field for field in PROFILE_FIELDS if field in data and getattr(user, field) != data[field]]
    for field in changed:
        setattr(user, field, data[field])
    if "bio" in changed:
        user.bio_html = render_markdown(user.bio)
        changed.append("bio_html")
    if not changed:
        return user
    if "handle" in changed and User.objects.filter(handle__iexact=user.handle).exclude(pk=user.pk).exists():
        raise ApplicationError("That handle is already taken.", field="handle")
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save(update_fields=changed)
    except IntegrityError as error:
        raise ApplicationError("That handle is already taken.", field="handle") from error
    return user


def block_create(*, blocker: User, blocked: User) -> Block:
    if blocker.pk == blocked.pk:
        raise ApplicationError("You cannot block yourself.")
    block, _ = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    return block


def block_delete(*, blocker: User, blocked: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


def notification_create(
    *, recipient: User, kind: str, title: str, body: str = "", url: str = ""
) -> Notification:
    return Notification.objects.create(recipient=recipient, kind=kind, title=title, body=body, url=url)


def notifications_create(
    *, recipients: Iterable[User], kind: str, title: str, body: str = "", url: str = ""
) -> int:
    rows = [Notification(recipient=r, kind=kind, title=title, body=body, url=url) for r in recipients]
    return len(Notification.objects.bulk_create(rows))


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with no ids, all) of a member's unread notifications as read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(Q(pk__in=list(ids)))
    return unread.update(read_at=timezone.now())
