"""Reads for the forum, scoped to who is asking: what a member may see, in as few queries as possible."""

import html
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import astuple, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db import connection, models
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator

from accounts import selectors as account_selectors
from accounts.models import Block, User
from community.cache import get_or_compute

from . import cache as forum_cache
from .models import (
    RIGHT_NOW_SLUG,
    Category,
    CrisisPhrase,
    Draft,
    Flag,
    ModerationLogEntry,
    ModeratorNote,
    Post,
    PostRevision,
    PostStatus,
    Reaction,
    RejectionReason,
    Suspension,
    Thread,
    ThreadFollow,
    ThreadRead,
)

TRUSTED_AFTER_APPROVED_POSTS = 3
THREAD_ORDERING = ("-is_pinned", "-last_activity_at", "-id")

Viewer = User | AnonymousUser | None
# Authors see their own posts that others cannot, with the moderators' reason.
OWN_VISIBLE = [PostStatus.PENDING, PostStatus.REJECTED, PostStatus.HIDDEN]


def _member(viewer: Viewer) -> User | None:
    if viewer is None or not viewer.is_authenticated:
        return None
    return viewer


def is_moderator(*, user: Viewer) -> bool:
    member = _member(user)
    return bool(member and member.is_moderator)


# Members


def member_is_suspended(*, user: Viewer) -> bool:
    return member_active_suspension(user=user) is not None


def member_active_suspension(*, user: Viewer) -> Suspension | None:
    member = _member(user)
    if member is None:
        return None
    return Suspension.objects.active().filter(user=member).order_by("-created_at").first()


SUSPENSION_SHOWN_TTL = 5 * 60


def member_suspension_shown(*, user: Viewer) -> Suspension | None:
    """The member's suspension, to say so beside the reply box, kept in the cache per member.

    Whether a member may post is decided by member_active_suspension, from the database.
    """
    member = _member(user)
    if member is None:
        return None
    suspension = get_or_compute(
        key=forum_cache.suspension_shown_key(user_id=member.pk),
        version_key=forum_cache.suspension_version_key(user_id=member.pk),
        compute=lambda: member_active_suspension(user=member),
        timeout=SUSPENSION_SHOWN_TTL,
    )
    if suspension is not None and suspension.until is not None and suspension.until <= timezone.now():
        return None
    return suspension


def member_approved_post_count(*, user: User) -> int:
    return Post.objects.filter(author=user, approved_at__isnull=False).count()


def member_is_trusted(*, user: User) -> bool:
    """Moderators and members with enough approved posts publish without review."""
    if user.is_moderator:
        return True
    return member_approved_post_count(user=user) >= TRUSTED_AFTER_APPROVED_POSTS


def crisis_phrases() -> list[str]:
    return list(CrisisPhrase.objects.filter(is_active=True).values_list("phrase", flat=True))


# Categories


def category_get_by_slug(*, slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise Http404("No such category.")
    return category


def category_get_for(*, slug: str, viewer: Viewer) -> Category:
    """A category the viewer may read: members-only ones are a 404 for visitors on the API."""
    category = category_get_by_slug(slug=slug)
    if not category.is_public and _member(viewer) is None:
        raise Http404("No such category.")
    return category


def category_choices() -> list[Category]:
    return list(Category.objects.order_by("position", "id"))


def category_choices_kept() -> list[Category]:
    """category_choices from the cache, for filters on every page of a list."""
    return forum_cache.categories_kept("choices", category_choices)


def category_choices_for(*, viewer: Viewer) -> list[Category]:
    """The categories the viewer may read, without counts: for choosing one."""
    categories = Category.objects.order_by("position", "id")
    if _member(viewer) is None:
        categories = categories.filter(is_public=True)
    return list(categories)


def category_list(*, viewer: Viewer) -> list[Category]:
    """The categories the viewer may read, each with its number of published threads and its
    latest published thread (`latest_thread`, None when it has none).

    The counts and latest threads are the same for every viewer: computed once per version of
    the categories and kept in the cache, the threads themselves from the shared thread rows.
    """
    categories = list(Category.objects.order_by("position", "id"))
    if _member(viewer) is None:
        categories = [category for category in categories if category.is_public]
    if not categories:
        return categories
    version = forum_cache.categories_version(category.pk for category in categories)

    def stats() -> dict[int, tuple[int, int | None]]:
        published = Thread.objects.filter(status=PostStatus.PUBLISHED, category=OuterRef("pk"))
        latest = published.order_by("-last_activity_at", "-id")
        # COUNT(*) per category along forum_thread_count_idx, rather than joining every thread.
        count = published.order_by().values("category").annotate(n=Count("*")).values("n")
        rows = Category.objects.annotate(
            published_threads=Coalesce(Subquery(count), 0),
            latest_thread_id=Subquery(latest.values("pk")[:1]),
        ).values_list("pk", "published_threads", "latest_thread_id")
        return {pk: (count, latest_id) for pk, count, latest_id in rows}

    by_category = forum_cache.shared_value(forum_cache.category_stats_key(version=version), stats)
    latest_ids = [by_category.get(category.pk, (0, None))[1] for category in categories]
    threads = forum_cache.shared_rows(
        kind="forum.thread-latest",
        thread_ids={pk: pk for pk in latest_ids if pk is not None},
        load=lambda ids: {
            row.pk: row
            for row in _handles_only(Thread.objects.select_related("last_poster").filter(pk__in=ids))
        },
    )
    for category, latest_id in zip(categories, latest_ids, strict=True):
        category.thread_count = by_category.get(category.pk, (0, None))[0]
        category.latest_thread = threads.get(latest_id) if latest_id is not None else None
    return categories


# Threads


def _visible_thread_filter(viewer: Viewer) -> Q:
    member = _member(viewer)
    if member is not None and member.is_moderator:
        return Q()
    visible = Q(status=PostStatus.PUBLISHED)
    if member is None:
        return visible & Q(category__is_public=True)
    return visible | Q(author=member, status__in=OWN_VISIBLE)


# All that threads and posts show of the members they join: their handle (None for a former member).
_SHOWN_OF_A_MEMBER = ("id", "handle")


def _handles_only[M: models.Model](rows: QuerySet[M]) -> QuerySet[M]:
    """`rows` with the members they join (select_related) read only for their id and handle.

    These rows are kept in the cache for every viewer, and a member's whole row (three dozen
    columns, their settings among them) costs more to read, build and keep than the post they wrote.
    """
    deferred: list[str] = []

    def walk(model: type[models.Model], joins: dict, prefix: str) -> None:
        for name, further in joins.items():
            # select_related only follows relations: there is always a related model.
            related = cast(type[models.Model], model._meta.get_field(name).related_model)
            if related is User:
                deferred.extend(
                    f"{prefix}{name}__{field.name}"
                    for field in User._meta.concrete_fields
                    if field.name not in _SHOWN_OF_A_MEMBER
                )
            walk(related, further, f"{prefix}{name}__")

    if isinstance(rows.query.select_related, dict):
        walk(rows.model, rows.query.select_related, "")
    return rows.defer(*deferred) if deferred else rows


def _member_marks(member: User) -> dict[str, Any]:
    """What is the member's own on a thread, as annotations: following it, when they last read it,
    whether it holds posts of theirs only they can see, and their draft reply."""
    own_draft = Draft.objects.filter(thread=OuterRef("pk"), user=member)
    return {
        "is_followed": Exists(ThreadFollow.objects.filter(thread=OuterRef("pk"), user=member)),
        "last_read_at": Subquery(
            ThreadRead.objects.filter(thread=OuterRef("pk"), user=member).values("last_read_at")[:1]
        ),
        "has_own_unpublished": Exists(
            Post.objects.filter(thread=OuterRef("pk"), author=member, status__in=OWN_VISIBLE)
        ),
        # Their draft of a reply, to put back in the reply box without a query of its own.
        "draft_body": Subquery(own_draft.values("body")[:1]),
        "draft_saved_at": Subquery(own_draft.values("updated_at")[:1]),
    }


def thread_list(*, viewer: Viewer, category: Category | None = None) -> QuerySet[Thread]:
    """Threads the viewer may see, pinned first, then by last activity."""
    threads = Thread.objects.filter(_visible_thread_filter(viewer)).select_related(
        "category", "author", "last_poster"
    )
    if category is not None:
        threads = threads.filter(category=category)
    member = _member(viewer)
    if member is not None:
        threads = threads.annotate(last_read_at=_member_marks(member)["last_read_at"])
    return threads.order_by(*THREAD_ORDERING)


# A thread of Right now that no one has answered yet: only its opening post is published.
_WAITING = Q(post_count__lte=1)
# The waiting time of threads that are answered: the same for all, so they fall back on last activity.
_ANSWERED_SINCE = datetime(2000, 1, 1, tzinfo=UTC)
NEED_ORDERING = ("-is_pinned", "answered", "waiting_since", "-last_activity_at", "-id")


def thread_list_by_need(*, viewer: Viewer, category: Category) -> QuerySet[Thread]:
    """thread_list for a support category: threads no one has answered yet first, the longest
    waiting first, then the others by last activity (pinned threads still on top)."""
    threads = thread_list(viewer=viewer, category=category).annotate(
        answered=Case(When(_WAITING, then=Value(0)), default=Value(1), output_field=IntegerField()),
        waiting_since=Case(
            When(_WAITING, then=F("created_at")),
            default=Value(_ANSWERED_SINCE),
            output_field=DateTimeField(),
        ),
    )
    return threads.order_by(*NEED_ORDERING)


def category_threads(*, viewer: Viewer, category: Category) -> tuple[QuerySet[Thread], tuple[str, ...]]:
    """A category's threads for the viewer in the category's order, and that order's fields:
    Right now by need, every other category pinned first and then by last activity."""
    if category.slug == RIGHT_NOW_SLUG:
        return thread_list_by_need(viewer=viewer, category=category), NEED_ORDERING
    return thread_list(viewer=viewer, category=category), THREAD_ORDERING


def right_now_category() -> Category:
    return category_get_by_slug(slug=RIGHT_NOW_SLUG)


LISTENERS_PER_REQUEST = 20


def right_now_listeners(*, asker: User | None, limit: int = LISTENERS_PER_REQUEST) -> list[User]:
    """The listeners to tell about a request for support, in one query: the most recently active
    first (by their last log-in), at most `limit`; never the asker, a member either of them
    blocked, or a suspended member."""
    listeners = User.objects.filter(listener=True, is_active=True).exclude(
        Exists(Suspension.objects.active().filter(user=OuterRef("pk")))
    )
    if asker is not None:
        listeners = listeners.exclude(pk=asker.pk).exclude(
            Exists(
                Block.objects.filter(
                    Q(blocker=OuterRef("pk"), blocked=asker) | Q(blocker=asker, blocked=OuterRef("pk"))
                )
            )
        )
    return list(listeners.order_by(F("last_login").desc(nulls_last=True), "-id")[:limit])


def thread_latest(*, viewer: Viewer) -> QuerySet[Thread]:
    """Threads in every category the viewer may read, by last activity (pins count only within a
    category). For a member, each thread has `new_post_count`: the posts by others published since
    they last read it (0 for a thread they never opened)."""
    threads = Thread.objects.filter(_visible_thread_filter(viewer)).select_related(
        "category", "author", "last_poster"
    )
    member = _member(viewer)
    if member is not None:
        since = Post.objects.filter(
            thread=OuterRef("pk"), status=PostStatus.PUBLISHED, created_at__gt=OuterRef("last_read_at")
        ).exclude(author=member)
        threads = threads.annotate(last_read_at=_member_marks(member)["last_read_at"]).annotate(
            new_post_count=Coalesce(
                Subquery(since.order_by().values("thread").annotate(n=Count("pk")).values("n")), 0
            )
        )
    return threads.order_by("-last_activity_at", "-id")


def thread_list_count(*, viewer: Viewer, category: Category, version: str) -> int:
    """How many threads of the category the viewer sees, for the pager.

    The published (or, for moderators, all) threads are counted once per category version and
    shared; a member adds their own threads only they can see, along the author's index.
    """
    member = _member(viewer)
    in_category = Thread.objects.filter(category=category)
    if member is not None and member.is_moderator:
        return forum_cache.shared_value(
            forum_cache.thread_count_key(which="all", version=version, category_id=category.pk),
            in_category.count,
        )
    published = forum_cache.shared_value(
        forum_cache.thread_count_key(which="published", version=version, category_id=category.pk),
        in_category.filter(status=PostStatus.PUBLISHED).count,
    )
    if member is None:
        return published if category.is_public else 0
    return published + in_category.filter(author=member, status__in=OWN_VISIBLE).count()


def thread_get_for(*, thread_id: int, viewer: Viewer) -> Thread:
    """A thread the viewer may read, with whether they follow it and when they last read it; else 404."""
    threads = Thread.objects.filter(_visible_thread_filter(viewer), pk=thread_id).select_related(
        "category", "author"
    )
    member = _member(viewer)
    if member is not None:
        threads = threads.annotate(**_member_marks(member))
    thread = threads.first()
    if thread is None:
        raise Http404("No such thread.")
    return thread


def _thread_visible_to(thread: Thread, viewer: Viewer) -> bool:
    """_visible_thread_filter for one thread already read (tests hold the two to agree)."""
    member = _member(viewer)
    if member is not None and member.is_moderator:
        return True
    if thread.status == PostStatus.PUBLISHED:
        return member is not None or thread.category.is_public
    return member is not None and thread.author_id == member.pk and thread.status in OWN_VISIBLE


def thread_to_read(*, thread_id: int, viewer: Viewer, version: str | None = None) -> Thread:
    """thread_get_for for pages that only show the thread: the thread with its category and author
    is shared by every viewer through the cache (under its version); only what is the member's own
    (following it, when they last read it, posts of theirs only they see) is read for them.

    Writes use thread_get_for, never a copy from the cache. `version`: the thread's version, when
    the caller read it first.
    """
    member = _member(viewer)
    marks = _member_marks(member) if member is not None else {}
    own: dict[str, Any] = {}

    def load(ids: list[int]) -> dict[int, Thread]:
        # When the cache does not have the thread, the member's marks come in the same query.
        rows = (
            _handles_only(Thread.objects.select_related("category", "author"))
            .filter(pk__in=ids)
            .annotate(**marks)
        )
        loaded = {row.pk: row for row in rows}
        for row in loaded.values():
            own.update({name: row.__dict__.pop(name) for name in marks})
        return loaded

    thread = forum_cache.shared_rows(
        kind="forum.thread-page", thread_ids={thread_id: thread_id}, load=load, version=version
    ).get(thread_id)
    if thread is None or not _thread_visible_to(thread, viewer):
        raise Http404("No such thread.")
    if marks and not own:
        values = Thread.objects.filter(pk=thread_id).annotate(**marks).values_list(*marks).get()
        own = dict(zip(marks, values, strict=True))
    for name, value in own.items():
        setattr(thread, name, value)
    return thread


def thread_followers(*, thread: Thread) -> QuerySet[User]:
    return User.objects.filter(forum_follows__thread=thread, is_active=True)


# Posts


def _visible_post_filter(viewer: Viewer) -> Q:
    member = _member(viewer)
    if member is not None and member.is_moderator:
        return Q()
    visible = Q(status__in=[PostStatus.PUBLISHED, PostStatus.REMOVED])
    if member is None:
        return visible
    return visible | Q(author=member, status__in=OWN_VISIBLE)


def post_list(*, thread: Thread, viewer: Viewer) -> QuerySet[Post]:
    """The thread's posts the viewer may see, oldest first (posts_decorate marks blocked authors)."""
    return (
        Post.objects.filter(_visible_post_filter(viewer), thread=thread)
        .select_related("author", "quote_of__author")
        .order_by("created_at", "id")
    )


def post_get_for(*, post_id: int, viewer: Viewer) -> Post:
    """A post the viewer may read, in a thread the viewer may read; otherwise a 404."""
    post = (
        Post.objects.filter(_visible_post_filter(viewer), pk=post_id)
        .filter(thread__in=Thread.objects.filter(_visible_thread_filter(viewer)))
        .select_related("author", "thread__category", "quote_of__author")
        .first()
    )
    if post is None:
        raise Http404("No such post.")
    return post


def post_position(*, post: Post, viewer: Viewer) -> int:
    """How many visible posts come before this one in its thread (for finding its page)."""
    return (
        post_list(thread=post.thread, viewer=viewer)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.pk))
        .count()
    )


def page_rows(page_of: QuerySet, *, shared_key: str | None = None, version: str | None = None) -> list:
    """The rows of one page of a sliced queryset of posts or threads, with their joins.

    First the page's ids in order, with the queryset's annotations (page_keys): in the post and
    thread lists these are what differs between viewers (a blocked author, when they last read a
    thread); then the rows themselves, the same for every viewer, from the cache (kept under their
    thread's version, see forum.cache) or, for those missing, from the database: only the page's
    rows, so sorting a whole thread or category with its joins before the OFFSET never costs more
    as the forum grows. `shared_key`: see page_keys. `version`: the thread's version when every row
    is a post of that one thread (shared_rows).
    """
    return rows_in_order(page_of, page_keys(page_of, shared_key=shared_key), version=version)


def page_keys(page_of: QuerySet, *, shared_key: str | None = None) -> list[tuple[int, int, dict[str, Any]]]:
    """The ids of one page of a sliced queryset of posts or threads, in order, each with its thread's
    id and the queryset's annotations (what is the viewer's own). With `shared_key`, a queryset the
    same for every viewer keeps them under that key."""
    per_viewer = list(page_of.query.annotations)
    version_field = "thread_id" if page_of.model is Post else "pk"

    def read() -> list[tuple[int, int, dict[str, Any]]]:
        return [
            (pk, thread_id, dict(zip(per_viewer, values, strict=True)))
            for pk, thread_id, *values in page_of.values_list("pk", version_field, *per_viewer)
        ]

    return read() if shared_key is None else forum_cache.shared_value(shared_key, read)


def rows_in_order(
    page_of: QuerySet, keyed: list[tuple[int, int, dict[str, Any]]], *, version: str | None = None
) -> list:
    """The rows of `keyed` (id, thread id, what is the viewer's own) in that order, from the cache."""
    if not keyed:
        return []

    def load(ids: list[int]) -> dict[int, Any]:
        # The rows by id with the page's joins, and nothing of the viewer's own (the annotations),
        # which never goes into what every viewer shares; the ids were read under the page's filters.
        rows = page_of.model._default_manager.filter(pk__in=ids)
        rows.query.select_related = page_of.query.select_related
        # Put back in order below: sorting again in SQL costs more to build than to do.
        return {row.pk: row for row in _handles_only(rows)}

    by_id = forum_cache.shared_rows(
        kind=page_of.model._meta.label_lower,
        thread_ids={pk: thread_id for pk, thread_id, _ in keyed},
        load=load,
        version=version,
    )
    page = []
    for pk, _, own in keyed:
        row = by_id.get(pk)
        if row is not None:
            for name, value in own.items():
                setattr(row, name, value)
            page.append(row)
    return page


class CountedPaginator(Paginator):
    """A Paginator given the count, when the count is known without asking the queryset."""

    def __init__(self, *args, count: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached property


def posts_shared_with(*, thread: Thread, viewer: Viewer) -> bool:
    """Whether the viewer sees exactly the posts a visitor sees in the thread.

    True for visitors and for members with no post of their own waiting, rejected or hidden in it
    (nearly everyone; `thread` comes from thread_get_for). Their counts and pages can be shared.
    """
    member = _member(viewer)
    if member is None:
        return True
    return not member.is_moderator and not getattr(thread, "has_own_unpublished", True)


def post_paging(*, thread: Thread, viewer: Viewer, version: str) -> tuple[QuerySet[Post], str | None]:
    """The posts the viewer pages through, and the key under which their pages may be shared.

    Where the viewer sees what a visitor sees (posts_shared_with), the visitor's posts are paged,
    and their count and pages' ids are kept in the cache under the thread's version; otherwise the
    viewer's own posts, with no key.
    """
    if posts_shared_with(thread=thread, viewer=viewer):
        return post_list(thread=thread, viewer=None), forum_cache.posts_shared_key(
            version=version, thread_id=thread.pk
        )
    return post_list(thread=thread, viewer=viewer), None


def post_page(
    *, thread: Thread, viewer: Viewer, number: str | None, per_page: int, version: str
) -> tuple[Page, list[Post]]:
    """One page of the thread's posts as the viewer may see them: the Page and its posts in order."""
    posts, shared_key = post_paging(thread=thread, viewer=viewer, version=version)
    if shared_key is None:
        page = Paginator(posts, per_page).get_page(number)
        return page, page_rows(cast(QuerySet[Post], page.object_list), version=version)
    count = forum_cache.shared_value(forum_cache.posts_count_key(shared_key), posts.count)
    page = CountedPaginator(posts, per_page, count=count).get_page(number)
    return page, page_rows(
        cast(QuerySet[Post], page.object_list),
        shared_key=forum_cache.posts_page_key(shared_key, start=page.start_index(), size=per_page),
        version=version,
    )


# What a viewer may see of a post and do with it


EDITABLE = (PostStatus.PENDING, PostStatus.PUBLISHED)


@dataclass(frozen=True)
class PostView:
    """What one viewer may see of a post and do with it: decided once, for the pages, the API and
    the services. Made only of what the post, its thread's mark and the viewer give, so two
    viewers with the same PostView (and the same reactions of their own) see the same post."""

    is_mine: bool
    # The text: withheld once its author removed it (moderators still read it); folded behind
    # "show anyway" when by a member the viewer blocked (never for moderators).
    text_shown: bool
    collapsed: bool
    # The post quotes a member the viewer blocked: the quote is folded like their posts.
    quote_collapsed: bool
    # The moderators' reason for not publishing or hiding it: for its author and moderators.
    reason_shown: bool
    # Whether crisis language was found in it: for moderators only.
    crisis_shown: bool
    # Posted by someone else since the viewer last read the thread.
    is_new: bool
    # The viewer is suspended: the controls they would have are shown disabled, with the reason
    # beside the reply box, rather than failing after a click.
    paused: bool
    can_react: bool
    can_flag: bool
    can_edit: bool
    can_moderate: bool

    @property
    def cache_key(self) -> str:
        return "".join("1" if value else "0" for value in astuple(self))


def post_view_for(
    *,
    viewer: Viewer,
    post: Post,
    blocked: Collection[int] = (),
    last_read_at: datetime | None = None,
    moderator: bool | None = None,
    suspended: bool | None = None,
) -> PostView:
    """`blocked`: the ids of the members the viewer blocked; `last_read_at`: the viewer's mark on
    the thread; `moderator` and `suspended`: whether the viewer is one, when the caller knows it.

    `suspended` only shapes what is shown (from the cache when not given): whether a member may
    write is decided by services.rules.ensure_can_write, from the database."""
    member = _member(viewer)
    if moderator is None:
        moderator = is_moderator(user=member)
    if suspended is None:
        suspended = member_suspension_shown(user=member) is not None
    is_mine = member is not None and post.author_id == member.pk
    published = post.status == PostStatus.PUBLISHED
    may_write = member is not None and not suspended
    # Only read the quoted post when it matters, so services deciding for one post query nothing.
    quoted = post.quote_of if post.quote_of_id and blocked else None
    return PostView(
        is_mine=is_mine,
        text_shown=post.status != PostStatus.REMOVED or moderator,
        collapsed=post.author_id in blocked and not moderator,
        quote_collapsed=quoted is not None and quoted.author_id in blocked and not moderator,
        reason_shown=is_mine or moderator,
        crisis_shown=moderator and post.is_crisis,
        is_new=bool(last_read_at and post.created_at > last_read_at and not is_mine),
        paused=member is not None and suspended and published,
        can_react=may_write and published,
        can_flag=may_write and published and not is_mine,
        can_edit=is_mine and post.status in EDITABLE,
        can_moderate=moderator,
    )


def posts_decorate(
    *, posts: Iterable[Post], viewer: Viewer, last_read_at: datetime | None = None
) -> list[Post]:
    """Attach reaction counts and the viewer's own reactions to posts, in one query, and what the
    viewer may see of each (`post.view`; their blocked list comes from the cache).

    `last_read_at`: the viewer's mark on the posts' thread, for the posts new to them."""
    posts = list(posts)
    ids = [post.pk for post in posts]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    mine: dict[int, set[str]] = defaultdict(set)
    member = _member(viewer)
    moderator = is_moderator(user=member)
    blocked = account_selectors.blocked_user_ids(user=member) if member is not None else set()
    suspended = member_suspension_shown(user=member) is not None
    if ids:
        rows = (
            Reaction.objects.filter(post_id__in=ids)
            .values("post_id", "kind")
            .annotate(n=Count("id"), mine=Count("id", filter=Q(user_id=getattr(member, "pk", None))))
        )
        for row in rows:
            counts[row["post_id"]][row["kind"]] = row["n"]
            if row["mine"]:
                mine[row["post_id"]].add(row["kind"])
    for post in posts:
        post.reaction_summary = [
            {
                "kind": kind,
                "label": label,
                "count": counts[post.pk].get(kind, 0),
                "mine": kind in mine[post.pk],
            }
            for kind, label in Reaction.Kind.choices
        ]
        post.view = post_view_for(
            viewer=member,
            post=post,
            blocked=blocked,
            last_read_at=last_read_at,
            moderator=moderator,
            suspended=suspended,
        )
    return posts


def post_revisions(*, post: Post) -> QuerySet[PostRevision]:
    return post.revisions.select_related("edited_by")


# Mention suggestions


MENTION_PREFIX = re.compile(r"[A-Za-z0-9_]{2,30}")
MENTION_SUGGESTIONS = 8


def mention_suggestions(*, viewer: User, prefix: str, thread: Thread | None = None) -> list[str]:
    """Handles (never anything else) of active members whose handle starts with `prefix` (two
    letters at least) and whom the viewer may mention: not those who blocked them, not those they
    blocked, not themselves. Those who posted in `thread` most recently come first."""
    prefix = prefix.lstrip("@")
    if not MENTION_PREFIX.fullmatch(prefix):
        return []
    members = (
        User.objects.filter(is_active=True, handle__istartswith=prefix)
        .exclude(pk=viewer.pk)
        .exclude(pk__in=Block.objects.filter(blocked=viewer).values("blocker_id"))
        .exclude(pk__in=Block.objects.filter(blocker=viewer).values("blocked_id"))
    )
    if thread is not None:
        members = members.annotate(
            posted_at=Max(
                "forum_posts__created_at",
                filter=Q(forum_posts__thread=thread, forum_posts__status=PostStatus.PUBLISHED),
            )
        ).order_by(F("posted_at").desc(nulls_last=True), "handle")
    else:
        members = members.order_by("handle")
    return list(members.values_list("handle", flat=True)[:MENTION_SUGGESTIONS])


# Drafts: the member's own, never anyone else's


def draft_for(*, user: User, thread: Thread | None) -> Draft | None:
    """The member's draft of a reply to `thread`, or of a new thread when `thread` is None."""
    return Draft.objects.filter(user=user, thread=thread).select_related("category").first()


def draft_list(*, user: User) -> QuerySet[Draft]:
    """The member's drafts, the latest first, with the threads they reply to still readable to them."""
    readable = Thread.objects.filter(_visible_thread_filter(user))
    return (
        Draft.objects.filter(user=user)
        .filter(Q(thread__isnull=True) | Q(thread__in=readable))
        .select_related("thread", "category")
        .order_by("-updated_at", "-id")
    )


# Search


SEARCH_CANDIDATES = 500


def post_search(
    *, query: str, viewer: Viewer, category: Category | None = None, author: User | None = None
) -> QuerySet[Post]:
    """Published posts matching the words, in one category or by one author if given: ranked on
    PostgreSQL, newest first elsewhere.

    On PostgreSQL the matches come from GIN indexes on posts' text and threads' titles (see
    migration 0003); the newest SEARCH_CANDIDATES of each are ranked, title matches weighing more.
    """
    query = query.strip()
    visible_threads = Thread.objects.filter(_visible_thread_filter(viewer)).filter(
        status=PostStatus.PUBLISHED
    )
    if category is not None:
        visible_threads = visible_threads.filter(category=category)
    posts = Post.objects.filter(status=PostStatus.PUBLISHED, thread__in=visible_threads).select_related(
        "author", "thread__category"
    )
    if author is not None:
        posts = posts.filter(author=author)
    if not query:
        return posts.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        search = SearchQuery(query, search_type="websearch", config="english")
        in_body = (
            Post.objects.annotate(match=SearchVector("body", config="english"))
            .filter(match=search, status=PostStatus.PUBLISHED)
            .order_by("-id")
            .values_list("pk", flat=True)[:SEARCH_CANDIDATES]
        )
        titled = Thread.objects.annotate(match=SearchVector("title", config="english")).filter(match=search)
        in_title = (
            Post.objects.filter(is_opening=True, status=PostStatus.PUBLISHED, thread__in=titled)
            .order_by("-id")
            .values_list("pk", flat=True)[:SEARCH_CANDIDATES]
        )
        candidates = {*in_body, *in_title}
        vector = SearchVector("thread__title", weight="A", config="english") + SearchVector(
            "body", weight="B", config="english"
        )
        return (
            posts.filter(pk__in=candidates)
            .annotate(rank=SearchRank(vector, search))
            .order_by("-rank", "-created_at", "-id")
        )
    condition = Q()
    for word in query.split()[:8]:
        condition &= Q(body__icontains=word) | Q(thread__title__icontains=word)
    return posts.filter(condition).order_by("-created_at", "-id")


EXCERPT_START, EXCERPT_STOP = "\ue000", "\ue001"  # private-use characters, never in escaped text
EXCERPT_LENGTH = 240


def _plain_text(post: Post) -> str:
    """The post's words as a reader sees them: its sanitized HTML without tags or Markdown signs."""
    text = html.unescape(strip_tags(post.body_html))
    return " ".join(text.replace(EXCERPT_START, "").replace(EXCERPT_STOP, "").split())


def search_excerpts(*, posts: list[Post], query: str) -> dict[int, str]:
    """Each post's plain-text excerpt as safe HTML, with the matched words in <mark> on PostgreSQL
    (ts_headline, for the whole page in one query); the text's beginning elsewhere.

    The highlighter marks words with private-use characters; the text is escaped first and only
    then are the markers turned into <mark>, so nothing a member wrote becomes markup."""
    texts = [_plain_text(post) for post in posts]
    if connection.vendor == "postgresql" and texts and query.strip():
        options = (
            f"StartSel={EXCERPT_START}, StopSel={EXCERPT_STOP}, MaxWords=35, MinWords=15, MaxFragments=2"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ts_headline('english', text, websearch_to_tsquery('english', %s), %s) "
                "FROM unnest(%s::text[]) WITH ORDINALITY AS t(text, n) ORDER BY n",
                [query, options, texts],
            )
            texts = [row[0] for row in cursor.fetchall()]
    else:
        texts = [Truncator(text).chars(EXCERPT_LENGTH) for text in texts]
    return {
        post.pk: escape(text).replace(EXCERPT_START, "<mark>").replace(EXCERPT_STOP, "</mark>")
        for post, text in zip(posts, texts, strict=True)
    }


# Review queue and log


QUEUE_COUNTS_TTL = 10 * 60


def _has_open_flags() -> Exists:
    return Exists(Flag.objects.filter(post=OuterRef("pk"), status=Flag.Status.OPEN))


def review_queue_counts() -> dict[str, int]:
    """How many posts wait in the queue (all, pending, flagged, crisis), for every moderator's
    navigation: one query, then kept in the cache until the queue changes (forum_cache.queue_changed)."""

    def count() -> dict[str, int]:
        return Post.objects.filter(needs_review=True).aggregate(
            total=Count("id"),
            pending=Count("id", filter=Q(status=PostStatus.PENDING)),
            flagged=Count("id", filter=Q(_has_open_flags())),
            crisis=Count("id", filter=Q(is_crisis=True)),
        )

    return get_or_compute(
        key="forum:queue-counts",
        version_key=forum_cache.QUEUE_VERSION_KEY,
        compute=count,
        timeout=QUEUE_COUNTS_TTL,
    )


class QueueShow(models.TextChoices):
    """What a moderator may narrow the review queue to."""

    PENDING = "pending", "Waiting for approval"
    FLAGGED = "flagged", "Flagged"
    CRISIS = "crisis", "Crisis"


def review_queue(*, show: str = "", category: Category | None = None) -> QuerySet[Post]:
    """Pending, flagged and crisis posts, or only one kind or one category: crisis first, then the oldest.

    Only what orders them, read along the queue's own index: a page is taken from it and then
    joined and counted in review_queue_decorate, so a long queue costs no more per page.
    """
    posts = Post.objects.filter(needs_review=True)
    if show == QueueShow.PENDING:
        posts = posts.filter(status=PostStatus.PENDING)
    elif show == QueueShow.FLAGGED:
        posts = posts.filter(_has_open_flags())
    elif show == QueueShow.CRISIS:
        posts = posts.filter(is_crisis=True)
    if category is not None:
        posts = posts.filter(thread__category=category)
    return posts.only("id", "is_crisis", "review_since").order_by("-is_crisis", "review_since", "id")


def review_queue_decorate(*, posts: Iterable[Post]) -> list[Post]:
    """The page's posts with their thread, open flags and author's history, in a fixed number of queries."""
    ids = [post.pk for post in posts]
    rows = (
        Post.objects.filter(pk__in=ids)
        .select_related("author", "thread__category")
        .annotate(open_flag_count=Count("flags", filter=Q(flags__status=Flag.Status.OPEN)))
    )
    by_id = {row.pk: row for row in rows}
    posts = [by_id[pk] for pk in ids if pk in by_id]
    author_ids = {post.author_id for post in posts if post.author_id}
    flags: dict[int, list[Flag]] = defaultdict(list)
    for flag in Flag.objects.filter(post_id__in=ids).select_related("user").order_by("created_at"):
        flags[flag.post_id].append(flag)
    history: dict[int | None, dict[str, int]] = defaultdict(dict)
    counts = (
        Post.objects.filter(author_id__in=author_ids).values("author_id", "status").annotate(n=Count("id"))
    )
    for row in counts:
        history[row["author_id"]][row["status"]] = row["n"]
    suspended = set(
        Suspension.objects.active().filter(user_id__in=author_ids).values_list("user_id", flat=True)
    )
    for post in posts:
        post.flag_list = flags[post.pk]
        post.author_history = history.get(post.author_id, {})
        post.author_suspended = post.author_id in suspended
    return posts


def rejection_reasons() -> list[RejectionReason]:
    return forum_cache.rejection_reasons_kept(lambda: list(RejectionReason.objects.filter(is_active=True)))


def rejection_reason_get(*, pk: int) -> RejectionReason | None:
    return RejectionReason.objects.filter(is_active=True, pk=pk).first()


MEMBER_HISTORY_ITEMS = 20


@dataclass
class MemberHistory:
    """What moderators read about one member before deciding: the same handful of queries however
    much there is, each list the latest MEMBER_HISTORY_ITEMS."""

    post_counts: dict[str, int]
    posts: list[Post]
    flags_made_count: int
    flags_made: list[Flag]
    flags_received_count: int
    flags_received: list[Flag]
    suspensions: list[Suspension]
    log: list[ModerationLogEntry]
    notes: list[ModeratorNote]


def member_history(*, member: User, post_status: str = "") -> MemberHistory:
    counts = dict(
        Post.objects.filter(author=member).values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    posts = (
        Post.objects.filter(author=member).select_related("thread__category").order_by("-created_at", "-id")
    )
    if post_status:
        posts = posts.filter(status=post_status)
    flag_counts = Flag.objects.aggregate(
        made=Count("id", filter=Q(user=member)), received=Count("id", filter=Q(post__author=member))
    )
    return MemberHistory(
        post_counts={status: counts.get(status, 0) for status in PostStatus.values},
        posts=list(posts[:MEMBER_HISTORY_ITEMS]),
        flags_made_count=flag_counts["made"],
        flags_made=list(
            Flag.objects.filter(user=member)
            .select_related("post__author", "post__thread")
            .order_by("-created_at", "-id")[:MEMBER_HISTORY_ITEMS]
        ),
        flags_received_count=flag_counts["received"],
        flags_received=list(
            Flag.objects.filter(post__author=member)
            .select_related("user", "post__thread")
            .order_by("-created_at", "-id")[:MEMBER_HISTORY_ITEMS]
        ),
        suspensions=list(
            Suspension.objects.filter(user=member)
            .select_related("created_by", "lifted_by")
            .order_by("-created_at", "-id")
        ),
        log=list(
            ModerationLogEntry.objects.filter(target_user=member)
            .select_related("post", "thread")
            .order_by("-created_at", "-id")[:MEMBER_HISTORY_ITEMS]
        ),
        notes=list(moderator_notes(member=member)),
    )


def moderator_notes(*, member: User) -> QuerySet[ModeratorNote]:
    """Moderators only: notes are never shown to the member, nor put in their export."""
    return ModeratorNote.objects.filter(member=member).select_related("author").order_by("-created_at", "-id")


def moderation_log(
    *,
    action: str = "",
    moderator_handle: str = "",
    member_handle: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[ModerationLogEntry]:
    """The log, newest first, narrowed by action, moderator, member and days (both included, in the
    zone active for the request)."""
    entries = ModerationLogEntry.objects.select_related("target_user", "thread", "post")
    if action:
        entries = entries.filter(action=action)
    if moderator_handle:
        entries = entries.filter(moderator_handle__iexact=moderator_handle)
    if member_handle:
        entries = entries.filter(target_user__handle__iexact=member_handle)
    zone = timezone.get_current_timezone()
    if since is not None:
        entries = entries.filter(created_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until is not None:
        entries = entries.filter(
            created_at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        )
    return entries.order_by("-created_at", "-id")
