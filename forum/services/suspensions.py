"""Pausing a member from posting, and lifting the pause."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Notification, User
from community.cache import bump_on_commit
from community.exceptions import ApplicationError

from .. import cache as forum_cache
from ..models import ModerationLogEntry, Suspension
from .moderation import log_write
from .notifying import notify
from .rules import ensure_moderator

SUSPENSION_DAYS = (1, 3, 7, 30)


@transaction.atomic
def member_suspend(*, moderator: User, user: User, days: int | None, reason: str) -> Suspension:
    """Suspend a member for 1, 3, 7 or 30 days, or until lifted (days=None)."""
    ensure_moderator(user=moderator)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Please give a reason; the member will see it.", field="reason")
    if days is not None and days not in SUSPENSION_DAYS:
        raise ApplicationError("Choose 1, 3, 7 or 30 days, or until lifted.", field="days")
    if user.pk == moderator.pk:
        raise ApplicationError("You cannot suspend yourself.")
    now = timezone.now()
    Suspension.objects.filter(user=user, lifted_at__isnull=True).update(lifted_at=now, lifted_by=moderator)
    suspension = Suspension(
        user=user,
        until=now + timedelta(days=days) if days else None,
        reason=reason[:500],
        created_by=moderator,
        created_at=now,
    )
    suspension.full_clean()
    suspension.save()
    bump_on_commit([forum_cache.suspension_version_key(user_id=user.pk)])
    length = f"for {days} day{'s' if days != 1 else ''}" if days else "until a moderator lifts it"
    log_write(
        moderator=moderator,
        action=ModerationLogEntry.Action.SUSPEND,
        target_user=user,
        reason=f"{reason} ({length})",
    )
    notify(
        recipients=[user],
        kind=Notification.Kind.MODERATION,
        title=f"Your account is paused from posting {length}",
        body=f"You can still read the forum. The reason: {reason}",
    )
    return suspension


@transaction.atomic
def suspension_lift(*, moderator: User, user: User, reason: str = "") -> int:
    ensure_moderator(user=moderator)
    now = timezone.now()
    lifted = Suspension.objects.active().filter(user=user).update(lifted_at=now, lifted_by=moderator)
    if not lifted:
        raise ApplicationError("This member is not suspended.", status=409)
    bump_on_commit([forum_cache.suspension_version_key(user_id=user.pk)])
    log_write(
        moderator=moderator, action=ModerationLogEntry.Action.LIFT_SUSPENSION, target_user=user, reason=reason
    )
    notify(
        recipients=[user],
        kind=Notification.Kind.MODERATION,
        title="You can post again",
        body="A moderator lifted the pause on your account. Welcome back.",
    )
    return lifted
