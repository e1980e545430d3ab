"""The streak section of a member's public profile, shown only as the member allows."""

from typing import Any

from accounts.models import User
from accounts.selectors import streak_visible_to

from . import selectors


def streak_profile_section(member: User, viewer: User | None) -> dict[str, Any] | None:
    if not streak_visible_to(member=member, viewer=viewer):
        return None
    figures = selectors.figures_for(user=member)
    if figures.streak_count == 0:
        return None
    return {
        "template": "streaks/profile_section.html",
        "data": {
            "current_days": figures.days if figures.streak else None,
            "longest_days": figures.longest_days,
        },
    }
