"""A member's forum activity: their data export section, and what happens to it when they leave.

Leaving, a member chooses to keep their published posts (shown as "a former member", words
unchanged) or to delete them. A deleted opening post of a thread others have answered stays as a
placeholder, so the replies keep their place; a thread nobody else took part in goes entirely.
Reactions, flags, follows and read markers go either way. The moderation log is kept as it is.
"""

from typing import Any

from django.db.models import Q

from accounts.models import User

from .models import (
    FORMER_MEMBER,
    Flag,
    Post,
    PostRevision,
    PostStatus,
    Reaction,
    Suspension,
    Thread,
    ThreadFollow,
    ThreadRead,
)
from .services import thread_refresh

REMOVED_TITLE = f"A conversation started by {FORMER_MEMBER}"
REMOVED_BODY = "This post was removed when its author left the community."
# Posts others could see, or moderators hid: kept (anonymised) when the member asks to keep them.
KEEPABLE = (PostStatus.PUBLISHED, PostStatus.HIDDEN)


def _moment(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def forum_export(user: User) -> dict[str, Any]:
    return {
        "threads_started": [
            {
                "id": thread.pk,
                "title": thread.title,
                "category": thread.category.slug,
                "status": thread.status,
                "created_at": _moment(thread.created_at),
            }
            for thread in Thread.objects.filter(author=user)
            .select_related("category")
            .order_by("created_at", "id")
        ],
        "posts": [
            {
                "id": post.pk,
                "thread_id": post.thread_id,
                "is_opening": post.is_opening,
                "body": post.body,
                "status": post.status,
                "milestone_days": post.milestone_days,
                "created_at": _moment(post.created_at),
                "edited_at": _moment(post.edited_at),
                "rejection_reason": post.rejection_reason,
            }
            for post in Post.objects.filter(author=user).order_by("created_at", "id")
        ],
        "reactions": [
            {"post_id": post_id, "kind": kind, "created_at": _moment(created_at)}
            for post_id, kind, created_at in Reaction.objects.filter(user=user)
            .order_by("created_at", "id")
            .values_list("post_id", "kind", "created_at")
        ],
        "flags": [
            {
                "post_id": flag.post_id,
                "reason": flag.reason,
                "note": flag.note,
                "status": flag.status,
                "created_at": _moment(flag.created_at),
            }
            for flag in Flag.objects.filter(user=user).order_by("created_at", "id")
        ],
        "followed_threads": list(
            ThreadFollow.objects.filter(user=user)
            .order_by("created_at", "id")
            .values_list("thread_id", flat=True)
        ),
        "suspensions": [
            {
                "reason": suspension.reason,
                "created_at": _moment(suspension.created_at),
                "until": _moment(suspension.until),
                "lifted_at": _moment(suspension.lifted_at),
            }
            for suspension in Suspension.objects.filter(user=user).order_by("created_at", "id")
        ],
    }


def forum_erase(user: User, keep_posts: bool) -> None:
    Reaction.objects.filter(user=user).delete()
    Flag.objects.filter(user=user).delete()
    ThreadFollow.objects.filter(user=user).delete()
    ThreadRead.objects.filter(user=user).delete()
    Suspension.objects.filter(user=user).delete()

    erased = Post.objects.filter(author=user)
    if keep_posts:
        erased = erased.exclude(status__in=KEEPABLE)
    touched = set(erased.values_list("thread_id", flat=True))
    openings = set(erased.filter(is_opening=True).values_list("thread_id", flat=True))
    answered = set(
        Post.objects.filter(thread_id__in=openings)
        .filter(~Q(author=user) | Q(author__isnull=True))
        .values_list("thread_id", flat=True)
    )
    placeholders = Post.objects.filter(thread_id__in=answered, is_opening=True, author=user)
    PostRevision.objects.filter(post__in=placeholders).delete()
    placeholders.update(
        author=None,
        body=REMOVED_BODY,
        body_html=f"<p>{REMOVED_BODY}</p>",
        status=PostStatus.REMOVED,
        removed_by_author=True,
        needs_review=False,
        review_since=None,
        is_crisis=False,
        milestone_days=None,
        rejection_reason="",
        edited_at=None,
    )
    Thread.objects.filter(pk__in=answered).update(title=REMOVED_TITLE)
    Thread.objects.filter(pk__in=openings - answered).delete()
    erased.delete()

    Post.objects.filter(author=user).update(author=None)
    Thread.objects.filter(author=user).update(author=None)
    PostRevision.objects.filter(edited_by=user).update(edited_by=None)
    for thread in Thread.objects.filter(pk__in=touched - (openings - answered)):
        thread_refresh(thread=thread)
