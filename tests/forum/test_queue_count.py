"""The number of posts waiting, in every moderator's navigation: from the cache, fresh after each change."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum import services
from tests.factories import UserFactory
from tests.forum.factories import published_thread

# Writes commit for real, so the cache versions are bumped exactly as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _badge(html: str) -> str:
    match = re.search(r"Review queue(.*?)</a>", html, re.DOTALL)
    assert match, "no review queue link"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def _queue_queries(queries) -> list[str]:
    return [query["sql"] for query in queries if "needs_review" in query["sql"]]


def test_moderators_see_what_waits_and_it_changes_at_once(moderator):
    thread = published_thread()
    newcomer = UserFactory()
    client = _client(moderator)
    assert _badge(client.get("/forum/").content.decode()) == ""

    pending = services.reply_create(author=newcomer, thread=thread, body="My first post here.")
    assert _badge(client.get("/forum/").content.decode()) == "1 waiting: 1 pending, 0 flagged"

    services.flag_create(user=UserFactory(), post=thread.posts.get(is_opening=True), reason="crisis")
    assert _badge(client.get("/forum/").content.decode()) == "2 waiting: 1 pending, 1 flagged 1 crisis"

    services.post_approve(moderator=moderator, post=pending)
    assert _badge(client.get("/forum/").content.decode()) == "1 waiting: 0 pending, 1 flagged 1 crisis"


def test_a_warm_cache_costs_moderators_no_query_and_members_never_ask(moderator, member):
    thread = published_thread()
    services.reply_create(author=UserFactory(), thread=thread, body="Waiting for a moderator.")
    moderator_client = _client(moderator)
    with CaptureQueriesContext(connection) as cold:
        moderator_client.get("/forum/")
    assert len(_queue_queries(cold.captured_queries)) == 1
    with CaptureQueriesContext(connection) as warm:
        response = moderator_client.get("/streak/")
    assert response.status_code == 200
    assert _queue_queries(warm.captured_queries) == []

    member_client = _client(member)
    with CaptureQueriesContext(connection) as seen:
        html = member_client.get("/forum/").content.decode()
    assert "Review queue" not in html
    assert _queue_queries(seen.captured_queries) == []
