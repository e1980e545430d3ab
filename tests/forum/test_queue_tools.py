"""The review queue's tools: filters, bulk decisions with one confirmation, coming back to the next post."""

import re

import pytest
from rest_framework.test import APIClient

from forum import services
from forum.models import Flag, ModerationLogEntry, Post, PostStatus
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, published_thread

pytestmark = pytest.mark.django_db


def _pending(thread, **kwargs) -> Post:
    return PostFactory(
        thread=thread,
        status=PostStatus.PENDING,
        approved_at=None,
        needs_review=True,
        review_since=thread.created_at,
        **kwargs,
    )


def _flagged(thread, reason: str = "spam") -> Post:
    post = PostFactory(thread=thread)
    services.flag_create(user=UserFactory(), post=post, reason=reason)
    return post


@pytest.fixture
def queue():
    early, late = CategoryFactory(slug="queue-early"), CategoryFactory(slug="queue-late")
    first, second = published_thread(category=early), published_thread(category=late)
    return {
        "pending": _pending(first),
        "flagged": _flagged(second),
        "crisis": _flagged(first, reason="crisis"),
        "late_pending": _pending(second),
    }


def _shown(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<article class="card queue-item[^"]*" id="post-(\d+)"', html)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["crisis", "pending", "late_pending", "flagged"]),
        ("show=pending", ["pending", "late_pending"]),
        ("show=flagged", ["crisis", "flagged"]),
        ("show=crisis", ["crisis"]),
        ("category=queue-late", ["late_pending", "flagged"]),
        ("show=pending&category=queue-early", ["pending"]),
    ],
)
def test_filters_narrow_the_queue_and_keep_crisis_first(moderator_client, moderator, queue, query, expected):
    ids = [queue[name].pk for name in expected]
    response = moderator_client.get(f"/forum/review/?{query}")
    assert response.status_code == 200
    assert _shown(response.content.decode()) == ids
    api = APIClient()
    api.force_authenticate(moderator)
    data = api.get(f"/api/v1/forum/moderation/queue/?{query}").json()
    assert [post["id"] for post in data["results"]] == ids


def test_a_filter_that_does_not_exist_is_a_form_error_and_a_400(moderator_client, moderator, queue):
    response = moderator_client.get("/forum/review/?show=everything-else&category=nowhere")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    api = APIClient()
    api.force_authenticate(moderator)
    response = api.get("/api/v1/forum/moderation/queue/?show=everything-else&category=nowhere")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"show", "category"}


def test_a_decision_returns_to_the_next_post_with_the_same_filters(moderator_client, queue):
    html = moderator_client.get("/forum/review/?show=pending").content.decode()
    post = queue["pending"]
    next_value = re.search(
        rf'action="/forum/p/{post.pk}/moderate/".*?name="next" value="([^"]+)"', html, re.DOTALL
    ).group(1)
    response = moderator_client.post(
        f"/forum/p/{post.pk}/moderate/", {"action": "approve", "version": post.version, "next": next_value}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/forum/review/?show=pending#post-{queue['late_pending'].pk}"


def test_bulk_approve_asks_once_then_decides_each_post_and_reports_those_already_handled(
    moderator_client, moderator, queue
):
    pending, late = queue["pending"], queue["late_pending"]
    items = [f"{pending.pk}:{pending.version}", f"{late.pk}:{late.version}"]
    back = "/forum/review/?show=pending"
    response = moderator_client.post(
        "/forum/review/bulk/", {"action": "approve", "item": items, "next": back}
    )
    assert response.status_code == 200
    assert "Yes, approve 2 posts" in response.content.decode()
    assert Post.objects.get(pk=pending.pk).status == PostStatus.PENDING

    services.post_approve(moderator=moderator, post=late)
    response = moderator_client.post(
        "/forum/review/bulk/",
        {"action": "approve", "item": items, "next": back, "confirmed": "yes"},
        follow=True,
    )
    assert response.redirect_chain == [(back, 302)]
    text = response.content.decode()
    assert "1 post approved." in text
    assert "1 of the posts you checked were left as they were" in text
    assert Post.objects.get(pk=pending.pk).status == PostStatus.PUBLISHED
    logged = ModerationLogEntry.objects.filter(action="approve").values_list("post_id", flat=True)
    assert sorted(logged) == sorted([pending.pk, late.pk])


def test_bulk_dismiss_through_the_api_reports_each_post(moderator, queue):
    flagged, pending = queue["flagged"], queue["pending"]
    api = APIClient()
    api.force_authenticate(moderator)
    response = api.post(
        "/api/v1/forum/moderation/queue/bulk/",
        {
            "decision": "dismiss",
            "items": [
                {"id": flagged.pk, "version": flagged.version},
                {"id": pending.pk, "version": pending.version},
            ],
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json() == {"done": [flagged.pk], "already_handled": [pending.pk]}
    assert not Flag.objects.filter(post=flagged, status=Flag.Status.OPEN).exists()
    assert ModerationLogEntry.objects.filter(action="dismiss_flags", post=flagged).count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"decision": "delete", "items": [{"id": 1, "version": 1}]},
        {"decision": "approve", "items": []},
        {"decision": "approve", "items": [{"id": "x", "version": 1}]},
    ],
)
def test_bulk_bad_input_is_a_400_with_field_errors(moderator, body):
    api = APIClient()
    api.force_authenticate(moderator)
    response = api.post("/api/v1/forum/moderation/queue/bulk/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_bulk_with_nothing_checked_says_so_on_the_page(moderator_client):
    response = moderator_client.post(
        "/forum/review/bulk/", {"action": "approve", "next": "/forum/review/"}, follow=True
    )
    assert "Please select at least one post." in response.content.decode()


def test_the_page_lists_the_keyboard_shortcuts(moderator_client, queue):
    html = moderator_client.get("/forum/review/").content.decode()
    assert "Keyboard shortcuts" in html
    assert "/static/js/queue.js" in html
