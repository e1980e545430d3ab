"""The cache keys of the per-member reads kept between requests: the only place they are spelled.

Each value is stored beside a version key (community.cache); a change bumps the version.
"""

PERMISSIONS_VERSION_KEY = "accounts:v:permissions"
# The ids of the members with a permission or a group of their own, shared by every member.
PERMISSION_HOLDERS_KEY = "accounts:permission-holders"


def permissions_key(*, user_id: int, is_superuser: bool) -> str:
    return f"accounts:permissions:{user_id}:{int(is_superuser)}"


def blocks_version_key(*, user_id: int) -> str:
    """Bumped whenever the member blocks or unblocks someone (see accounts.signals)."""
    return f"accounts:v:blocks:{user_id}"


def blocked_key(*, user_id: int) -> str:
    return f"accounts:blocked:{user_id}"


def notifications_version_key(*, user_id: int) -> str:
    """Bumped whenever one of the member's notifications arrives or is read."""
    return f"accounts:v:notifications:{user_id}"


def unread_count_key(*, user_id: int) -> str:
    return f"accounts:unread:{user_id}"


def delete_password_failures_key(*, user_id: int) -> str:
    """Wrong passwords given to delete the account, counted in the rate-limit cache."""
    return f"accounts:delete-password-failures:{user_id}"
