"""The rows of thread lists (Latest and a category's threads), rendered once and shared by every
viewer: escaped like every page, counted in words, and each member's news shown only to them."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from forum.models import ThreadRead
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, published_thread

pytestmark = pytest.mark.django_db


def _page(url: str, user=None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _row(page: str, title: str) -> str:
    """The list item of the thread titled `title` (as it appears in the page's markup)."""
    match = re.search(
        r'<li class="thread-item[^"]*">(?:(?!</li>).)*?' + re.escape(title) + r".*?</li>", page, re.DOTALL
    )
    assert match, f"no row for {title!r}"
    return match.group(0)


def test_a_title_written_as_markup_is_shown_as_text_in_both_lists():
    category = CategoryFactory(is_public=True)
    published_thread(category=category, title="<b>Day 3</b> & \"still\" 'here'")
    shown = "&lt;b&gt;Day 3&lt;/b&gt; &amp; &quot;still&quot; &#x27;here&#x27;"
    for url in ("/forum/", category.get_absolute_url()):
        for viewer in (None, UserFactory()):
            page = _page(url, viewer)
            assert shown in page
            assert "<b>Day 3</b>" not in page


def test_counts_are_in_words_and_fresh_activity_is_just_now():
    category = CategoryFactory()
    lonely = published_thread(category=category, title="Nobody answered yet")
    one = published_thread(category=category, title="One answer", replies=1)
    many = published_thread(category=category, title="Three answers", replies=3)
    many.last_activity_at = timezone.now() - dt.timedelta(hours=2, minutes=5)
    many.save(update_fields=["last_activity_at"])
    member = UserFactory()

    latest = _page("/forum/", member)
    assert "no replies yet" in _row(latest, lonely.title)
    assert "· 1 reply ·" in _row(latest, one.title)
    assert "· 3 replies ·" in _row(latest, many.title)
    assert "just now</time>" in _row(latest, lonely.title)
    assert "2\xa0hours, 5\xa0minutes ago</time>" in _row(latest, many.title)

    listed = _page(category.get_absolute_url(), member)
    assert "· 1 post ·" in _row(listed, lonely.title)
    assert "· 2 posts ·" in _row(listed, one.title)
    assert "last activity <time" in _row(listed, lonely.title)
    assert "just now</time>" in _row(listed, lonely.title)
    assert "0 minutes ago" not in listed
    assert "2\xa0hours, 5\xa0minutes ago</time>" in _row(listed, many.title)


def test_news_is_shown_to_the_member_who_has_it_and_not_to_another_served_the_same_row():
    category = CategoryFactory()
    thread = published_thread(category=category, title="Evenings are hard", replies=1)
    reader, other = UserFactory(), UserFactory()
    ThreadRead.objects.create(user=reader, thread=thread, last_read_at=timezone.now())
    PostFactory(thread=thread)  # written after the reader's visit
    thread.last_activity_at = timezone.now()
    thread.save(update_fields=["last_activity_at"])

    for _ in range(2):  # rendered, then from the cache
        assert 'class="tag tag-new">1 new<span class="visually-hidden"> post</span>' in _row(
            _page("/forum/", reader), thread.title
        )
        assert "New posts" in _row(_page(category.get_absolute_url(), reader), thread.title)
        assert "tag-new" not in _row(_page("/forum/", other), thread.title)
        assert "New posts" not in _row(_page(category.get_absolute_url(), other), thread.title)
