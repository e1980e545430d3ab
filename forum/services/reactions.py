"""Supportive reactions on published posts."""

from django.db import IntegrityError, transaction

from accounts.models import User
from community.exceptions import ApplicationError

from .. import cache as forum_cache
from .. import selectors
from ..models import Post, Reaction
from .rules import ensure_can_write


@transaction.atomic
def reaction_toggle(*, user: User, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back if it is there; returns whether it is on now."""
    ensure_can_write(user=user)
    if kind not in Reaction.Kind.values:
        raise ApplicationError("Please choose hug, stay strong or same here.", field="kind")
    if not selectors.post_view_for(viewer=user, post=post).can_react:
        raise ApplicationError("You can react to published posts only.")
    forum_cache.thread_changed(thread_id=post.thread_id, category_ids=[])
    deleted, _ = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:
        pass  # The same reaction sent twice at once: it is on.
    return True
