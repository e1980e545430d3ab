"""The forum API under /api/v1/forum/, for members and moderators."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Notification
from forum import selectors, services
from forum.models import Flag, ModerationLogEntry, Post, PostStatus, Reaction
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import PostFactory, published_thread, trusted

pytestmark = pytest.mark.django_db

API = "/api/v1/forum/"


@pytest.fixture
def moderator_api(moderator):
    client = APIClient()
    client.force_authenticate(moderator)
    return client


def test_visitors_get_401(api_client):
    assert api_client.get(f"{API}categories/").status_code in (401, 403)


def test_categories(member_api):
    response = member_api.get(f"{API}categories/")
    assert response.status_code == 200
    slugs = [category["slug"] for category in response.json()]
    assert slugs[:8] == [
        "right-now", "introductions", "early-days", "milestones", "slip-ups", "moving-on", "ask-the-community", "announcements",
    ]  # fmt: skip


def test_pending_then_approved_then_visible(member_api, member, moderator_api):
    response = member_api.post(
        f"{API}threads/create/", {"category": "introductions", "title": "Hello there", "body": "Day one."}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "pending"
    assert response.json()["crisis_resources_url"] is None
    thread_id = response.json()["id"]
    post = Post.objects.get(thread_id=thread_id)

    other = APIClient()
    other.force_authenticate(UserFactory())
    assert other.get(f"{API}threads/{thread_id}/").status_code == 404

    queue = moderator_api.get(f"{API}moderation/queue/").json()["results"]
    assert [item["id"] for item in queue] == [post.pk]
    approved = moderator_api.post(f"{API}moderation/posts/{post.pk}/approve/", {"version": post.version})
    assert approved.status_code == 200
    assert approved.json()["status"] == "published"

    posts = other.get(f"{API}threads/{thread_id}/posts/").json()["results"]
    assert [item["body"] for item in posts] == ["Day one."]

    again = moderator_api.post(f"{API}moderation/posts/{post.pk}/approve/", {"version": post.version})
    assert again.status_code == 409
    assert "Another moderator already handled this post" in again.json()["message"]
    assert ModerationLogEntry.objects.filter(action="approve").count() == 1


def test_reject_with_reason_is_seen_by_the_author(member_api, member, moderator_api):
    thread_id = member_api.post(
        f"{API}threads/create/",
        {"category": "introductions", "title": "Hello there", "body": "He lives at 4 Elm St"},
    ).json()["id"]
    post = Post.objects.get(thread_id=thread_id)
    response = moderator_api.post(
        f"{API}moderation/posts/{post.pk}/reject/",
        {"version": post.version, "reason": "Please leave out addresses."},
    )
    assert response.status_code == 200
    mine = member_api.get(f"{API}posts/{post.pk}/").json()
    assert mine["status"] == "rejected"
    assert mine["rejection_reason"] == "Please leave out addresses."
    assert Notification.objects.filter(
        recipient=member, kind="moderation", body__contains="addresses"
    ).exists()


def test_reject_needs_a_reason(moderator_api):
    post = PostFactory(status=PostStatus.PENDING, approved_at=None)
    response = moderator_api.post(f"{API}moderation/posts/{post.pk}/reject/", {"version": post.version})
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]


def test_flags_through_the_api(member_api, moderator_api):
    post = published_thread().posts.get()
    first = member_api.post(
        f"{API}posts/{post.pk}/flags/", {"reason": "identifying", "note": "Her ex's number"}
    )
    again = member_api.post(f"{API}posts/{post.pk}/flags/", {"reason": "spam"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert member_api.post(f"{API}posts/{post.pk}/flags/", {"reason": "other"}).status_code in (201, 400)
    for _ in range(2):
        client = APIClient()
        client.force_authenticate(UserFactory())
        client.post(f"{API}posts/{post.pk}/flags/", {"reason": "harassment"})
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    queue = moderator_api.get(f"{API}moderation/queue/").json()["results"]
    assert len(queue[0]["flags"]) == 3
    dismissed = moderator_api.post(
        f"{API}moderation/posts/{post.pk}/dismiss-flags/", {"version": post.version}
    )
    assert dismissed.json()["status"] == "published"
    assert not Flag.objects.filter(post=post, status="open").exists()


def test_other_with_no_note_is_refused(member_api):
    post = published_thread().posts.get()
    response = member_api.post(f"{API}posts/{post.pk}/flags/", {"reason": "other"})
    assert response.status_code == 400
    assert "note" in response.json()["errors"]


def test_crisis_post_returns_resources(member_api):
    response = member_api.post(
        f"{API}threads/create/",
        {"category": "early-days", "title": "Tonight", "body": "I keep thinking about suicide"},
    )
    assert response.json()["crisis_resources_url"] == reverse("crisis_resources")
    assert selectors.review_queue().first().is_crisis


def test_rate_limit_answers_429_with_retry_after(member_api):
    thread = published_thread()
    assert member_api.post(f"{API}threads/{thread.pk}/replies/", {"body": "One"}).status_code == 201
    response = member_api.post(f"{API}threads/{thread.pk}/replies/", {"body": "Two"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 30
    assert "New members can reply again" in response.json()["message"]


def test_identical_posts_are_refused_for_everyone(moderator_api):
    thread = published_thread()
    assert moderator_api.post(f"{API}threads/{thread.pk}/replies/", {"body": "Same"}).status_code == 201
    response = moderator_api.post(f"{API}threads/{thread.pk}/replies/", {"body": "Same"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 200


def test_ten_posts_a_day_for_new_members(member, member_api):
    from datetime import timedelta

    from django.utils import timezone

    thread = published_thread()
    for hours in range(10):
        PostFactory(
            thread=thread, author=member, status=PostStatus.PENDING, approved_at=None,
            created_at=timezone.now() - timedelta(hours=hours + 1),
        )  # fmt: skip
    response = member_api.post(f"{API}threads/{thread.pk}/replies/", {"body": "Eleven"})
    assert response.status_code == 429
    assert "10 posts a day" in response.json()["message"]


def test_suspended_member_is_refused_every_write_but_can_read(member, member_api, moderator):
    trusted(member)
    thread = published_thread()
    post = thread.posts.get()
    mine = PostFactory(thread=thread, author=member)
    services.member_suspend(moderator=moderator, user=member, days=None, reason="Repeated insults")
    assert member_api.get(f"{API}threads/{thread.pk}/posts/").status_code == 200
    writes = [
        (f"{API}threads/create/", {"category": "introductions", "title": "Hello", "body": "Hi"}),
        (f"{API}threads/{thread.pk}/replies/", {"body": "Hi"}),
        (f"{API}posts/{post.pk}/reactions/", {"kind": "hug"}),
        (f"{API}posts/{post.pk}/flags/", {"reason": "spam"}),
    ]
    for url, data in writes:
        response = member_api.post(url, data)
        assert response.status_code == 403, url
        assert "Repeated insults" in response.json()["message"]
    assert member_api.patch(f"{API}posts/{mine.pk}/edit/", {"body": "Changed"}).status_code == 403
    assert not Reaction.objects.exists()
    assert not Flag.objects.exists()
    assert Post.objects.filter(author=member, thread__title="Hello").count() == 0


def test_non_moderators_get_403_on_every_moderation_endpoint(member_api, other_member):
    post = published_thread().posts.get()
    thread_id = post.thread_id
    gets = [f"{API}moderation/queue/", f"{API}moderation/log/", f"{API}moderation/posts/{post.pk}/revisions/"]
    posts = (
        [
            f"{API}moderation/posts/{post.pk}/{action}/"
            for action in ["approve", "reject", "hide", "restore", "uphold-flags", "dismiss-flags", "edit"]
        ]
        + [
            f"{API}moderation/threads/{thread_id}/{action}/"
            for action in ["lock", "unlock", "pin", "unpin", "move"]
        ]
        + [
            f"{API}moderation/members/{other_member.handle}/suspend/",
            f"{API}moderation/members/{other_member.handle}/lift-suspension/",
        ]
    )
    for url in gets:
        assert member_api.get(url).status_code == 403, url
    for url in posts:
        assert (
            member_api.post(
                url, {"version": 1, "reason": "x", "body": "x", "category": "milestones"}
            ).status_code
            == 403
        ), url
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert not ModerationLogEntry.objects.exists()


def test_editing_another_members_post(member_api):
    post = published_thread().posts.get()
    assert member_api.patch(f"{API}posts/{post.pk}/edit/", {"body": "Mine now"}).status_code == 403
    pending = PostFactory(status=PostStatus.PENDING, approved_at=None)
    assert member_api.patch(f"{API}posts/{pending.pk}/edit/", {"body": "Mine now"}).status_code == 404
    post.refresh_from_db()
    assert post.body != "Mine now"


def test_edit_and_remove_own_post(member, member_api, moderator_api):
    trusted(member)
    thread = published_thread()
    post = services.reply_create(author=member, thread=thread, body="First")
    edited = member_api.patch(f"{API}posts/{post.pk}/edit/", {"body": "Second"})
    assert edited.json()["body"] == "Second"
    revisions = moderator_api.get(f"{API}moderation/posts/{post.pk}/revisions/").json()
    assert [revision["body"] for revision in revisions] == ["First"]
    removed = member_api.post(f"{API}posts/{post.pk}/remove/")
    assert removed.json()["status"] == "removed"
    assert removed.json()["body"] == ""


def test_reactions_toggle(member_api):
    post = published_thread().posts.get()
    on = member_api.post(f"{API}posts/{post.pk}/reactions/", {"kind": "same_here"}).json()
    assert on["on"] is True
    assert {r["kind"]: r["count"] for r in on["post"]["reactions"]}["same_here"] == 1
    off = member_api.post(f"{API}posts/{post.pk}/reactions/", {"kind": "same_here"}).json()
    assert off["on"] is False
    assert member_api.post(f"{API}posts/{post.pk}/reactions/", {"kind": "like"}).status_code == 400


def test_cursor_pagination_of_threads_pinned_first(member_api, moderator):
    category = selectors.category_get_by_slug(slug="moving-on")
    threads = [published_thread(category=category) for _ in range(5)]
    services.thread_pin(moderator=moderator, thread=threads[0])
    seen = []
    url = f"{API}categories/moving-on/threads/?page_size=2"
    while url:
        page = member_api.get(url).json()
        seen += [thread["id"] for thread in page["results"]]
        url = page["next"]
    assert seen[0] == threads[0].pk
    assert sorted(seen) == sorted(thread.pk for thread in threads)
    assert len(seen) == 5


def test_cursor_pagination_of_posts(member_api):
    thread = published_thread(replies=6)
    seen = []
    url = f"{API}threads/{thread.pk}/posts/?page_size=3"
    while url:
        page = member_api.get(url).json()
        seen += [post["id"] for post in page["results"]]
        url = page["next"]
    assert seen == list(thread.posts.order_by("created_at", "id").values_list("id", flat=True))
    assert member_api.get(f"{API}threads/{thread.pk}/posts/?cursor=nonsense").status_code == 404


def test_blocks_and_mentions_through_the_api(member, member_api, other_member):
    trusted(other_member)
    assert member_api.post(f"{API}blocks/", {"handle": other_member.handle}).status_code == 201
    assert [b["handle"] for b in member_api.get(f"{API}blocks/").json()] == [other_member.handle]
    thread = published_thread()
    services.reply_create(author=other_member, thread=thread, body=f"@{member.handle} hello")
    assert not Notification.objects.filter(recipient=member).exists()
    posts = member_api.get(f"{API}threads/{thread.pk}/posts/").json()["results"]
    assert [p["is_from_blocked"] for p in posts] == [False, True]
    assert member_api.post(f"{API}blocks/{other_member.handle}/unblock/").status_code == 204
    assert member_api.get(f"{API}blocks/").json() == []


def test_moderation_actions_and_log_filter(moderator_api, moderator, member):
    thread = published_thread(author=member)
    post = thread.posts.get()
    assert moderator_api.post(f"{API}moderation/threads/{thread.pk}/lock/").json()["is_locked"] is True
    assert moderator_api.post(f"{API}moderation/threads/{thread.pk}/pin/").json()["is_pinned"] is True
    moved = moderator_api.post(f"{API}moderation/threads/{thread.pk}/move/", {"category": "moving-on"})
    assert moved.json()["category"] == "moving-on"
    hidden = moderator_api.post(
        f"{API}moderation/posts/{post.pk}/hide/", {"version": post.version, "reason": "Name"}
    )
    assert hidden.json()["status"] == "hidden"
    restored = moderator_api.post(
        f"{API}moderation/posts/{post.pk}/restore/", {"version": hidden.json()["version"]}
    )
    assert restored.json()["status"] == "published"
    edited = moderator_api.post(
        f"{API}moderation/posts/{post.pk}/edit/",
        {"body": "Edited by a moderator", "reason": "Took out a name", "version": restored.json()["version"]},
    )
    assert edited.json()["body"] == "Edited by a moderator"
    suspended = moderator_api.post(
        f"{API}moderation/members/{member.handle}/suspend/", {"days": 7, "reason": "Spam"}
    )
    assert suspended.status_code == 201
    assert moderator_api.post(f"{API}moderation/members/{member.handle}/lift-suspension/").status_code == 204
    log = moderator_api.get(f"{API}moderation/log/").json()["results"]
    assert {entry["action"] for entry in log} == {
        "lock", "pin", "move", "hide", "restore", "edit", "suspend", "lift_suspension",
    }  # fmt: skip
    only = moderator_api.get(f"{API}moderation/log/", {"action": "suspend", "member": member.handle}).json()
    assert [entry["action"] for entry in only["results"]] == ["suspend"]
    other_mod = ModeratorFactory()
    assert moderator_api.get(f"{API}moderation/log/", {"moderator": other_mod.handle}).json()["results"] == []


def test_search(member_api):
    thread = published_thread(title="Birthday without them")
    results = member_api.get(f"{API}search/", {"q": "birthday"}).json()["results"]
    assert [result["thread"] for result in results] == [thread.pk]


def test_locked_thread_refuses_member_replies(member, member_api, moderator):
    trusted(member)
    thread = published_thread()
    services.thread_lock(moderator=moderator, thread=thread)
    response = member_api.post(f"{API}threads/{thread.pk}/replies/", {"body": "Hello"})
    assert response.status_code == 403
    assert "locked" in response.json()["message"]


def test_odd_input_is_never_a_server_error(member_api, moderator_api):
    import base64
    import json

    thread = published_thread(replies=2)
    cursors = [
        [True, "not a date", 1],
        [True, "2026-01-01T00:00:00+00:00", 2**70],
        "x",
        [1],
        ["\x00", None, None],
    ]
    for value in cursors:
        cursor = base64.urlsafe_b64encode(json.dumps(value).encode()).decode()
        response = member_api.get(f"{API}threads/", {"cursor": cursor})
        assert response.status_code == 404, value
    assert member_api.get(f"{API}search/", {"q": "a\x00b"}).status_code == 200
    refused = moderator_api.get(f"{API}moderation/log/", {"moderator": "x\x00", "action": "\x00"})
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"moderator", "action"}
    assert member_api.post(f"{API}threads/{thread.pk}/replies/", {"body": "nul \x00 here"}).status_code == 400
    assert member_api.post(f"{API}threads/{thread.pk}/replies/", {"body": "   "}).status_code == 400
    assert (
        member_api.post(f"{API}threads/{thread.pk}/replies/", {"body": "x", "quote_of": 10**12}).status_code
        == 404
    )
    assert member_api.get(f"{API}threads/99999999999/").status_code == 404
