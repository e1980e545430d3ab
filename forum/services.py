"""Every change to the forum goes through here: posting, trust, rate limits, flags and moderation."""

import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Block, Notification, User
from accounts.services import notification_create
from community.api import ApplicationError
from community.cache import bump_on_commit
from community.text import LINK_REL, render_markdown

from . import cache as forum_cache
from . import selectors
from .models import (
    Category,
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

HIDE_AFTER_DISTINCT_FLAGS = 3
SUSPENSION_DAYS = (1, 3, 7, 30)
MENTION_RE = re.compile(r"(?<![\w@/\[])@([A-Za-z0-9_]{3,30})\b")
MAX_MENTIONS = 10

# Limits for members who are still new (fewer than 3 approved posts).
NEW_MEMBER_THREAD_INTERVAL = timedelta(minutes=2)
NEW_MEMBER_REPLY_INTERVAL = timedelta(seconds=30)
NEW_MEMBER_POSTS_PER_DAY = 10
DUPLICATE_WINDOW = timedelta(minutes=5)

ALREADY_HANDLED = "Another moderator already handled this post. The queue shows its current state."


class RateLimited(ApplicationError):
    """Too many posts too quickly; the API answers 429 with Retry-After."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, status=429)
        self.retry_after = max(1, retry_after)


# Checks shared by every write


def _ensure_can_write(*, user: User) -> None:
    if not user.is_active:
        raise ApplicationError("This account is not active.", status=403)
    suspension = selectors.member_active_suspension(user=user)
    if suspension is not None:
        until = (
            f"until {timezone.localtime(suspension.until, user.zone):%d %B %Y, %H:%M}"
            if suspension.until
            else "until a moderator lifts it"
        )
        raise ApplicationError(
            f"Your account can read the forum but not post, react or flag {until}. "
            f"The moderators' reason: {suspension.reason}",
            status=403,
        )


def _ensure_moderator(*, user: User) -> None:
    if not user.is_moderator:
        raise ApplicationError("Only moderators can do this.", status=403)


def _seconds_until(moment) -> int:
    return int((moment - timezone.now()).total_seconds()) + 1


def _check_rate_limits(*, author: User, body: str, is_thread: bool, is_milestone: bool = False) -> None:
    """A milestone share is one click on an award the member earned, so it neither waits for nor
    delays the new member's next thread; it still counts towards the daily limit."""
    now = timezone.now()
    recent_same = (
        Post.objects.filter(author=author, created_at__gte=now - DUPLICATE_WINDOW, body=body.strip())
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if recent_same is not None:
        raise RateLimited(
            "You have just posted the same words. If it did not appear, it may be waiting for a moderator.",
            retry_after=_seconds_until(recent_same + DUPLICATE_WINDOW),
        )
    if selectors.member_is_trusted(user=author):
        return
    interval = NEW_MEMBER_THREAD_INTERVAL if is_thread else NEW_MEMBER_REPLY_INTERVAL
    last = (
        Post.objects.filter(author=author, is_opening=is_thread, created_at__gte=now - interval)
        .filter(milestone_days__isnull=True)
        .aggregate(last=Max("created_at"))["last"]
    )
    if last is not None and not is_milestone:
        what = "start another thread" if is_thread else "reply again"
        wait = _seconds_until(last + interval)
        raise RateLimited(
            f"New members can {what} in {wait} seconds. Thank you for your patience.", retry_after=wait
        )
    day_ago = now - timedelta(days=1)
    today = Post.objects.filter(author=author, created_at__gte=day_ago).order_by("created_at")
    if today.count() >= NEW_MEMBER_POSTS_PER_DAY:
        oldest = today.values_list("created_at", flat=True).first()
        raise RateLimited(
            f"New members can write {NEW_MEMBER_POSTS_PER_DAY} posts a day. You can post again a little later.",
            retry_after=_seconds_until(oldest + timedelta(days=1)),
        )


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ApplicationError("Please write something before posting.", field="body")
    if len(body) > 20000:
        raise ApplicationError("Please keep a post under 20,000 characters.", field="body")
    return body


def _is_crisis(*texts: str) -> bool:
    text = " ".join(texts).lower()
    return any(phrase.lower() in text for phrase in selectors.crisis_phrases())


def _mentioned_members(body: str, *, exclude: User | None) -> list[User]:
    handles = {handle.lower() for handle in MENTION_RE.findall(body)}
    if not handles:
        return []
    condition = Q()
    for handle in list(handles)[:MAX_MENTIONS]:
        condition |= Q(handle__iexact=handle)
    members = User.objects.filter(condition, is_active=True)
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return list(members)


_TAG_RE = re.compile(r"(<[^>]*>)")
_NO_MENTION_INSIDE = {"a", "code", "pre"}


def _render(body: str) -> str:
    """Markdown to safe HTML, with @handles of existing members linked to their profiles.

    Mentions are linked in the sanitized HTML's text, never inside links or code.
    """
    html = render_markdown(body)
    known = {member.handle.lower(): member.handle for member in _mentioned_members(body, exclude=None)}
    if not known:
        return html

    def link(match: re.Match) -> str:
        handle = known.get(match.group(1).lower())
        if handle is None:
            return match.group(0)
        url = reverse("accounts:profile", args=[handle])
        return f'<a href="{url}" rel="{LINK_REL}">@{handle}</a>'

    parts = _TAG_RE.split(html)
    depth = 0
    for index, part in enumerate(parts):
        if index % 2:
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if name in _NO_MENTION_INSIDE:
                depth += -1 if part.startswith("</") else 1
        elif depth == 0 and "@" in part:
            parts[index] = MENTION_RE.sub(link, part)
    return "".join(parts)


def _now_status(*, author: User) -> str:
    return PostStatus.PUBLISHED if selectors.member_is_trusted(user=author) else PostStatus.PENDING


# Notifications


def _notify(*, recipients: list[User], kind: str, title: str, body: str = "", url: str = "") -> None:
    """In-app notifications now, and an e-mail for each once the transaction commits."""
    from .tasks import notification_email_send

    for recipient in recipients:
        if not recipient.is_active:
            continue
        notification = notification_create(recipient=recipient, kind=kind, title=title, body=body, url=url)
        transaction.on_commit(lambda pk=notification.pk: notification_email_send.delay(pk))


def _members_blocking(*, author: User | None, candidates: list[User]) -> set[int]:
    if author is None or not candidates:
        return set()
    return set(
        Block.objects.filter(blocked=author, blocker__in=candidates).values_list("blocker_id", flat=True)
    )


def _announce_published(*, post: Post) -> None:
    """Tell mentioned members and the thread's followers about a post that has just become visible."""
    author = post.author
    thread = post.thread
    url = post.get_absolute_url()
    who = post.author_name
    mentioned = _mentioned_members(post.body, exclude=author)
    followers = list(selectors.thread_followers(thread=thread).exclude(pk=getattr(author, "pk", None)))
    if (
        post.quote_of_id
        and post.quote_of.author_id
        and post.quote_of.author_id != getattr(author, "pk", None)
    ):
        followers.append(post.quote_of.author)
    blocking = _members_blocking(author=author, candidates=mentioned + followers)
    mentioned = [member for member in mentioned if member.pk not in blocking]
    mentioned_ids = {member.pk for member in mentioned}
    repliers = {
        member.pk: member
        for member in followers
        if member.pk not in blocking and member.pk not in mentioned_ids
    }
    if mentioned:
        _notify(
            recipients=mentioned,
            kind=Notification.Kind.MENTION,
            title=f"{who} mentioned you in “{thread.title}”",
            url=url,
        )
    if repliers and not post.is_opening:
        _notify(
            recipients=list(repliers.values()),
            kind=Notification.Kind.REPLY,
            title=f"{who} replied in “{thread.title}”",
            url=url,
        )


def thread_refresh(*, thread: Thread) -> None:
    """Recount a thread's published posts and last activity, and mirror its opening post's status."""
    published = Post.objects.filter(thread=thread, status=PostStatus.PUBLISHED).aggregate(
        count=Count("pk"), last=Max("created_at")
    )
    thread.post_count = published["count"]
    last = published["last"]
    thread.last_activity_at = max(last or thread.created_at, thread.created_at)
    opening = Post.objects.filter(thread=thread, is_opening=True).values_list("status", flat=True).first()
    if opening is not None:
        thread.status = opening if opening != PostStatus.REMOVED else PostStatus.PUBLISHED
    thread.save(update_fields=["post_count", "last_activity_at", "status"])
    forum_cache.thread_changed(thread_id=thread.pk, category_ids=[thread.category_id])


def _follow(*, thread: Thread, user: User) -> None:
    ThreadFollow.objects.get_or_create(thread=thread, user=user)


def _post_build(*, thread: Thread, author: User, body: str, is_opening: bool, title: str = "") -> Post:
    now = timezone.now()
    status = _now_status(author=author)
    crisis = _is_crisis(title, body)
    return Post(
        thread=thread,
        author=author,
        is_opening=is_opening,
        body=body,
        body_html=_render(body),
        status=status,
        is_crisis=crisis,
        needs_review=status == PostStatus.PENDING or crisis,
        review_since=now if status == PostStatus.PENDING or crisis else None,
        approved_at=now if status == PostStatus.PUBLISHED else None,
        created_at=now,
    )


def _after_create(*, post: Post) -> None:
    thread_refresh(thread=post.thread)
    _follow(thread=post.thread, user=post.author)
    if post.status == PostStatus.PUBLISHED:
        _announce_published(post=post)


# Member actions


@transaction.atomic
def thread_create(
    *, author: User, category: Category, title: str, body: str, milestone_days: int | None = None
) -> Thread:
    """Start a thread; a new member's opening post waits for a moderator like any other."""
    _ensure_can_write(user=author)
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
    body = _clean_body(body)
    if milestone_days is not None and milestone_days < 1:
        raise ApplicationError("A milestone is at least one day.", field="milestone_days")
    _check_rate_limits(author=author, body=body, is_thread=True, is_milestone=milestone_days is not None)
    now = timezone.now()
    thread = Thread(category=category, author=author, title=title, created_at=now, last_activity_at=now)
    thread.full_clean()
    thread.save()
    post = _post_build(thread=thread, author=author, body=body, is_opening=True, title=title)
    post.milestone_days = milestone_days
    post.full_clean()
    post.save()
    _after_create(post=post)
    thread.refresh_from_db()
    thread.opening_post = post
    return thread


@transaction.atomic
def reply_create(*, author: User, thread: Thread, body: str, quote_of: Post | None = None) -> Post:
    """Reply in a thread, optionally quoting one of its posts."""
    _ensure_can_write(user=author)
    thread = Thread.objects.select_for_update(of=("self",)).get(pk=thread.pk)
    if thread.is_locked and not author.is_moderator:
        raise ApplicationError("This thread is locked, so it does not take new replies.", status=403)
    if thread.status != PostStatus.PUBLISHED and not author.is_moderator:
        raise ApplicationError("This thread is not open for replies yet.", status=403)
    body = _clean_body(body)
    if quote_of is not None and (quote_of.thread_id != thread.pk or quote_of.status != PostStatus.PUBLISHED):
        raise ApplicationError("You can only quote a published post of this thread.", field="quote_of")
    _check_rate_limits(author=author, body=body, is_thread=False)
    post = _post_build(thread=thread, author=author, body=body, is_opening=False)
    post.quote_of = quote_of
    post.full_clean()
    post.save()
    _after_create(post=post)
    return post


@transaction.atomic
def post_edit(*, user: User, post: Post, body: str) -> Post:
    """The author edits their post; the previous text is kept for moderators."""
    _ensure_can_write(user=user)
    post = Post.objects.select_for_update(of=("self",)).select_related("thread").get(pk=post.pk)
    if post.author_id != user.pk:
        raise ApplicationError("You can only edit your own posts.", status=403)
    if post.status not in (PostStatus.PENDING, PostStatus.PUBLISHED):
        raise ApplicationError("This post can no longer be edited.", status=403)
    body = _clean_body(body)
    if body == post.body:
        return post
    _revise(post=post, body=body, editor=user)
    if _is_crisis(post.thread.title if post.is_opening else "", body) and not post.is_crisis:
        post.is_crisis = True
        post.needs_review = True
        post.review_since = post.review_since or timezone.now()
    post.full_clean()
    post.save()
    forum_cache.thread_changed(thread_id=post.thread_id, category_ids=[post.thread.category_id])
    return post


def _revise(*, post: Post, body: str, editor: User) -> None:
    now = timezone.now()
    PostRevision.objects.create(post=post, body=post.body, edited_by=editor, created_at=now)
    post.body = body
    post.body_html = _render(body)
    post.edited_at = now


@transaction.atomic
def post_remove(*, user: User, post: Post) -> Post:
    """The author deletes their post: it stays in place as "removed by author"."""
    post = Post.objects.select_for_update(of=("self",)).get(pk=post.pk)
    if post.author_id != user.pk:
        raise ApplicationError("You can only delete your own posts.", status=403)
    if post.status == PostStatus.REMOVED:
        return post
    post.status = PostStatus.REMOVED
    post.removed_by_author = True
    post.needs_review = False
    post.save(update_fields=["status", "removed_by_author", "needs_review"])
    thread_refresh(thread=post.thread)
    return post


@transaction.atomic
def reaction_toggle(*, user: User, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back if it is there; returns whether it is on now."""
    _ensure_can_write(user=user)
    if kind not in Reaction.Kind.values:
        raise ApplicationError("Please choose hug, stay strong or same here.", field="kind")
    if post.status != PostStatus.PUBLISHED:
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


@transaction.atomic
def flag_create(*, user: User, post: Post, reason: str, note: str = "") -> Flag:
    """Report a post to the moderators; a second report of the same post is the same flag."""
    _ensure_can_write(user=user)
    if reason not in Flag.Reason.values:
        raise ApplicationError("Please choose a reason.", field="reason")
    note = (note or "").strip()
    if reason == Flag.Reason.OTHER and not note:
        raise ApplicationError("Please tell the moderators a little about what is wrong.", field="note")
    if post.author_id == user.pk:
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
    open_flags = Flag.objects.filter(post=post, status=Flag.Status.OPEN).values("user").distinct().count()
    hide = post.status == PostStatus.PUBLISHED and (
        user.is_moderator or open_flags >= HIDE_AFTER_DISTINCT_FLAGS
    )
    if hide:
        post.status = PostStatus.HIDDEN
        post.version += 1
    post.save(update_fields=["needs_review", "review_since", "is_crisis", "status", "version"])
    if hide:
        thread_refresh(thread=post.thread)
        if user.is_moderator:
            _log(
                moderator=user,
                action=ModerationLogEntry.Action.FLAG_HIDE,
                post=post,
                reason=flag.get_reason_display(),
            )
    return flag


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


# Moderation


def _log(
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
    _ensure_moderator(user=moderator)
    locked = Post.objects.select_for_update(of=("self",)).select_related("thread", "author").get(pk=post.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ApplicationError(ALREADY_HANDLED, status=409)
    if locked.status not in allowed:
        raise ApplicationError(ALREADY_HANDLED, status=409)
    return locked


def _resolve_flags(*, post: Post, status: str) -> None:
    Flag.objects.filter(post=post, status=Flag.Status.OPEN).update(status=status, resolved_at=timezone.now())


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
    return first_publication


def _notify_author(*, post: Post, title: str, body: str = "") -> None:
    if post.author_id:
        _notify(
            recipients=[post.author],
            kind=Notification.Kind.MODERATION,
            title=title,
            body=body,
            url=post.get_absolute_url(),
        )


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
    _log(moderator=moderator, action=ModerationLogEntry.Action.APPROVE, post=post)
    if was != PostStatus.PUBLISHED:
        _notify_author(post=post, title=f"Your post in “{post.thread.title}” is published")
    if first_publication:
        _announce_published(post=post)
    return post


@transaction.atomic
def post_reject(*, moderator: User, post: Post, reason: str, expected_version: int | None = None) -> Post:
    """Turn down a post with a reason the author sees."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Please give the author a reason.", field="reason")
    post = _lock_post(
        moderator=moderator,
        post=post,
        expected_version=expected_version,
        allowed={PostStatus.PENDING, PostStatus.PUBLISHED, PostStatus.HIDDEN},
    )
    _resolve_flags(post=post, status=Flag.Status.UPHELD)
    post.rejection_reason = reason[:500]
    _decide(post=post, status=PostStatus.REJECTED)
    _log(moderator=moderator, action=ModerationLogEntry.Action.REJECT, post=post, reason=reason)
    _notify_author(
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
    _log(moderator=moderator, action=ModerationLogEntry.Action.HIDE, post=post, reason=reason)
    _notify_author(
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
    _log(moderator=moderator, action=ModerationLogEntry.Action.RESTORE, post=post)
    _notify_author(post=post, title=f"Your post in “{post.thread.title}” is visible again")
    if first_publication:
        _announce_published(post=post)
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
    _log(moderator=moderator, action=ModerationLogEntry.Action.UPHOLD_FLAGS, post=post)
    _notify_author(post=post, title=f"A moderator hid your post in “{post.thread.title}” after reports")
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
    _log(moderator=moderator, action=ModerationLogEntry.Action.DISMISS_FLAGS, post=post)
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
    body = _clean_body(body)
    _revise(post=post, body=body, editor=moderator)
    post.version += 1
    post.full_clean()
    post.save()
    forum_cache.thread_changed(thread_id=post.thread_id, category_ids=[post.thread.category_id])
    _log(moderator=moderator, action=ModerationLogEntry.Action.EDIT, post=post, reason=reason)
    _notify_author(
        post=post,
        title=f"A moderator edited your post in “{post.thread.title}”",
        body=f"The reason: {reason}" if reason else "",
    )
    return post


def _thread_set(*, moderator: User, thread: Thread, field: str, value: bool, on: str, off: str) -> Thread:
    _ensure_moderator(user=moderator)
    thread = Thread.objects.select_for_update(of=("self",)).get(pk=thread.pk)
    if getattr(thread, field) == value:
        return thread
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    forum_cache.thread_changed(thread_id=thread.pk, category_ids=[thread.category_id])
    _log(moderator=moderator, action=on if value else off, thread=thread, target_user=thread.author)
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
    _ensure_moderator(user=moderator)
    thread = Thread.objects.select_for_update(of=("self",)).select_related("category").get(pk=thread.pk)
    if thread.category_id == category.pk:
        return thread
    old = thread.category.name
    old_category_id = thread.category_id
    thread.category = category
    thread.save(update_fields=["category"])
    forum_cache.thread_changed(thread_id=thread.pk, category_ids=[old_category_id, category.pk])
    _log(
        moderator=moderator,
        action=ModerationLogEntry.Action.MOVE,
        thread=thread,
        target_user=thread.author,
        reason=reason or f"From {old} to {category.name}",
    )
    return thread


@transaction.atomic
def member_suspend(*, moderator: User, user: User, days: int | None, reason: str) -> Suspension:
    """Suspend a member for 1, 3, 7 or 30 days, or until lifted (days=None)."""
    _ensure_moderator(user=moderator)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Please give a reason; the member will see it.", field="reason")
    if days is not None and days not in SUSPENSION_DAYS:
        raise ApplicationError("Choose 1, 3, 7 or 30 days, or until lifted.", field="days")
    if user.pk == moderator.pk:
        raise ApplicationError("You cannot suspend yourself.")
    now = timezone.now()
    Suspension.objects.filter(user=user, lifted_at__isnull=True).update(lifted_at=now, lifted_by=moderator)
    suspension = Suspension(
        user=user,
        until=now + timedelta(days=days) if days else None,
        reason=reason[:500],
        created_by=moderator,
        created_at=now,
    )
    suspension.full_clean()
    suspension.save()
    bump_on_commit([selectors.suspension_version_key(user_id=user.pk)])
    length = f"for {days} day{'s' if days != 1 else ''}" if days else "until a moderator lifts it"
    _log(
        moderator=moderator,
        action=ModerationLogEntry.Action.SUSPEND,
        target_user=user,
        reason=f"{reason} ({length})",
    )
    _notify(
        recipients=[user],
        kind=Notification.Kind.MODERATION,
        title=f"Your account is paused from posting {length}",
        body=f"You can still read the forum. The reason: {reason}",
    )
    return suspension


@transaction.atomic
def suspension_lift(*, moderator: User, user: User, reason: str = "") -> int:
    _ensure_moderator(user=moderator)
    now = timezone.now()
    lifted = (
        Suspension.objects.filter(user=user, lifted_at__isnull=True)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .update(lifted_at=now, lifted_by=moderator)
    )
    if not lifted:
        raise ApplicationError("This member is not suspended.", status=409)
    bump_on_commit([selectors.suspension_version_key(user_id=user.pk)])
    _log(
        moderator=moderator, action=ModerationLogEntry.Action.LIFT_SUSPENSION, target_user=user, reason=reason
    )
    _notify(
        recipients=[user],
        kind=Notification.Kind.MODERATION,
        title="You can post again",
        body="A moderator lifted the pause on your account. Welcome back.",
    )
    return lifted
