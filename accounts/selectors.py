"""Reads about members, scoped to who is asking."""

import uuid
from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from community.cache import get_or_compute

from . import cache as keys
from .models import AccountDeletion, Block, DataExport, Notification, User


def member_get_by_handle(*, handle: str) -> User:
    """An active member by handle, any letter case; 404 otherwise."""
    if "\x00" in handle:  # no handle holds one, and PostgreSQL cannot even compare it
        raise Http404("No member with that handle.")
    member = User.objects.filter(handle__iexact=handle, is_active=True).first()
    if member is None:
        raise Http404("No member with that handle.")
    return member


def streak_visible_to(*, member: User, viewer: User | None) -> bool:
    """Whether `viewer` may see `member`'s streak, per the member's choice."""
    if viewer is not None and viewer.is_authenticated and viewer.pk == member.pk:
        return True
    if member.streak_visibility == User.StreakVisibility.EVERYONE:
        return True
    if member.streak_visibility == User.StreakVisibility.MEMBERS:
        return viewer is not None and viewer.is_authenticated
    return False


BLOCKS_TTL = 10 * 60


def blocked_user_ids(*, user: User) -> set[int]:
    """Ids of the members `user` has blocked: read on every thread page, so kept in the cache."""
    if not user.is_authenticated:
        return set()
    return get_or_compute(
        key=keys.blocked_key(user_id=user.pk),
        version_key=keys.blocks_version_key(user_id=user.pk),
        compute=lambda: set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True)),
        timeout=BLOCKS_TTL,
    )


def blocks_of(*, user: User) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("blocked__handle")


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


UNREAD_COUNT_TTL = 10 * 60


def notifications_unread_count(*, user: User) -> int:
    """How many notifications the member has not read: on every page, so kept in the cache."""
    return get_or_compute(
        key=keys.unread_count_key(user_id=user.pk),
        version_key=keys.notifications_version_key(user_id=user.pk),
        compute=Notification.objects.filter(recipient=user, read_at__isnull=True).count,
        timeout=UNREAD_COUNT_TTL,
    )


def data_export_latest(*, user: User) -> DataExport | None:
    """The member's most recent data export, without its contents."""
    return DataExport.objects.filter(user=user).defer("content").first()


def data_export_get(*, user: User, token: uuid.UUID | str) -> DataExport:
    """One of the member's own exports by its token; anyone else's is a 404."""
    export = DataExport.objects.filter(user=user, token=token).first()
    if export is None:
        raise Http404("No export here.")
    return export


def data_export_is_expired(*, export: DataExport) -> bool:
    return export.expires_at is not None and export.expires_at <= timezone.now()


def account_deletions_overdue(*, older_than: timedelta = timedelta(minutes=15)) -> QuerySet:
    """Ids of members whose erasure was asked for a while ago and has not run yet."""
    return AccountDeletion.objects.filter(requested_at__lte=timezone.now() - older_than).values_list(
        "user_id", flat=True
    )
