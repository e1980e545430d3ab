"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    user = request.user
    return {
        "SITE_NAME": settings.SITE_NAME,
        "is_moderator": bool(user.is_authenticated and user.has_perm("accounts.moderate")),
    }
