"""The main pages and API lists make exactly the queries they are known to make, whether they show
one item or fifty: one query more anywhere is a change someone has to mean.

Each page is asked for once before it is measured, as a member who keeps reading does: what the
cache keeps between requests is part of the design (bench/README.md, "Caching").
"""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Notification
from forum.models import Flag, PostStatus, Reaction
from streaks.models import CheckIn
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, published_thread
from tests.streaks.factories import StreakFactory

pytestmark = pytest.mark.django_db


def _world(count: int):
    """A member with `count` of everything a main page lists, and a moderator."""
    member = UserFactory(handle="reader")
    moderator = ModeratorFactory()
    category = CategoryFactory(slug="evenings")
    threads = [published_thread(category=category) for _ in range(count)]
    thread = threads[0]
    opening = thread.posts.get()
    for index in range(count):
        post = PostFactory(thread=thread, quote_of=opening if index % 3 == 0 else None)
        Reaction.objects.create(post=post, user=member, kind="hug")
    for index in range(count):
        if index % 2:
            PostFactory(
                thread=thread,
                status=PostStatus.PENDING,
                approved_at=None,
                needs_review=True,
                review_since=thread.created_at,
            )
        else:
            flagged = PostFactory(thread=thread, needs_review=True, review_since=thread.created_at)
            Flag.objects.create(post=flagged, user=member, reason="spam")
    for index in range(count):
        Notification.objects.create(recipient=member, kind="reply", title=f"Reply {index}")
    start = timezone.localdate() - timedelta(days=count + 5)
    streak = StreakFactory(user=member, start_date=start)
    CheckIn.objects.bulk_create(
        [CheckIn(streak=streak, user=member, day=start + timedelta(days=index)) for index in range(count)]
    )
    return member, moderator, thread


def _page(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# (name, who asks, how, path, queries)
CASES: list[tuple[str, str, str, Callable, int]] = [
    ("landing page, visitor", "visitor", "page", lambda t: "/", 0),
    ("forum index, member", "member", "page", lambda t: "/forum/", 2),
    ("category threads, member", "member", "page", lambda t: "/forum/c/evenings/?per_page=100", 4),
    ("thread page, member", "member", "page", lambda t: f"{t.get_absolute_url()}?per_page=100", 3),
    ("thread page, moderator", "moderator", "page", lambda t: f"{t.get_absolute_url()}?per_page=100", 6),
    ("review queue, moderator", "moderator", "page", lambda t: "/forum/review/?per_page=100", 7),
    ("notifications, member", "member", "page", lambda t: "/members/notifications/", 3),
    ("streak dashboard, member", "member", "page", lambda t: "/streak/", 3),
    ("API categories", "member", "api", lambda t: "/api/v1/forum/categories/", 1),
    (
        "API category threads",
        "member",
        "api",
        lambda t: "/api/v1/forum/categories/evenings/threads/?page_size=100",
        2,
    ),
    ("API thread posts", "member", "api", lambda t: f"/api/v1/forum/threads/{t.pk}/posts/?page_size=100", 2),
    ("API review queue", "moderator", "api", lambda t: "/api/v1/forum/moderation/queue/?page_size=100", 6),
    ("API notifications", "member", "api", lambda t: "/api/v1/notifications/?page_size=100", 2),
    ("API check-ins", "member", "api", lambda t: "/api/v1/streaks/checkins/?page_size=100", 2),
    ("API me", "member", "api", lambda t: "/api/v1/me/", 0),
]


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize(("name", "who", "how", "path", "queries"), CASES, ids=[case[0] for case in CASES])
def test_exact_queries(count, name, who, how, path, queries, django_assert_num_queries):
    member, moderator, thread = _world(count)
    user = {"visitor": None, "member": member, "moderator": moderator}[who]
    client = _page(user) if how == "page" else _api(user)
    url = path(thread)
    assert client.get(url).status_code == 200
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


# With the cache emptied before the request (bench/README.md, "Uncached pages"): what every
# member's first page after a change computes. (name, path, queries)
COLD_CASES: list[tuple[str, Callable, int]] = [
    ("forum index", lambda t: "/forum/", 6),
    ("category list", lambda t: "/forum/categories/", 7),
    ("category threads", lambda t: "/forum/c/evenings/?per_page=100", 9),
    ("thread page", lambda t: f"{t.get_absolute_url()}?per_page=100", 11),
    ("streak dashboard", lambda t: "/streak/", 10),
]


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize(("name", "path", "queries"), COLD_CASES, ids=[case[0] for case in COLD_CASES])
def test_exact_queries_with_an_empty_cache(count, name, path, queries, django_assert_num_queries):
    member, _, thread = _world(count)
    client = _page(member)
    url = path(thread)
    assert client.get(url).status_code == 200
    cache.clear()
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
