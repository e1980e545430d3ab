"""Reads about members, scoped to who is asking."""

import uuid
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from community.cache import get_or_compute

from . import cache as keys
from .models import AccountDeletion, Block, DataExport, Notification, Partnership, SosAlert, User


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


def is_blocked_either_way(*, first: User, second: User) -> bool:
    return Block.objects.filter(Q(blocker=first, blocked=second) | Q(blocker=second, blocked=first)).exists()


def partnerships_between(*, first: User, second: User) -> QuerySet[Partnership]:
    """The invite or partnership between two members, whoever asked (at most one row)."""
    return Partnership.objects.filter(Q(inviter=first, invitee=second) | Q(inviter=second, invitee=first))


def partnerships_of(*, user: User) -> QuerySet[Partnership]:
    """The member's partnerships, with both sides joined; `partner_of` names the other side."""
    return (
        Partnership.objects.filter(status=Partnership.Status.ACTIVE)
        .filter(Q(inviter=user) | Q(invitee=user))
        .filter(inviter__is_active=True, invitee__is_active=True)
        .select_related("inviter", "invitee")
        .order_by("accepted_at", "id")
    )


def partner_of(partnership: Partnership, *, user: User) -> User:
    other = partnership.invitee if partnership.inviter_id == user.pk else partnership.inviter
    assert other is not None  # an active partnership has both sides
    return other


def partners_of(*, user: User) -> QuerySet[User]:
    """The members who are `user`'s partners: the only ones who see their count and their SOS."""
    active = Partnership.objects.filter(status=Partnership.Status.ACTIVE)
    return User.objects.filter(
        Q(pk__in=active.filter(inviter=user).values("invitee"))
        | Q(pk__in=active.filter(invitee=user).values("inviter")),
        is_active=True,
    )


def are_partners(*, first: User, second: User) -> bool:
    return partnerships_between(first=first, second=second).filter(status=Partnership.Status.ACTIVE).exists()


def partner_invites_received(*, user: User) -> QuerySet[Partnership]:
    """Invites by handle waiting for the member's answer."""
    return Partnership.objects.filter(
        invitee=user,
        status=Partnership.Status.INVITED,
        expires_at__gt=timezone.now(),
        inviter__is_active=True,
    ).select_related("inviter")


def partner_invites_sent(*, user: User) -> QuerySet[Partnership]:
    """The member's invites (by handle or link) still waiting for an answer."""
    return Partnership.objects.filter(
        inviter=user, status=Partnership.Status.INVITED, expires_at__gt=timezone.now()
    ).select_related("invitee")


def partner_invite_for(*, user: User, token: uuid.UUID | str, lock: bool = False) -> Partnership:
    """An invite `user` may see by its token: sent by them, sent to them, or a link (which anyone
    holding it may open). An invite to someone else, or an unknown token, is a 404."""
    invites = Partnership.objects.select_related("inviter", "invitee")
    if lock:
        invites = invites.select_for_update(of=("self",))
    invite = invites.filter(token=token).first()
    if invite is None:
        raise Http404("This invite is not valid any more.")
    holder = invite.invitee_id is None or user.pk in (invite.inviter_id, invite.invitee_id)
    link_used = invite.status == Partnership.Status.ACTIVE and invite.invitee_id != user.pk
    if not holder and not link_used:
        raise Http404("This invite is not valid any more.")
    return invite


def sos_get_for_partner(*, user: User, alert_id: int) -> SosAlert:
    """An SOS `user` may see: sent by one of their partners, neither having blocked the other. The
    sender's own, or anyone else's, is a 404."""
    alert = SosAlert.objects.select_related("sender").filter(pk=alert_id).first()
    if (
        alert is None
        or alert.sender_id == user.pk
        or not are_partners(first=user, second=alert.sender)
        or is_blocked_either_way(first=user, second=alert.sender)
    ):
        raise Http404("No SOS here.")
    return alert


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
