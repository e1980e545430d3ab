"""Moderators' decisions on posts and threads, each written to the append-only moderation log."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from community.exceptions import ApplicationError

from .. import cache as forum_cache
from ..models import Category, Flag, ModerationLogEntry, Post, PostStatus, RejectionReason, Thread
from .notifying import announce_published, notify_author
from .posting import revise, thread_refresh
from .rules import clean_body, ensure_moderator

ALREADY_HANDLED = "Another moderator already handled this post. The queue shows its current state."


def log_write(
    *,
    moderator: User,
    action: str,
    post: Post | None = None,
    thread: Thread | None = None,
    target_user: User | None = None,
    reason: str = "",
    target: str = "",
) -> ModerationLogEntry:
    if post is not None:
        thread = thread or post.thread
        target_user = target_user or post.author
        target = target or f"Post {post.pk} by {post.author_name} in “{post.thread.title}”"
    elif thread is not None:
        target = target or f"Thread “{thread.title}”"
    elif target_user is not None:
        target = target or f"Member {target_user.handle}"
    entry = ModerationLogEntry(
        moderator=moderator,
        moderator_handle=moderator.handle,
        action=action,
        post=post,
        thread=thread,
        target_user=target_user,
        target=target[:200],
        reason=reason[:500],
        created_at=timezone.now(),
    )
    entry.full_clean()
    entry.save()
    return entry


def _lock_post(*, moderator: User, post: Post, expected_version: int | None, allowed: set[str]) -> Post:
    ensure_moderator(user=moderator)
    locked = Post.objects.select_for_update(of=("self",)).select_related("thread", "author").get(pk=post.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ApplicationError(ALREADY_HANDLED, status=409)
    if locked.status not in allowed:
        raise ApplicationError(ALREADY_HANDLED, status=409)
    return locked


def _resolve_flags(*, post: Post, status: str) -> None:
    Flag.objects.filter(post=post, status=Flag.Status.OPEN).update(status=status, resolved_at=timezone.now())
    forum_cache.queue_changed()


def _decide(*, post: Post, status: str) -> bool:
    """Move a post to a new status after review; returns whether it is published for the first time."""
    first_publication = status == PostStatus.PUBLISHED and post.approved_at is None
    post.status = status
    post.needs_review = False
    post.review_since = None
    post.version += 1
    if first_publication:
        post.approved_at = timezone.now()
    post.save()
    thread_refresh(thread=post.thread)
    forum_cache.queue_changed()
    return first_publication


@transaction.atomic
def post_approve(*, moderator: User, post: Post, expected_version: int | None = None) -> Post:
    """Publish a pending post, or keep a flagged or crisis post published and clear it from the queue."""
    post = _lock_post(
        moderator=moderator,
        post=post,
        expected_version=expected_version,
        allowed={PostStatus.PENDING, PostStatus.PUBLISHED, PostStatus.HIDDEN},
    )
    was = post.status
    if was == PostStatus.PUBLISHED and not post.needs_review:
        raise ApplicationError(ALREADY_HANDLED, status=409)
    _resolve_flags(post=post, status=Flag.Status.DISMISSED)
    first_publication = _decide(post=post, status=PostStatus.PUBLISHED)
    log_write(moderator=moderator, action=ModerationLogEntry.Action.APPROVE, post=post)
    if was != PostStatus.PUBLISHED:
        notify_author(post=post, title=f"Your post in “{post.thread.title}” is published")
    if first_publication:
        announce_published(post=post)
    return post


@transaction.atomic
def post_reject(
    *,
    moderator: User,
    post: Post,
    reason: str = "",
    preset: RejectionReason | None = None,
    expected_version: int | None = None,
) -> Post:
    """Turn down a post with a reason the author sees: a ready-made one, a sentence of the
    moderator's own, or both (the ready-made one first)."""
    reason = " ".join(part for part in (preset.text if preset else "", (reason or "").strip()) if part)
    if not reason:
        raise ApplicationError("Please choose or write a reason for the author.", field="reason")
    post = _lock_post(
        moderator=moderator,
        post=post,
        expected_version=expected_version,
        allowed={PostStatus.PENDING, PostStatus.PUBLISHED, PostStatus.HIDDEN},
    )
    _resolve_flags(post=post, status=Flag.Status.UPHELD)
    post.rejection_reason = reason[:500]
    _decide(post=post, status=PostStatus.REJECTED)
    log_write(moderator=moderator, action=ModerationLogEntry.Action.REJECT, post=post, reason=reason)
    notify_author(
        post=post,
        title=f"A moderator did not publish your post in “{post.thread.title}”",
        body=f"The reason: {reason}",
    )
    return post


@transaction.atomic
def post_hide(*, moderator: User, post: Post, reason: str = "", expected_version: int | None = None) -> Post:
    post = _lock_post(
        moderator=moderator,
        post=post,
        expected_version=expected_version,
        allowed={PostStatus.PUBLISHED, PostStatus.PENDING},
    )
    _resolve_flags(post=post, status=Flag.Status.UPHELD)
    post.rejection_reason = (reason or "").strip()[:500]
    _decide(post=post, status=PostStatus.HIDDEN)
    log_write(moderator=moderator, action=ModerationLogEntry.Action.HIDE, post=post, reason=reason)
    notify_author(
        post=post,
        title=f"A moderator hid your post in “{post.thread.title}”",
        body=f"The reason: {reason}" if reason else "",
    )
    return post


@transaction.atomic
def post_restore(*, moderator: User, post: Post, expected_version: int | None = None) -> Post:
    post = _lock_post(
        moderator=moderator,
        post=post,
        expected_version=expected_version,
        allowed={PostStatus.HIDDEN, PostStatus.REJECTED},
    )
    _resolve_flags(post=post, status=Flag.Status.DISMISSED)
    post.rejection_reason = ""
    first_publication = _decide(post=post, status=PostStatus.PUBLISHED)
    log_write(moderator=moderator, action=ModerationLogEntry.Action.RESTORE, post=post)
    notify_author(post=post, title=f"Your post in “{post.thread.title}” is visible again")
    if first_publication:
        announce_published(post=post)
    return post


def _lock_flagged_post(*, moderator: User, post: Post, expected_version: int | None) -> Post:
    """Lock a post whose flags a moderator decides on; 409 when another moderator already did."""
    post = _lock_post(
        moderator=moderator,
        post=post,
        expected_version=expected_version,
        allowed={PostStatus.PUBLISHED, PostStatus.HIDDEN, PostStatus.PENDING},
    )
    if not Flag.objects.filter(post=post, status=Flag.Status.OPEN).exists():
        raise ApplicationError(ALREADY_HANDLED, status=409)
    return post


@transaction.atomic
def flags_uphold(*, moderator: User, post: Post, expected_version: int | None = None) -> Post:
    """Agree with the reports: the post is hidden."""
    post = _lock_flagged_post(moderator=moderator, post=post, expected_version=expected_version)
    _resolve_flags(post=post, status=Flag.Status.UPHELD)
    _decide(post=post, status=PostStatus.HIDDEN)
    log_write(moderator=moderator, action=ModerationLogEntry.Action.UPHOLD_FLAGS, post=post)
    notify_author(post=post, title=f"A moderator hid your post in “{post.thread.title}” after reports")
    return post


@transaction.atomic
def flags_dismiss(*, moderator: User, post: Post, expected_version: int | None = None) -> Post:
    """The reports do not hold: a post hidden by them is published again."""
    post = _lock_flagged_post(moderator=moderator, post=post, expected_version=expected_version)
    _resolve_flags(post=post, status=Flag.Status.DISMISSED)
    status = PostStatus.PUBLISHED if post.status == PostStatus.HIDDEN else post.status
    if post.status == PostStatus.PENDING:
        post.version += 1
        post.save(update_fields=["version"])
    else:
        _decide(post=post, status=status)
    log_write(moderator=moderator, action=ModerationLogEntry.Action.DISMISS_FLAGS, post=post)
    return post


@transaction.atomic
def post_moderator_edit(
    *, moderator: User, post: Post, body: str, reason: str = "", expected_version: int | None = None
) -> Post:
    """A moderator edits a post, for example to take out someone's name; the old text is kept."""
    post = _lock_post(
        moderator=moderator,
        post=post,
        expected_version=expected_version,
        allowed={PostStatus.PENDING, PostStatus.PUBLISHED, PostStatus.HIDDEN},
    )
    body = clean_body(body)
    revise(post=post, body=body, editor=moderator)
    post.version += 1
    post.full_clean()
    post.save()
    forum_cache.thread_changed(thread_id=post.thread_id, category_ids=[post.thread.category_id])
    log_write(moderator=moderator, action=ModerationLogEntry.Action.EDIT, post=post, reason=reason)
    notify_author(
        post=post,
        title=f"A moderator edited your post in “{post.thread.title}”",
        body=f"The reason: {reason}" if reason else "",
    )
    return post


def _thread_set(*, moderator: User, thread: Thread, field: str, value: bool, on: str, off: str) -> Thread:
    ensure_moderator(user=moderator)
    thread = Thread.objects.select_for_update(of=("self",)).get(pk=thread.pk)
    if getattr(thread, field) == value:
        return thread
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    forum_cache.thread_changed(thread_id=thread.pk, category_ids=[thread.category_id])
    log_write(moderator=moderator, action=on if value else off, thread=thread, target_user=thread.author)
    return thread


@transaction.atomic
def thread_lock(*, moderator: User, thread: Thread, locked: bool = True) -> Thread:
    return _thread_set(
        moderator=moderator,
        thread=thread,
        field="is_locked",
        value=locked,
        on=ModerationLogEntry.Action.LOCK,
        off=ModerationLogEntry.Action.UNLOCK,
    )


@transaction.atomic
def thread_pin(*, moderator: User, thread: Thread, pinned: bool = True) -> Thread:
    return _thread_set(
        moderator=moderator,
        thread=thread,
        field="is_pinned",
        value=pinned,
        on=ModerationLogEntry.Action.PIN,
        off=ModerationLogEntry.Action.UNPIN,
    )


@transaction.atomic
def thread_move(*, moderator: User, thread: Thread, category: Category, reason: str = "") -> Thread:
    ensure_moderator(user=moderator)
    thread = Thread.objects.select_for_update(of=("self",)).select_related("category").get(pk=thread.pk)
    if thread.category_id == category.pk:
        return thread
    old = thread.category.name
    old_category_id = thread.category_id
    thread.category = category
    thread.save(update_fields=["category"])
    forum_cache.thread_changed(thread_id=thread.pk, category_ids=[old_category_id, category.pk])
    log_write(
        moderator=moderator,
        action=ModerationLogEntry.Action.MOVE,
        thread=thread,
        target_user=thread.author,
        reason=reason or f"From {old} to {category.name}",
    )
    return thread


BULK_ACTIONS: dict[str, Callable[..., Post]] = {"approve": post_approve, "dismiss": flags_dismiss}
BULK_MAX = 100


@dataclass
class BulkOutcome:
    done: list[int] = field(default_factory=list)
    already_handled: list[int] = field(default_factory=list)


def posts_bulk_decide(*, moderator: User, action: str, items: Sequence[tuple[int, int]]) -> BulkOutcome:
    """Approve, or dismiss the flags of, many posts at once: each (post id, version seen) through the
    same service as one decision, so each gets its own log entry and its own optimistic lock.

    Not one transaction: a post another moderator handled meanwhile is reported back, and the
    others are still decided.
    """
    ensure_moderator(user=moderator)
    service = BULK_ACTIONS.get(action)
    if service is None:
        raise ApplicationError("Please choose approve or dismiss.", field="action")
    if not items:
        raise ApplicationError("Please select at least one post.", field="items")
    if len(items) > BULK_MAX:
        raise ApplicationError(f"Please select at most {BULK_MAX} posts at once.", field="items")
    posts = Post.objects.in_bulk([post_id for post_id, _ in items])
    outcome = BulkOutcome()
    for post_id, version in items:
        post = posts.get(post_id)
        if post is None:
            outcome.already_handled.append(post_id)
            continue
        try:
            service(moderator=moderator, post=post, expected_version=version)
        except ApplicationError:
            outcome.already_handled.append(post_id)
        else:
            outcome.done.append(post_id)
    return outcome
