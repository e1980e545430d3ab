"""Cached forum pages and post fragments, keyed by version numbers the forum bumps on every change.

Every thread and category has a version number in the cache. The forum services call
`thread_changed` on each new post, edit, hide, approval, removal, reaction, lock, pin and move;
the versions are bumped at once and again when the transaction commits, so what a reader stored
in between is never served under the final version. Cached content is looked up under the
current versions, so a change shows at once to everyone: nothing is deleted, old entries simply
stop being asked for and expire.

A global version covers what no thread knows about: a category's settings (who may read it) and
members leaving (their handle disappears from every post).
"""

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template

from accounts.models import User
from accounts.templatetags.member_time import local_time
from community.cache import bump_on_commit, get_or_compute, versions

from .jinja_env import iso_time
from .models import Category, RejectionReason

PAGE_TTL = 60  # seconds: relative times ("5 minutes ago") on cached pages are at most this old
FRAGMENT_TTL = 60 * 10
_GLOBAL = "forum:v:global"
# Cached fragments hold this in place of the viewer's CSRF token, replaced on the way out.
CSRF_PLACEHOLDER = "forum-csrf-placeholder-5b0e9c"
_CSRF_VALUE = f'value="{CSRF_PLACEHOLDER}"'


def _thread_key(thread_id: int) -> str:
    return f"forum:v:thread:{thread_id}"


def _category_key(category_id: int) -> str:
    return f"forum:v:category:{category_id}"


def thread_changed(*, thread_id: int, category_ids: Iterable[int]) -> None:
    """The thread, or one of its posts, changed: its pages and its category's lists are stale."""
    bump_on_commit(
        [_thread_key(thread_id), *(_category_key(category_id) for category_id in set(category_ids))]
    )


def forum_changed() -> None:
    bump_on_commit([_GLOBAL])


_REJECTION_REASONS = "forum:v:rejection-reasons"


def categories_kept[T](name: str, compute: Callable[[], T]) -> T:
    """A value made from the categories alone (a filter's choices), kept until a category changes."""
    return get_or_compute(
        key=f"forum:categories:{name}", version_key=_GLOBAL, compute=compute, timeout=FRAGMENT_TTL
    )


def rejection_reasons_kept[T](compute: Callable[[], T]) -> T:
    """The ready-made rejection reasons, kept until one is edited in the admin."""
    return get_or_compute(
        key="forum:rejection-reasons", version_key=_REJECTION_REASONS, compute=compute, timeout=FRAGMENT_TTL
    )


QUEUE_VERSION_KEY = "forum:v:queue"


def queue_changed() -> None:
    """A post entered or left the review queue, or its flags changed: the waiting counts are stale."""
    bump_on_commit([QUEUE_VERSION_KEY])


def _versions(*keys: str) -> str:
    return ".".join(str(value) for value in versions(keys))


def thread_version(thread_id: int) -> str:
    return _versions(_GLOBAL, _thread_key(thread_id))


def category_version(category_id: int) -> str:
    return _versions(_GLOBAL, _category_key(category_id))


def categories_version(category_ids: Iterable[int]) -> str:
    """The version of what depends on several categories at once (the Latest list, the index),
    as a digest: one part per category would make keys too long."""
    keys = [_GLOBAL, *(_category_key(category_id) for category_id in sorted(category_ids))]
    return hashlib.sha256(_versions(*keys).encode()).hexdigest()[:32]


# Whole pages for visitors


def visitor_may_use_cache(request: HttpRequest) -> bool:
    """Only a visitor with nothing personal on the page: not logged in, no message waiting."""
    if request.user.is_authenticated or request.method != "GET":
        return False
    if request.COOKIES.get("messages"):
        return False
    return not (request.COOKIES.get(_session_cookie()) and request.session.get("_messages"))


def _session_cookie() -> str:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def visitor_page(key: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The cached page under `key`, or render it and keep it when it is a plain 200 page."""
    cached = cache.get(key)
    if cached is not None:
        content, content_type = cached
        return HttpResponse(content, content_type=content_type)
    response = render()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        cache.set(key, (response.content, response["Content-Type"]), PAGE_TTL)
    return response


# Post fragments on thread pages


def _viewers_own(post) -> str:
    """What differs between viewers on a decorated post: what they may see of it and do with it
    (selectors.PostView), and which reactions are theirs."""
    mine = "".join("1" if reaction["mine"] else "0" for reaction in post.reaction_summary)
    return f"{post.view.cache_key}{mine}"


def post_fragments(
    *, request: HttpRequest, posts: list, context: dict[str, Any], version: str, keep: bool = True
) -> list[str]:
    """Each post rendered with the Jinja2 _post.html (forum.jinja_env), shared between viewers who
    would see it the same way.

    What differs between viewers on a post (their PostView and their reactions) is part of the key;
    their CSRF token and the post's time in their zone are put in afterwards, so members of every
    zone share one rendering. Moderators, who see controls on every post, are not kept
    (`keep=False`): their posts are rendered for them each time.
    """
    template = get_template("forum/_post.html", using="jinja2")
    base = {"thread": context["thread"], "csrf_token": CSRF_PLACEHOLDER}
    if keep:
        keys = [f"forum:post:{version}:{post.pk}:{_viewers_own(post)}" for post in posts]
        found = cache.get_many(keys)
        fresh = {}
        for key, post in zip(keys, posts, strict=True):
            if key not in found:
                found[key] = fresh[key] = template.render({**base, "post": post})
        if fresh:
            cache.set_many(fresh, FRAGMENT_TTL)
        html = [found[key] for key in keys]
    else:
        base["next_path"] = request.get_full_path()
        html = [template.render({**base, "post": post}) for post in posts]
    html = [_POST_TIME.sub(_post_time, fragment) for fragment in html]
    if request.user.is_authenticated:
        token = get_token(request)
        html = [fragment.replace(_CSRF_VALUE, f'value="{token}"') for fragment in html]
    return html


# Where forum.jinja_env.post_time left a post's time (in UTC), replaced by it in the viewer's zone.
_POST_TIME = re.compile(r"<!--post-time:([0-9T:.+-]+)-->")


def _post_time(match: re.Match) -> str:
    moment = dt.datetime.fromisoformat(match[1])
    return f'<time datetime="{iso_time(moment)}">{local_time(moment)}</time>'


# Posts as the API gives them


def serialized_posts(
    *, posts: list, viewer_is_moderator: bool, version: str, serialize: Callable[[list], list]
) -> list:
    """Each post as the API serializes it, shared between viewers who would see it the same way.

    As with the fragments, the key holds what differs between viewers: their PostView and which
    reactions are theirs. Moderators, who see more, are not served from here.
    """
    if viewer_is_moderator:
        return serialize(posts)
    keys = [f"forum:api-post:{version}:{post.pk}:{_viewers_own(post)}" for post in posts]
    found = cache.get_many(keys)
    missing = [(key, post) for key, post in zip(keys, posts, strict=True) if key not in found]
    if missing:
        fresh = dict(zip([key for key, _ in missing], serialize([post for _, post in missing]), strict=True))
        cache.set_many(fresh, FRAGMENT_TTL)
        found.update(fresh)
    return [found[key] for key in keys]


# Rows of pages, shared by every viewer


def shared_value[T](key: str, compute: Callable[[], T]) -> T:
    """A value the same for every viewer, kept under `key` (which holds the versions it depends on)."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, FRAGMENT_TTL)
    return value


def keyset_page_key(shared_key: str, *, cursor: str, size: int) -> str:
    """Where the ids of one keyset page of a shared list are kept: the list's key, the page's cursor
    (hashed: it can be long) and its size."""
    return f"{shared_key}:{hashlib.sha256(cursor.encode()).hexdigest()[:32]}:{size}"


def shared_rows(
    *,
    kind: str,
    thread_ids: dict[int, int],
    load: Callable[[list[int]], dict[int, Any]],
    version: str | None = None,
) -> dict:
    """Posts or threads (with what they join) by id, from the cache, loading the missing ones.

    `thread_ids` gives each row's thread: the row is kept under that thread's version, which every
    change to the thread or its posts bumps. What differs between viewers is never kept here.
    `version`: when every row is of one thread, its thread_version() as the caller already read
    it (before reading anything kept under it), which saves reading it again.
    """
    if version is not None and len(set(thread_ids.values())) == 1:
        keys = {pk: f"forum:obj:{kind}:{version}:{pk}" for pk in thread_ids}
    else:
        thread_keys = sorted({_thread_key(thread_id) for thread_id in thread_ids.values()})
        current = dict(zip([_GLOBAL, *thread_keys], versions([_GLOBAL, *thread_keys]), strict=True))
        keys = {
            pk: f"forum:obj:{kind}:{current[_GLOBAL]}.{current[_thread_key(thread_id)]}:{pk}"
            for pk, thread_id in thread_ids.items()
        }
    found = cache.get_many(list(keys.values()))
    rows = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in rows]
    if missing:
        loaded = load(missing)
        cache.set_many({keys[pk]: row for pk, row in loaded.items()}, FRAGMENT_TTL)
        rows.update(loaded)
    return rows


# Rows of thread lists


def thread_rows(*, threads: list, version: str) -> list[str]:
    """Each thread's row in a list, the same for every viewer but for whether it has news for them."""
    keys = [f"forum:row:{version}:{thread.pk}:{int(thread.is_unread)}" for thread in threads]
    by_id = {thread.pk: thread for thread in threads}
    return _rendered_rows(
        keys=keys, ids=list(by_id), load=lambda missing: by_id, template_name="forum/_thread_row.html"
    )


def latest_rows(*, keyed: list[tuple[int, int, dict[str, Any]]], load: Callable[[list], list]) -> list[str]:
    """Each thread's row in Latest, kept under its thread's version (a reply, an edit, a move or a
    hide bumps it; a renamed category or a member leaving bumps them all), the same for every
    viewer but for their count of new posts.

    `keyed`: the page's threads as selectors.page_keys gives them (id, id, the viewer's own count);
    `load`: the threads of those of `keyed` whose row is not kept (selectors.rows_in_order), so
    that a page whose rows are all kept reads no thread at all.
    """
    thread_keys = sorted({_thread_key(pk) for pk, _, _ in keyed})
    current = dict(zip([_GLOBAL, *thread_keys], versions([_GLOBAL, *thread_keys]), strict=True))
    keys = [
        f"forum:latest-row:{current[_GLOBAL]}.{current[_thread_key(pk)]}:{pk}:{own.get('new_post_count') or 0}"
        for pk, _, own in keyed
    ]
    by_id = {entry[0]: entry for entry in keyed}
    return _rendered_rows(
        keys=keys,
        ids=list(by_id),
        load=lambda missing: {thread.pk: thread for thread in load([by_id[pk] for pk in missing])},
        template_name="forum/_latest_row.html",
    )


def _rendered_rows(
    *, keys: list[str], ids: list[int], load: Callable[[list[int]], dict[int, Any]], template_name: str
) -> list[str]:
    """The rows kept under `keys` (one per thread of `ids`, in order); for those missing, the
    threads `load` gives by id rendered with the Jinja2 `template_name` (forum.jinja_env) and kept.
    A thread gone between reading the page's ids and its rows is left out."""
    found = cache.get_many(keys)
    missing = {key: pk for key, pk in zip(keys, ids, strict=True) if key not in found}
    if missing:
        template = get_template(template_name, using="jinja2")
        threads = load(list(missing.values()))
        fresh = {
            key: template.render({"thread": threads[pk]}) for key, pk in missing.items() if pk in threads
        }
        if fresh:
            cache.set_many(fresh, PAGE_TTL)
        found.update(fresh)
    return [found[key] for key in keys if key in found]


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def _category_saved(sender, **kwargs) -> None:
    forum_changed()


@receiver(post_save, sender=RejectionReason)
@receiver(post_delete, sender=RejectionReason)
def _rejection_reason_saved(sender, **kwargs) -> None:
    bump_on_commit([_REJECTION_REASONS])


@receiver(post_delete, sender=User)
def _member_deleted(sender, **kwargs) -> None:
    forum_changed()


def suspension_version_key(*, user_id: int) -> str:
    """Bumped whenever the member is suspended or a suspension is lifted."""
    return f"forum:v:suspension:{user_id}"


def suspension_shown_key(*, user_id: int) -> str:
    return f"forum:suspension:{user_id}"


def thread_count_key(*, which: str, version: str, category_id: int) -> str:
    """A category's count of threads, "published" or "all" (what moderators see), per version."""
    return f"forum:thread-count:{which}:{version}:{category_id}"


def posts_shared_key(*, version: str, thread_id: int) -> str:
    """The key under which the posts of a thread that viewers see alike are paged."""
    return f"forum:posts:{version}:{thread_id}"


def posts_count_key(shared_key: str) -> str:
    return f"{shared_key}:count"


def posts_page_key(shared_key: str, *, start: int, size: int) -> str:
    return f"{shared_key}:{start}:{size}"


def category_stats_key(*, version: str) -> str:
    """Every category's count of published threads and its latest one, per categories' version."""
    return f"forum:category-stats:{version}"
