"""The forum's landing tab, Latest: threads from every category the viewer may read, by last
activity, with what is new to them; and the category list with each category's latest thread."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from forum import services
from forum.models import PostStatus, ThreadRead
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, ThreadFactory, published_thread, trusted

pytestmark = pytest.mark.django_db


def _ago(minutes: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_latest_is_the_landing_tab_with_threads_of_every_category_by_last_activity(member):
    older = published_thread(
        category=CategoryFactory(name="Early days"), last_activity_at=_ago(30), replies=2
    )
    newer = published_thread(category=CategoryFactory(name="Moving on"), last_activity_at=_ago(5))

    page = _client(member).get("/forum/").content.decode()

    assert '<a href="/forum/" aria-current="page">Latest</a>' in page
    assert page.index(newer.title) < page.index(older.title)
    assert "Moving on</a> · no replies yet" in page
    assert "Early days</a> · 2 replies" in page
    assert f"last post by <bdi>{newer.last_poster.handle}</bdi>" in page


def test_visitors_see_only_public_categories_and_members_their_own_waiting_thread(member):
    public = published_thread(category=CategoryFactory(is_public=True))
    members_only = published_thread(category=CategoryFactory(is_public=False))
    waiting = ThreadFactory(author=member, status=PostStatus.PENDING, title="My first thread waiting")
    PostFactory(thread=waiting, author=member, is_opening=True, status=PostStatus.PENDING)

    visitor = _client().get("/forum/").content.decode()
    mine = _client(member).get("/forum/").content.decode()
    other = _client(UserFactory()).get("/forum/").content.decode()

    assert public.title in visitor and members_only.title not in visitor and waiting.title not in visitor
    assert public.title in mine and members_only.title in mine
    assert waiting.title in mine and "Waiting for a moderator" in mine
    assert waiting.title not in other
    api_titles = {row["title"] for row in _api(UserFactory()).get("/api/v1/forum/latest/").json()["results"]}
    assert {public.title, members_only.title} <= api_titles and waiting.title not in api_titles


def test_a_thread_read_before_shows_how_many_posts_others_wrote_since(member):
    thread = published_thread(last_activity_at=_ago(1))
    thread.posts.update(created_at=_ago(30))
    ThreadRead.objects.create(thread=thread, user=member, last_read_at=_ago(10))
    PostFactory(thread=thread, created_at=_ago(8))
    PostFactory(thread=thread, created_at=_ago(6))
    PostFactory(thread=thread, author=member, created_at=_ago(4))
    PostFactory(thread=thread, created_at=_ago(3), status=PostStatus.PENDING)
    PostFactory(thread=thread, created_at=_ago(20))
    never_opened = published_thread(replies=3)

    page = _client(member).get("/forum/").content.decode()
    rows = {row["id"]: row for row in _api(member).get("/api/v1/forum/latest/").json()["results"]}

    assert rows[thread.pk]["new_post_count"] == 2
    assert '2 new<span class="visually-hidden"> posts</span>' in page
    assert rows[never_opened.pk]["new_post_count"] == 0
    assert page.count('class="tag tag-new"') == 1


def test_the_last_poster_is_kept_by_posting_and_hiding(member):
    author, replier = trusted(UserFactory()), trusted(UserFactory())
    thread = services.thread_create(author=author, category=CategoryFactory(), title="Week one", body="Hard.")
    assert thread.last_poster == author

    reply = services.reply_create(author=replier, thread=thread, body="You can do this.")
    thread.refresh_from_db()
    assert thread.last_poster == replier

    services.post_hide(moderator=ModeratorFactory(), post=reply, reason="Off-topic")
    thread.refresh_from_db()
    assert thread.last_poster == author


def test_the_category_list_shows_each_categorys_latest_thread_and_time(member):
    category = CategoryFactory(name="Slip-ups")
    published_thread(category=category, title="An older one", last_activity_at=_ago(60))
    published_thread(category=category, title="Started over today", last_activity_at=_ago(2))
    ThreadFactory(category=category, title="Still waiting", status=PostStatus.PENDING)
    empty = CategoryFactory(name="Nothing yet")

    page = _client(member).get("/forum/categories/").content.decode()
    rows = {row["slug"]: row for row in _api(member).get("/api/v1/forum/categories/").json()}

    assert '<a href="/forum/categories/" aria-current="page">Categories</a>' in page
    assert "2 threads · latest: <a" in page and "Started over today</a>" in page
    assert "Still waiting" not in page
    assert rows[category.slug]["latest_thread"]["title"] == "Started over today"
    assert rows[category.slug]["thread_count"] == 2
    assert rows[empty.slug]["latest_thread"] is None


def test_the_latest_api_pages_with_a_cursor(member):
    for minutes in range(5):
        published_thread(last_activity_at=_ago(minutes))
    api = _api(member)

    first = api.get("/api/v1/forum/latest/?page_size=3").json()
    second = api.get(first["next"]).json()

    assert len(first["results"]) == 3 and len(second["results"]) == 2 and second["next"] is None
    times = [row["last_activity_at"] for row in first["results"] + second["results"]]
    assert times == sorted(times, reverse=True)


def _queries(fetch) -> int:
    """Queries of a request with nothing in the cache, the most it ever costs (after one request,
    so the signed-in member's permissions kept on the test client's user are there both times)."""
    fetch()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert fetch().status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/forum/?per_page=50", "/api/v1/forum/latest/?page_size=50"])
def test_latest_costs_the_same_queries_for_1_or_30_threads(member, path):
    client = _api(member) if path.startswith("/api/") else _client(member)
    category = CategoryFactory()
    thread = published_thread(category=category)
    ThreadRead.objects.create(thread=thread, user=member, last_read_at=_ago(10))
    one = _queries(lambda: client.get(path))
    for _ in range(29):
        read = published_thread(category=CategoryFactory(), replies=1)
        ThreadRead.objects.create(thread=read, user=member, last_read_at=_ago(10))
    thirty = _queries(lambda: client.get(path))

    assert thirty == one


def test_the_category_list_costs_the_same_queries_for_1_or_30_categories_with_threads(member):
    client = _client(member)
    published_thread(category=CategoryFactory())
    one = _queries(lambda: client.get("/forum/categories/"))
    for _ in range(29):
        published_thread(category=CategoryFactory())
    thirty = _queries(lambda: client.get("/forum/categories/"))

    assert thirty == one


def test_a_visitor_sees_a_new_public_thread_at_once_though_the_page_is_cached():
    category = CategoryFactory(is_public=True)
    published_thread(category=category)
    visitor = _client()
    visitor.get("/forum/")

    thread = services.thread_create(
        author=trusted(UserFactory()), category=category, title="Day one again", body="Starting over."
    )

    assert thread.title in visitor.get("/forum/").content.decode()


def test_the_rows_kept_for_latest_follow_a_reply_and_a_hide_and_each_members_news():
    cache.clear()
    author, replier, reader = trusted(UserFactory()), trusted(UserFactory(handle="replier_r")), UserFactory()
    thread = services.thread_create(author=author, category=CategoryFactory(), title="Week one", body="Hard.")
    ThreadRead.objects.create(thread=thread, user=reader, last_read_at=timezone.now())
    for viewer in (author, reader):
        assert "no replies yet" in _client(viewer).get("/forum/").content.decode()

    reply = services.reply_create(author=replier, thread=thread, body="You can do this.")

    # The reader read the thread before the reply: one new post for them, none for the author,
    # whose row was computed first and kept.
    for_author = _client(author).get("/forum/").content.decode()
    for_reader = _client(reader).get("/forum/").content.decode()
    assert "1 reply · last post by <bdi>replier_r</bdi>" in for_author
    assert "1 reply · last post by <bdi>replier_r</bdi>" in for_reader
    assert 'class="tag tag-new"' in for_reader and "1 new" in for_reader
    assert 'class="tag tag-new"' not in for_author

    services.post_hide(moderator=ModeratorFactory(), post=reply, reason="Off-topic")
    again = _client(reader).get("/forum/").content.decode()
    assert "no replies yet" in again and "replier_r" not in again
