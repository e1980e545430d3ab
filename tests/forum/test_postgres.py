"""Behaviour that needs PostgreSQL: ranked full-text search and row locks between two moderators."""

import threading

import pytest
from django.db import connection

from community.exceptions import ApplicationError
from forum import selectors, services
from forum.models import ModerationLogEntry, Post, PostStatus
from tests.factories import ModeratorFactory
from tests.forum.factories import PostFactory, published_thread

pytestmark = pytest.mark.postgres


@pytest.mark.django_db
def test_search_is_ranked_and_stemmed(member):
    in_body = published_thread(title="A hard week")
    PostFactory(thread=in_body, body="My birthday came and went without a message from them.")
    in_title = published_thread(title="Birthdays without them")
    results = list(selectors.post_search(query="birthday", viewer=member))
    assert results[0].thread == in_title  # the title weighs more than the body
    assert in_body.pk in {post.thread_id for post in results}
    assert list(selectors.post_search(query="zebra", viewer=member)) == []


@pytest.mark.django_db(transaction=True)
def test_two_moderators_on_the_same_post_at_once():
    first, second = ModeratorFactory(), ModeratorFactory()
    post = PostFactory(status=PostStatus.PENDING, approved_at=None, needs_review=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(moderator, service, **kwargs):
        try:
            barrier.wait()
            service(moderator=moderator, post=post, expected_version=post.version, **kwargs)
            outcomes.append("done")
        except ApplicationError as error:
            outcomes.append(f"{error.status}: {error.message}")
        finally:
            connection.close()

    workers = [
        threading.Thread(target=act, args=(first, services.post_approve)),
        threading.Thread(target=act, args=(second, services.post_reject), kwargs={"reason": "Not now"}),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert sorted(outcome[:4] for outcome in outcomes) == ["409:", "done"]
    assert ModerationLogEntry.objects.filter(post_id=post.pk).count() == 1
    assert Post.objects.get(pk=post.pk).version == post.version + 1


@pytest.mark.django_db
def test_search_matches_come_from_the_gin_indexes():
    from django.contrib.postgres.search import SearchQuery, SearchVector

    from forum.models import Thread

    search = SearchQuery("birthday", search_type="websearch", config="english")
    body = Post.objects.annotate(match=SearchVector("body", config="english")).filter(match=search)
    title = Thread.objects.annotate(match=SearchVector("title", config="english")).filter(match=search)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        assert "forum_post_search_idx" in body.explain()
        assert "forum_thread_search_idx" in title.explain()
