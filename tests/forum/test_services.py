"""Service rules: trust, the append-only log, e-mail preferences, suspensions that end."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import timezone

from forum import selectors, services
from forum.models import ModerationLogEntry, PostStatus, Suspension
from forum.services import rendering
from tests.factories import UserFactory
from tests.forum.factories import published_thread, trusted

pytestmark = pytest.mark.django_db


def test_a_member_is_trusted_after_three_approved_posts(member, moderator):
    thread = published_thread()
    statuses = []
    for number in range(4):
        post = services.reply_create(author=member, thread=thread, body=f"Reply {number}")
        statuses.append(post.status)
        if post.status == PostStatus.PENDING:
            services.post_approve(moderator=moderator, post=post, expected_version=post.version)
        post.created_at -= timedelta(minutes=1)  # step past the new-member interval
        post.save(update_fields=["created_at"])
    assert statuses == ["pending", "pending", "pending", "published"]


def test_moderators_are_never_held(moderator):
    thread = published_thread()
    assert (
        services.reply_create(author=moderator, thread=thread, body="Welcome").status == PostStatus.PUBLISHED
    )


def test_the_moderation_log_is_append_only(moderator, rf: RequestFactory):
    thread = published_thread()
    services.thread_lock(moderator=moderator, thread=thread)
    entry = ModerationLogEntry.objects.get()
    entry.reason = "rewritten"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    admin = site._registry[ModerationLogEntry]
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, entry)
    assert not admin.has_delete_permission(request, entry)
    assert ModerationLogEntry.objects.get().reason == ""


def test_reply_e_mails_respect_the_members_choice(
    member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    trusted(member)
    thread = published_thread(author=other_member)
    services.thread_follow(user=other_member, thread=thread)
    quiet = UserFactory(email_on_reply=False)
    services.thread_follow(user=quiet, thread=thread)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=member, thread=thread, body="Hang in there")
    assert [mail.to for mail in mailoutbox] == [[other_member.email]]
    assert quiet.notifications.count() == 1


def test_a_suspension_ends_by_itself(member, moderator):
    services.member_suspend(moderator=moderator, user=member, days=1, reason="Cool off")
    assert selectors.member_is_suspended(user=member)
    Suspension.objects.update(until=timezone.now() - timedelta(seconds=1))
    assert not selectors.member_is_suspended(user=member)


def test_suspension_lengths_are_fixed(member, moderator):
    from community.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        services.member_suspend(moderator=moderator, user=member, days=2, reason="x")
    with pytest.raises(ApplicationError):
        services.member_suspend(moderator=member, user=moderator, days=1, reason="x")


def test_a_former_members_posts_stay(member):
    trusted(member)
    thread = published_thread()
    post = services.reply_create(author=member, thread=thread, body="Still here")
    member.delete()
    post.refresh_from_db()
    assert post.author is None
    assert post.author_name == "a former member"


def test_mentions_are_linked_outside_code(member):
    html = rendering.render_body(f"Hi @{member.handle}! `@{member.handle}` and @nobody_here")
    assert html.count(f'href="/members/{member.handle}/"') == 1
    assert f"<code>@{member.handle}</code>" in html
    assert "@nobody_here" in html


def test_visitors_read_public_announcements(client, moderator):
    thread = services.thread_create(
        author=moderator,
        category=selectors.category_get_by_slug(slug="announcements"),
        title="Welcome to the forum",
        body="Be kind.",
    )
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert "Be kind." in response.content.decode()
    early = published_thread(category=selectors.category_get_by_slug(slug="early-days"))
    response = client.get(early.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
