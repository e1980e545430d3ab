"""Template context shared by every page."""

from functools import partial

from django.conf import settings
from django.http import HttpRequest

from accounts.selectors import notifications_unread_count


def site(request: HttpRequest) -> dict:
    user = request.user
    # A callable: the template counts (one query) only where it shows the badge.
    unread = partial(notifications_unread_count, user=user) if user.is_authenticated else 0
    return {
        "SITE_NAME": settings.SITE_NAME,
        "is_moderator": bool(user.is_authenticated and user.has_perm("accounts.moderate")),
        "unread_notifications": unread,
    }
