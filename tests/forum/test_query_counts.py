"""Pages and endpoints do not slow down as the forum grows: the same few queries for 1 or 100 items."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from forum import selectors
from forum.models import Flag, PostStatus, Reaction
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, published_thread

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
# On a cold cache the queue also reads the waiting counts for the navigation, the categories of its
# filter and the ready-made rejection reasons (all three kept in the cache after that).
MAX_QUEUE_QUERIES = MAX_QUERIES + 3


def _category_with_threads(count: int):
    category = CategoryFactory()
    for _ in range(count):
        published_thread(category=category)
    return category


def _thread_with_posts(count: int, viewer):
    thread = published_thread()
    opening = thread.posts.get()
    for index in range(count - 1):
        post = PostFactory(thread=thread, quote_of=opening if index % 3 == 0 else None)
        Reaction.objects.create(post=post, user=viewer, kind="hug")
        Reaction.objects.create(post=post, user=post.author, kind="same_here")
    return thread


def _queue_with_posts(count: int):
    flagger = UserFactory()
    thread = published_thread(category=CategoryFactory(slug="queue-here"))
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
            post = PostFactory(
                thread=thread, needs_review=True, review_since=thread.created_at, is_crisis=index % 4 == 0
            )
            Flag.objects.create(post=post, user=flagger, reason="spam")


def _clients(user):
    page, api = Client(), APIClient()
    page.force_login(user)
    api.force_authenticate(user)
    return page, api


@pytest.mark.parametrize("count", [1, 100])
def test_category_list(member, count, django_assert_max_num_queries):
    for _ in range(count):
        CategoryFactory()
    page, api = _clients(member)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = page.get("/forum/categories/")
    assert response.status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert len(api.get("/api/v1/forum/categories/").json()) == 8 + count


@pytest.mark.parametrize("count", [1, 100])
def test_thread_list(member, count, django_assert_max_num_queries):
    category = _category_with_threads(count)
    page, api = _clients(member)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = page.get(f"/forum/c/{category.slug}/?per_page=100")
    assert response.content.decode().count('class="thread-item') == count
    with django_assert_max_num_queries(MAX_QUERIES):
        data = api.get(f"/api/v1/forum/categories/{category.slug}/threads/?page_size=100").json()
    assert len(data["results"]) == count


@pytest.mark.parametrize("count", [1, 100])
@pytest.mark.parametrize("as_moderator", [False, True])
def test_thread_page(member, moderator, count, as_moderator, django_assert_max_num_queries):
    viewer = moderator if as_moderator else member
    thread = _thread_with_posts(count, viewer)
    page, api = _clients(viewer)
    page.get(thread.get_absolute_url())  # first visit records the read; the second is the steady state
    with django_assert_max_num_queries(MAX_QUERIES):
        response = page.get(f"{thread.get_absolute_url()}?per_page=100")
    assert response.content.decode().count('<article class="post card') == count
    with django_assert_max_num_queries(MAX_QUERIES):
        data = api.get(f"/api/v1/forum/threads/{thread.pk}/posts/?page_size=100").json()
    assert len(data["results"]) == count
    with django_assert_max_num_queries(MAX_QUERIES):
        assert api.get(f"/api/v1/forum/threads/{thread.pk}/").status_code == 200


@pytest.mark.parametrize("count", [1, 100])
def test_review_queue(moderator, count, django_assert_max_num_queries):
    _queue_with_posts(count)
    page, api = _clients(moderator)
    with django_assert_max_num_queries(MAX_QUEUE_QUERIES):
        response = page.get("/forum/review/?per_page=100")
    assert response.content.decode().count('class="card queue-item') == count
    with django_assert_max_num_queries(MAX_QUEUE_QUERIES):
        data = api.get("/api/v1/forum/moderation/queue/?page_size=100").json()
    assert len(data["results"]) == count
    assert data["results"][0]["is_crisis"] is True
    assert [post.pk for post in selectors.review_queue()][:1] == [data["results"][0]["id"]]


@pytest.mark.parametrize("count", [4, 100])
@pytest.mark.parametrize("query", ["show=pending", "show=flagged", "show=crisis&category=queue-here"])
def test_review_queue_filtered(moderator, count, query, django_assert_max_num_queries):
    _queue_with_posts(count)
    page, api = _clients(moderator)
    with django_assert_max_num_queries(MAX_QUEUE_QUERIES):
        response = page.get(f"/forum/review/?per_page=100&{query}")
    shown = response.content.decode().count('class="card queue-item')
    assert shown >= 1
    with django_assert_max_num_queries(MAX_QUEUE_QUERIES):
        data = api.get(f"/api/v1/forum/moderation/queue/?page_size=100&{query}").json()
    assert len(data["results"]) == shown
