"""Template context for moderators on every page: how many posts wait in the review queue."""

from django.http import HttpRequest

from .selectors import review_queue_counts


def review_queue(request: HttpRequest) -> dict:
    user = request.user
    # A callable, from the cache, only for moderators: members' pages never ask for it.
    is_moderator = user.is_authenticated and user.has_perm("accounts.moderate")
    return {"review_queue_waiting": review_queue_counts if is_moderator else None}
