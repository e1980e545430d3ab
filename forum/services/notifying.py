"""Who hears about a post: mentioned members, the thread's followers, and the author of a decision."""

from accounts.models import Block, Notification, User
from accounts.services import notification_create, notifications_create

from .. import selectors
from ..models import RIGHT_NOW_SLUG, Post
from .rendering import mentioned_members


def notify(*, recipients: list[User], kind: str, title: str, body: str = "", url: str = "") -> None:
    """In-app notifications now, and an e-mail for each who wants one once the transaction commits."""
    for recipient in recipients:
        if recipient.is_active:
            notification_create(recipient=recipient, kind=kind, title=title, body=body, url=url)


def _members_blocking(*, author: User | None, candidates: list[User]) -> set[int]:
    if author is None or not candidates:
        return set()
    return set(
        Block.objects.filter(blocked=author, blocker__in=candidates).values_list("blocker_id", flat=True)
    )


def announce_published(*, post: Post) -> None:
    """Tell mentioned members and the thread's followers about a post that has just become visible."""
    author = post.author
    thread = post.thread
    url = post.get_absolute_url()
    who = post.author_name
    mentioned = mentioned_members(post.body, exclude=author)
    followers_query = selectors.thread_followers(thread=thread)
    if author is not None:
        followers_query = followers_query.exclude(pk=author.pk)
    followers = list(followers_query)
    quoted = post.quote_of
    if quoted is not None and quoted.author is not None and quoted.author != author:
        followers.append(quoted.author)
    blocking = _members_blocking(author=author, candidates=mentioned + followers)
    mentioned = [member for member in mentioned if member.pk not in blocking]
    mentioned_ids = {member.pk for member in mentioned}
    repliers = {
        member.pk: member
        for member in followers
        if member.pk not in blocking and member.pk not in mentioned_ids
    }
    if mentioned:
        notify(
            recipients=mentioned,
            kind=Notification.Kind.MENTION,
            title=f"{who} mentioned you in “{thread.title}”",
            url=url,
        )
    if post.is_opening and thread.category.slug == RIGHT_NOW_SLUG:
        listeners_notify(post=post)
    if repliers and not post.is_opening:
        notify(
            recipients=list(repliers.values()),
            kind=Notification.Kind.REPLY,
            title=f"{who} replied in “{thread.title}”",
            url=url,
        )


def notify_author(*, post: Post, title: str, body: str = "") -> None:
    if post.author is not None:
        notify(
            recipients=[post.author],
            kind=Notification.Kind.MODERATION,
            title=title,
            body=body,
            url=post.get_absolute_url(),
        )


def listeners_notify(*, post: Post) -> int:
    """Tell the listeners about a request for support that has just become visible: at most
    selectors.LISTENERS_PER_REQUEST, in a constant number of queries. Returns how many were told."""
    thread = post.thread
    listeners = selectors.right_now_listeners(asker=post.author)
    if not listeners:
        return 0
    return notifications_create(
        recipients=listeners,
        kind=Notification.Kind.RIGHT_NOW,
        title=f"{post.author_name} is asking for support right now",
        body=f"“{thread.title}”. A kind word from you could help.",
        url=thread.get_absolute_url(),
        deliver=True,
    )
