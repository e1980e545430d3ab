"""Django's permission checks, remembered in the cache between requests.

Every signed-in page asks whether the member is a moderator, which costs Django's ModelBackend two
queries (the member's own permissions and their groups'). The answer changes only when someone is
given or loses a group or a permission, so it is kept per member under one version that any such
change bumps. While the cache is unreachable, permissions are read from the database as usual; a
change made during an outage is picked up at the latest when the kept value expires.

Nearly every member holds no permission and no group: one list of those who do (the moderators),
kept once for everyone under the same version, answers for all the others without a query of their
own, so a member's first page after a while costs nothing more for their permissions.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver

from community.cache import bump_on_commit, get_or_compute

from .cache import PERMISSION_HOLDERS_KEY, PERMISSIONS_VERSION_KEY, permissions_key
from .models import User

PERMISSIONS_TTL = 5 * 60


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if not user_obj.is_superuser and user_obj.pk not in _permission_holders():
                user_obj._perm_cache = set()
                return user_obj._perm_cache
            user_obj._perm_cache = get_or_compute(
                key=permissions_key(user_id=user_obj.pk, is_superuser=user_obj.is_superuser),
                version_key=PERMISSIONS_VERSION_KEY,
                compute=lambda: _permissions_of(user_obj),
                timeout=PERMISSIONS_TTL,
            )
        return user_obj._perm_cache


def _permission_holders() -> frozenset[int]:
    """The ids of the members with a permission or a group (of any kind) of their own."""

    def compute() -> frozenset[int]:
        own = User.user_permissions.through.objects.values_list("user_id", flat=True)
        grouped = User.groups.through.objects.values_list("user_id", flat=True)
        return frozenset(own.union(grouped))

    return get_or_compute(
        key=PERMISSION_HOLDERS_KEY,
        version_key=PERMISSIONS_VERSION_KEY,
        compute=compute,
        timeout=PERMISSIONS_TTL,
    )


def _permissions_of(user: User) -> set[str]:
    """What ModelBackend.get_all_permissions gives, in one query rather than two (the member's own
    permissions and their groups'), for the pages computed with an empty cache."""
    permissions = Permission.objects.all()
    if not user.is_superuser:
        permissions = permissions.filter(Q(user=user) | Q(group__user=user))
    rows = permissions.values_list("content_type__app_label", "codename").distinct()
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def permissions_changed() -> None:
    bump_on_commit([PERMISSIONS_VERSION_KEY])


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
@receiver(m2m_changed, sender=Group.permissions.through)
def _memberships_changed(sender, action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        permissions_changed()


@receiver(post_delete, sender=Group)
@receiver(post_delete, sender=Permission)
def _group_or_permission_deleted(sender, **kwargs) -> None:
    permissions_changed()
