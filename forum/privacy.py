"""A member's forum activity: their data export section, and what happens to it when they leave.

Leaving, a member chooses to keep their published posts (shown as "a former member", words
unchanged) or to delete them. A deleted opening post of a thread others have answered stays as a
placeholder, so the replies keep their place; a thread nobody else took part in goes entirely.
Reactions, follows, read markers and drafts go either way. Their open flags stay, with no name, so a post
they reported stays hidden or in the queue until a moderator decides; resolved flags go. The
moderation log keeps every entry, with "a former member" where it named them, and so do other
members' notifications of their replies and mentions.
"""

from typing import Any

from django.db.models import Q, Value
from django.db.models.functions import Concat, StrIndex, Substr
from django.utils.text import capfirst

from accounts.models import Notification, User

from . import cache as forum_cache
from .models import (
    FORMER_MEMBER,
    Draft,
    Flag,
    ModerationLogEntry,
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
        "drafts": [
            {
                "thread_id": draft.thread_id,
                "category": draft.category.slug if draft.category is not None else None,
                "title": draft.title,
                "body": draft.body,
                "updated_at": _moment(draft.updated_at),
            }
            for draft in Draft.objects.filter(user=user)
            .select_related("category")
            .order_by("updated_at", "id")
        ],
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
    Flag.objects.filter(user=user).exclude(status=Flag.Status.OPEN).delete()
    Flag.objects.filter(user=user).update(user=None)
    log_forget_member(user=user)
    notifications_forget_member(user=user)
    ThreadFollow.objects.filter(user=user).delete()
    ThreadRead.objects.filter(user=user).delete()
    Draft.objects.filter(user=user).delete()
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
    forum_cache.queue_changed()


# The log and the notifications keep the texts they were written with, rather than a member's id
# to name them by when shown: a log entry must read the same after the post or thread it names
# is deleted, and a notification is the very text that was e-mailed. So the name is rewritten in
# place, in a few set-based updates, on the rare day a member leaves, and every reader stays simple.


def log_forget_member(*, user: User) -> None:
    """Replace a leaving member's name in the moderation log with "a former member".

    Found by the entries' links to them (still set: the account is deleted after this), and
    rewritten by the shapes moderation.log_write gives a target ("Post 12 by <name> in “…”",
    "Member <name>"), so a handle they had before a change of handle goes too.
    """
    ModerationLogEntry.objects.filter(moderator=user).update(moderator_handle=FORMER_MEMBER)
    about_them = ModerationLogEntry.objects.filter(target_user=user)
    about_them.filter(target__startswith="Member ").update(target=capfirst(FORMER_MEMBER))
    # Handles have no spaces: the name runs from after the first " by " to the first " in “".
    post_entries = about_them.filter(target__startswith="Post ", target__contains=" by ").filter(
        target__contains=" in “"
    )
    post_entries.update(
        target=Concat(
            Substr("target", 1, StrIndex("target", Value(" by ")) + 3),
            Value(FORMER_MEMBER),
            Substr("target", StrIndex("target", Value(" in “"))),
        )
    )


def notifications_forget_member(*, user: User) -> None:
    """Other members' notifications of a leaving member's replies and mentions begin with their
    handle (see notifying.announce_published): it becomes "A former member"."""
    named = Notification.objects.filter(
        kind__in=[Notification.Kind.REPLY, Notification.Kind.MENTION], title__istartswith=f"{user.handle} "
    ).exclude(recipient=user)
    named.update(title=Concat(Value(capfirst(FORMER_MEMBER)), Substr("title", len(user.handle) + 1)))
