"""Members report posts to the moderators; enough distinct reports hide a post until reviewed."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from community.exceptions import ApplicationError

from .. import cache as forum_cache
from .. import selectors
from ..models import Flag, ModerationLogEntry, Post, PostStatus
from .moderation import log_write
from .posting import thread_refresh
from .rules import ensure_can_write

HIDE_AFTER_DISTINCT_FLAGS = 3


@transaction.atomic
def flag_create(*, user: User, post: Post, reason: str, note: str = "") -> Flag:
    """Report a post to the moderators; a second report of the same post is the same flag."""
    ensure_can_write(user=user)
    if reason not in Flag.Reason.values:
        raise ApplicationError("Please choose a reason.", field="reason")
    note = (note or "").strip()
    if reason == Flag.Reason.OTHER and not note:
        raise ApplicationError("Please tell the moderators a little about what is wrong.", field="note")
    if selectors.post_view_for(viewer=user, post=post).is_mine:
        raise ApplicationError("You cannot flag your own post. You can edit or delete it instead.")
    post = Post.objects.select_for_update(of=("self",)).select_related("thread").get(pk=post.pk)
    existing = Flag.objects.filter(post=post, user=user).first()
    if existing is not None:
        return existing
    flag = Flag(post=post, user=user, reason=reason, note=note[:500])
    flag.full_clean()
    flag.save()
    now = timezone.now()
    post.needs_review = True
    post.review_since = post.review_since or now
    if reason == Flag.Reason.CRISIS:
        post.is_crisis = True
    # One flag per member and post (a unique row), so each open flag is one distinct member; the
    # flags of members who have left (user None) count one each, as they did before.
    open_flags = Flag.objects.filter(post=post, status=Flag.Status.OPEN).count()
    hide = post.status == PostStatus.PUBLISHED and (
        user.is_moderator or open_flags >= HIDE_AFTER_DISTINCT_FLAGS
    )
    if hide:
        post.status = PostStatus.HIDDEN
        post.version += 1
    post.save(update_fields=["needs_review", "review_since", "is_crisis", "status", "version"])
    forum_cache.queue_changed()
    if hide:
        thread_refresh(thread=post.thread)
        if user.is_moderator:
            log_write(
                moderator=user,
                action=ModerationLogEntry.Action.FLAG_HIDE,
                post=post,
                reason=flag.get_reason_display(),
            )
    return flag
