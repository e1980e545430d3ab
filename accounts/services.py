"""Every change to a member's account, blocks and notifications goes through here."""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from community.api import ApplicationError
from community.text import render_markdown

from .models import Block, Notification, User
from .validators import is_reserved_handle

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
    """Update the fields of a member's own profile; unknown fields are ignored.

    Refused input raises ApplicationError or ValidationError and leaves `user` as it was.
    """
    changed = [field for field in PROFILE_FIELDS if field in data and getattr(user, field) != data[field]]
    if not changed:
        return user
    if "bio" in changed:
        changed.append("bio_html")
    previous = {field: getattr(user, field) for field in changed}
    try:
        for field in changed:
            setattr(user, field, data[field] if field != "bio_html" else render_markdown(data["bio"]))
        if "handle" in changed:
            _check_handle_free(user)
        user.full_clean(exclude=["password"])
        with transaction.atomic():
            user.save(update_fields=changed)
    except IntegrityError as error:
        _restore(user, previous)
        raise ApplicationError("That handle is already taken.", field="handle") from error
    except Exception:
        _restore(user, previous)
        raise
    return user


def _check_handle_free(user: User) -> None:
    if is_reserved_handle(user.handle):
        raise ApplicationError("That handle is reserved. Please choose another.", field="handle")
    if User.objects.filter(handle__iexact=user.handle).exclude(pk=user.pk).exists():
        raise ApplicationError("That handle is already taken.", field="handle")


def _restore(user: User, previous: dict[str, Any]) -> None:
    for field, value in previous.items():
        setattr(user, field, value)


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
