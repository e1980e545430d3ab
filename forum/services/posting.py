"""A member's own writing: threads, replies, edits, removal, following and reading."""

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from accounts.models import User
from community.exceptions import ApplicationError

from .. import cache as forum_cache
from .. import selectors
from ..models import Category, Post, PostRevision, PostStatus, Thread, ThreadFollow, ThreadRead
from .drafts import draft_delete
from .notifying import announce_published
from .rendering import render_body
from .rules import (
    check_rate_limits,
    check_right_now_limit,
    clean_body,
    ensure_can_write,
    is_crisis,
    now_status,
)


def thread_refresh(*, thread: Thread) -> None:
    """Recount a thread's published posts and last activity (and who posted last), and mirror its
    opening post's status."""
    published = Post.objects.filter(thread=thread, status=PostStatus.PUBLISHED)
    counted = published.aggregate(count=Count("pk"), last=Max("created_at"))
    thread.post_count = counted["count"]
    last = counted["last"]
    thread.last_activity_at = max(last or thread.created_at, thread.created_at)
    latest = published.order_by("-created_at", "-id").values_list("author_id", flat=True).first()
    thread.last_poster_id = latest if last is not None else thread.author_id
    opening = Post.objects.filter(thread=thread, is_opening=True).values_list("status", flat=True).first()
    if opening is not None:
        thread.status = opening if opening != PostStatus.REMOVED else PostStatus.PUBLISHED
    thread.save(update_fields=["post_count", "last_activity_at", "last_poster", "status"])
    forum_cache.thread_changed(thread_id=thread.pk, category_ids=[thread.category_id])


def _follow(*, thread: Thread, user: User) -> None:
    ThreadFollow.objects.get_or_create(thread=thread, user=user)


def post_preview(*, body: str) -> str:
    """The exact sanitized HTML a post with this text gets when saved: the same cleaning and the
    same rendering as thread_create, reply_create and post_edit, so a preview never differs."""
    return render_body(clean_body(body))


def _post_build(*, thread: Thread, author: User, body: str, is_opening: bool, title: str = "") -> Post:
    now = timezone.now()
    status = now_status(author=author)
    crisis = is_crisis(title, body)
    return Post(
        thread=thread,
        author=author,
        is_opening=is_opening,
        body=body,
        body_html=render_body(body),
        status=status,
        is_crisis=crisis,
        needs_review=status == PostStatus.PENDING or crisis,
        review_since=now if status == PostStatus.PENDING or crisis else None,
        approved_at=now if status == PostStatus.PUBLISHED else None,
        created_at=now,
    )


def _after_create(*, post: Post, author: User) -> None:
    thread_refresh(thread=post.thread)
    if post.needs_review:
        forum_cache.queue_changed()
    _follow(thread=post.thread, user=author)
    if post.status == PostStatus.PUBLISHED:
        announce_published(post=post)


@transaction.atomic
def thread_create(
    *, author: User, category: Category, title: str, body: str, milestone_days: int | None = None
) -> Thread:
    """Start a thread; a new member's opening post waits for a moderator like any other."""
    ensure_can_write(user=author)
    if category.moderators_only_posting and not author.is_moderator:
        raise ApplicationError(
            f"Only moderators start threads in {category.name}. You are welcome to reply.",
            field="category",
            status=403,
        )
    title = " ".join((title or "").split())
    if len(title) < 3:
        raise ApplicationError("Please give the thread a title of at least 3 characters.", field="title")
    if len(title) > 150:
        raise ApplicationError("Please keep the title under 150 characters.", field="title")
    body = clean_body(body)
    if milestone_days is not None and milestone_days < 1:
        raise ApplicationError("A milestone is at least one day.", field="milestone_days")
    check_right_now_limit(author=author, category=category)
    check_rate_limits(author=author, body=body, is_thread=True, is_milestone=milestone_days is not None)
    now = timezone.now()
    thread = Thread(
        category=category,
        author=author,
        title=title,
        created_at=now,
        last_activity_at=now,
        last_poster=author,
    )
    thread.full_clean()
    thread.save()
    post = _post_build(thread=thread, author=author, body=body, is_opening=True, title=title)
    post.milestone_days = milestone_days
    post.full_clean()
    post.save()
    _after_create(post=post, author=author)
    draft_delete(user=author, thread=None)
    thread.refresh_from_db()
    thread.opening_post = post
    return thread


@transaction.atomic
def reply_create(*, author: User, thread: Thread, body: str, quote_of: Post | None = None) -> Post:
    """Reply in a thread, optionally quoting one of its posts."""
    ensure_can_write(user=author)
    thread = Thread.objects.select_for_update(of=("self",)).get(pk=thread.pk)
    if thread.is_locked and not author.is_moderator:
        raise ApplicationError("This thread is locked, so it does not take new replies.", status=403)
    if thread.status != PostStatus.PUBLISHED and not author.is_moderator:
        raise ApplicationError("This thread is not open for replies yet.", status=403)
    body = clean_body(body)
    if quote_of is not None and (quote_of.thread_id != thread.pk or quote_of.status != PostStatus.PUBLISHED):
        raise ApplicationError("You can only quote a published post of this thread.", field="quote_of")
    check_rate_limits(author=author, body=body, is_thread=False)
    post = _post_build(thread=thread, author=author, body=body, is_opening=False)
    post.quote_of = quote_of
    post.full_clean()
    post.save()
    _after_create(post=post, author=author)
    draft_delete(user=author, thread=thread)
    return post


@transaction.atomic
def post_edit(*, user: User, post: Post, body: str) -> Post:
    """The author edits their post; the previous text is kept for moderators."""
    ensure_can_write(user=user)
    post = Post.objects.select_for_update(of=("self",)).select_related("thread").get(pk=post.pk)
    view = selectors.post_view_for(viewer=user, post=post)
    if not view.is_mine:
        raise ApplicationError("You can only edit your own posts.", status=403)
    if not view.can_edit:
        raise ApplicationError("This post can no longer be edited.", status=403)
    body = clean_body(body)
    if body == post.body:
        return post
    revise(post=post, body=body, editor=user)
    if is_crisis(post.thread.title if post.is_opening else "", body) and not post.is_crisis:
        post.is_crisis = True
        post.needs_review = True
        post.review_since = post.review_since or timezone.now()
        forum_cache.queue_changed()
    post.full_clean()
    post.save()
    forum_cache.thread_changed(thread_id=post.thread_id, category_ids=[post.thread.category_id])
    return post


def revise(*, post: Post, body: str, editor: User) -> None:
    now = timezone.now()
    PostRevision.objects.create(post=post, body=post.body, edited_by=editor, created_at=now)
    post.body = body
    post.body_html = render_body(body)
    post.edited_at = now


@transaction.atomic
def post_remove(*, user: User, post: Post) -> Post:
    """The author deletes their post: it stays in place as "removed by author"."""
    post = Post.objects.select_for_update(of=("self",)).get(pk=post.pk)
    if not selectors.post_view_for(viewer=user, post=post).is_mine:
        raise ApplicationError("You can only delete your own posts.", status=403)
    if post.status == PostStatus.REMOVED:
        return post
    post.status = PostStatus.REMOVED
    post.removed_by_author = True
    post.needs_review = False
    post.save(update_fields=["status", "removed_by_author", "needs_review"])
    thread_refresh(thread=post.thread)
    forum_cache.queue_changed()
    return post


def thread_follow(*, user: User, thread: Thread) -> None:
    _follow(thread=thread, user=user)


def thread_unfollow(*, user: User, thread: Thread) -> None:
    ThreadFollow.objects.filter(thread=thread, user=user).delete()


def thread_mark_read(*, user: User, thread: Thread) -> None:
    """Remember when the member last opened the thread, in one upsert, only if there is something new."""
    known = getattr(thread, "last_read_at", None)
    if known is not None and known >= thread.last_activity_at:
        return
    ThreadRead.objects.bulk_create(
        [ThreadRead(thread=thread, user=user, last_read_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["thread", "user"],
        update_fields=["last_read_at"],
    )
