"""The checks every forum write shares: who may write, how fast a new member may post, what a post
may hold, and whether its words call for the crisis resources."""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from community.exceptions import ApplicationError

from .. import selectors
from ..models import RIGHT_NOW_SLUG, Category, Post, PostStatus, Thread

# Limits for members who are still new (fewer than 3 approved posts).
NEW_MEMBER_THREAD_INTERVAL = timedelta(minutes=2)
NEW_MEMBER_REPLY_INTERVAL = timedelta(seconds=30)
NEW_MEMBER_POSTS_PER_DAY = 10
DUPLICATE_WINDOW = timedelta(minutes=5)
# Requests for support in Right now, per member and hour, however they are made.
RIGHT_NOW_PER_HOUR = 3


class RateLimited(ApplicationError):
    """Too many posts too quickly; the API answers 429 with Retry-After."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, status=429)
        self.retry_after = max(1, retry_after)


def ensure_can_write(*, user: User) -> None:
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


def ensure_moderator(*, user: User) -> None:
    if not user.is_moderator:
        raise ApplicationError("Only moderators can do this.", status=403)


def _seconds_until(moment) -> int:
    return int((moment - timezone.now()).total_seconds()) + 1


def check_rate_limits(*, author: User, body: str, is_thread: bool, is_milestone: bool = False) -> None:
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
        # A post deleted since the count leaves nothing to wait for.
        oldest = today.values_list("created_at", flat=True).first() or day_ago
        raise RateLimited(
            f"New members can write {NEW_MEMBER_POSTS_PER_DAY} posts a day. You can post again a little later.",
            retry_after=_seconds_until(oldest + timedelta(days=1)),
        )


def check_right_now_limit(*, author: User, category: Category) -> None:
    """At most RIGHT_NOW_PER_HOUR threads an hour in Right now, so that every request is seen.
    The member's row is locked first: two taps at once count as two."""
    if category.slug != RIGHT_NOW_SLUG:
        return
    User.objects.select_for_update().filter(pk=author.pk).first()
    since = timezone.now() - timedelta(hours=1)
    recent = list(
        Thread.objects.filter(author=author, category=category, created_at__gt=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if len(recent) >= RIGHT_NOW_PER_HOUR:
        raise RateLimited(
            f"You have asked the community {RIGHT_NOW_PER_HOUR} times in the last hour, the most we take "
            "so that every request is seen. Your threads in Right now are still open for answers, and "
            "the help page has people you can talk to at once.",
            retry_after=_seconds_until(recent[0] + timedelta(hours=1)),
        )


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ApplicationError("Please write something before posting.", field="body")
    if len(body) > 20000:
        raise ApplicationError("Please keep a post under 20,000 characters.", field="body")
    return body


def is_crisis(*texts: str) -> bool:
    text = " ".join(texts).lower()
    return any(phrase.lower() in text for phrase in selectors.crisis_phrases())


def now_status(*, author: User) -> str:
    return PostStatus.PUBLISHED if selectors.member_is_trusted(user=author) else PostStatus.PENDING
