"""Reads about members, scoped to who is asking."""

from django.db.models import QuerySet
from django.http import Http404

from .models import Block, Notification, User


def member_get_by_handle(*, handle: str) -> User:
    """An active member by handle, any letter case; 404 otherwise."""
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


def blocked_user_ids(*, user: User) -> set[int]:
    """Ids of the members `user` has blocked."""
    if not user.is_authenticated:
        return set()
    return set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True))


def is_blocked_by(*, user: User, other: User) -> bool:
    """Whether `other` has blocked `user`."""
    return Block.objects.filter(blocker=other, blocked=user).exists()


def blocks_of(*, user: User) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("blocked__handle")


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def notifications_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
