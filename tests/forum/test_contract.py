"""The functions other apps call: thread_create with a milestone badge, reply_create, the selectors."""

import pytest

from forum import selectors, services
from forum.models import PostStatus

pytestmark = pytest.mark.django_db

SLUGS = [
    "introductions",
    "early-days",
    "milestones",
    "slip-ups",
    "moving-on",
    "ask-the-community",
    "announcements",
]


def test_the_seven_categories_exist_in_order():
    positions = [selectors.category_get_by_slug(slug=slug).position for slug in SLUGS]
    assert positions == sorted(positions)
    assert selectors.category_get_by_slug(slug="announcements").moderators_only_posting


def test_thread_create_with_milestone_badge(member, moderator):
    category = selectors.category_get_by_slug(slug="milestones")
    thread = services.thread_create(
        author=member, category=category, title="Thirty days today", body="I made it.", milestone_days=30
    )
    post = thread.posts.get()
    assert post.milestone_days == 30
    assert post.status == PostStatus.PENDING
    services.post_approve(moderator=moderator, post=post, expected_version=post.version)
    thread.refresh_from_db()
    assert thread.status == PostStatus.PUBLISHED


def test_reply_create_and_suspension_selector(member, moderator):
    category = selectors.category_get_by_slug(slug="early-days")
    thread = services.thread_create(author=moderator, category=category, title="Day one", body="Welcome.")
    reply = services.reply_create(author=member, thread=thread, body="Thank you.")
    assert reply.thread_id == thread.pk
    assert not selectors.member_is_suspended(user=member)
    services.member_suspend(moderator=moderator, user=member, days=1, reason="Cooling off")
    assert selectors.member_is_suspended(user=member)
