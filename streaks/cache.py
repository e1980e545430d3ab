"""What the dashboard reads about a member's own streaks, kept under a version number per member.

The dashboard is every member's home page: its streaks, the heat map of the last year, the urges
held, the reason of the day and today's pledge and review are computed once per member, local
day and version, then served from the cache. The version is bumped, at once and again when the
transaction commits, whenever one of the member's streaks, check-ins, urges, slips, pledges or
reasons is saved (a receiver below, so the admin is covered too), and by the services that delete
them or change them in bulk. What depends on the minute (hours since contact, the undo window,
morning or evening) is worked out on every request from what is kept.
"""

from collections.abc import Callable, Iterable

from django.db.models.signals import post_save
from django.dispatch import receiver

from community.cache import bump_on_commit, get_or_compute

from .models import CheckIn, Pledge, Reason, Slip, Streak, Urge

TTL = 60 * 60 * 24  # a member's entries are for one local day at most


def _member_key(user_id: int) -> str:
    return f"streaks:v:member:{user_id}"


def members_changed(user_ids: Iterable[int]) -> None:
    """Something on these members' dashboards changed: what was kept for them is stale."""
    bump_on_commit([_member_key(user_id) for user_id in set(user_ids)])


def member_kept[T](*, user_id: int, name: str, compute: Callable[[], T]) -> T:
    """A value made from the member's own streak data, kept until it changes."""
    return get_or_compute(
        key=f"streaks:member:{user_id}:{name}",
        version_key=_member_key(user_id),
        compute=compute,
        timeout=TTL,
    )


@receiver(post_save, sender=Streak)
@receiver(post_save, sender=CheckIn)
@receiver(post_save, sender=Urge)
@receiver(post_save, sender=Slip)
@receiver(post_save, sender=Pledge)
@receiver(post_save, sender=Reason)
def _member_row_saved(sender, instance, **kwargs) -> None:
    members_changed([instance.user_id])
