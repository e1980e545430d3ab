"""Forum pages as members and moderators use them."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.services import block_create
from forum import selectors, services
from forum.models import Flag, ModerationLogEntry, Post, PostStatus, Suspension
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, published_thread, trusted

pytestmark = pytest.mark.django_db


def test_category_list_shows_the_categories(member_client):
    response = member_client.get(reverse("forum:categories"))
    assert response.status_code == 200
    content = response.content.decode()
    for name in [
        "Introductions",
        "Early days",
        "Milestones",
        "Slip-ups and starting over",
        "Moving on",
        "Ask the community",
        "Announcements",
    ]:
        assert name in content
    assert '<meta name="robots" content="noindex">' in content


def test_members_only_category_sends_visitors_to_log_in(client):
    response = client.get(reverse("forum:category", args=["early-days"]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert client.get(reverse("forum:category", args=["announcements"])).status_code == 200


def test_new_member_thread_waits_for_a_moderator_then_is_published(member_client, member, moderator, client):
    response = member_client.post(
        reverse("forum:thread_new", args=["introductions"]), {"title": "Hello all", "body": "Day two for me."}
    )
    post = Post.objects.get(author=member)
    assert response.status_code == 302
    assert post.status == PostStatus.PENDING
    page = member_client.get(post.thread.get_absolute_url())
    assert "Waiting for a moderator" in page.content.decode()

    other = UserFactory()
    client.force_login(other)
    assert client.get(post.thread.get_absolute_url()).status_code == 404
    listing = client.get(reverse("forum:category", args=["introductions"])).content.decode()
    assert "Hello all" not in listing

    client.force_login(moderator)
    queue = client.get(reverse("forum:queue")).content.decode()
    assert "Day two for me." in queue
    client.post(
        reverse("forum:post_moderate", args=[post.pk]), {"action": "approve", "version": post.version}
    )
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED

    client.force_login(other)
    assert "Day two for me." in client.get(post.thread.get_absolute_url()).content.decode()
    assert Notification.objects.filter(recipient=member, kind=Notification.Kind.MODERATION).exists()


def test_reject_with_reason_notifies_the_author_who_sees_why(
    member_client, member, moderator_client, mailoutbox, django_capture_on_commit_callbacks
):
    member_client.post(
        reverse("forum:thread_new", args=["introductions"]),
        {"title": "Hello", "body": "Her name is Ann Smith"},
    )
    post = Post.objects.get(author=member)
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("forum:post_moderate", args=[post.pk]),
            {"action": "reject", "version": post.version, "reason": "Please leave out your ex's name."},
        )
    post.refresh_from_db()
    assert post.status == PostStatus.REJECTED
    note = Notification.objects.get(recipient=member, kind=Notification.Kind.MODERATION)
    assert "leave out your ex's name" in note.body
    assert any("leave out your ex" in mail.body for mail in mailoutbox)
    page = member_client.get(post.thread.get_absolute_url()).content.decode()
    assert "leave out your ex&#x27;s name" in page


def test_second_moderator_is_told_the_post_was_already_handled(member, moderator, client):
    thread = services.thread_create(
        author=member,
        category=selectors.category_get_by_slug(slug="introductions"),
        title="Hello",
        body="Hello",
    )
    post = thread.opening_post
    services.post_approve(moderator=moderator, post=post, expected_version=post.version)
    second = ModeratorFactory()
    client.force_login(second)
    response = client.post(
        reverse("forum:post_moderate", args=[post.pk]),
        {"action": "reject", "version": post.version, "reason": "No"},
        follow=True,
    )
    assert "Another moderator already handled this post" in response.content.decode()
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert ModerationLogEntry.objects.count() == 1


def test_three_distinct_flags_hide_a_post(member):
    thread = published_thread()
    post = thread.posts.get()
    flaggers = UserFactory.create_batch(3)
    services.flag_create(user=flaggers[0], post=post, reason=Flag.Reason.SPAM)
    services.flag_create(user=flaggers[0], post=post, reason=Flag.Reason.SPAM)  # the same flag again
    services.flag_create(user=flaggers[1], post=post, reason=Flag.Reason.HARASSMENT)
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert post.needs_review
    services.flag_create(user=flaggers[2], post=post, reason=Flag.Reason.OFF_TOPIC)
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert Flag.objects.filter(post=post).count() == 3


def test_flag_page_and_same_flag_twice_is_not_an_error(member_client, member):
    post = published_thread().posts.get()
    url = reverse("forum:post_flag", args=[post.pk])
    assert member_client.post(url, {"reason": "identifying", "note": "Has a phone number"}).status_code == 302
    assert member_client.post(url, {"reason": "spam"}).status_code == 302
    assert Flag.objects.filter(post=post, user=member).count() == 1


def test_a_moderators_flag_hides_at_once(moderator):
    post = published_thread().posts.get()
    services.flag_create(user=moderator, post=post, reason=Flag.Reason.IDENTIFYING)
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert ModerationLogEntry.objects.filter(action="flag_hide", post=post).exists()


def test_crisis_phrase_shows_resources_and_goes_first_in_the_queue(member_client, member, moderator_client):
    older = published_thread()
    services.flag_create(user=UserFactory(), post=older.posts.get(), reason=Flag.Reason.SPAM)
    response = member_client.post(
        reverse("forum:thread_new", args=["early-days"]),
        {"title": "Tonight", "body": "Some nights I want to die, honestly."},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("crisis_resources")
    followed = member_client.get(response["Location"])
    assert "people are ready to listen" in followed.content.decode()
    post = Post.objects.get(author=member)
    assert post.is_crisis
    queue = list(selectors.review_queue())
    assert queue[0] == post
    assert "Crisis" in moderator_client.get(reverse("forum:queue")).content.decode()


def test_trusted_member_publishes_at_once_and_followers_are_notified(member, other_member):
    trusted(member)
    thread = published_thread(author=other_member)
    services.thread_follow(user=other_member, thread=thread)
    reply = services.reply_create(author=member, thread=thread, body="You are doing great.")
    assert reply.status == PostStatus.PUBLISHED
    assert Notification.objects.filter(recipient=other_member, kind=Notification.Kind.REPLY).count() == 1


def test_a_blocked_members_mention_does_not_notify(member, other_member):
    trusted(member)
    trusted(other_member)
    thread = published_thread()
    block_create(blocker=other_member, blocked=member)
    services.reply_create(author=member, thread=thread, body=f"Hey @{other_member.handle}, how are you?")
    assert not Notification.objects.filter(recipient=other_member).exists()
    third = trusted(UserFactory())
    services.reply_create(author=third, thread=thread, body=f"Thinking of you @{other_member.handle}")
    assert Notification.objects.filter(recipient=other_member, kind=Notification.Kind.MENTION).count() == 1


def test_blocked_members_posts_are_collapsed_with_show_anyway(member_client, member, other_member):
    thread = published_thread()
    PostFactory(thread=thread, author=other_member, body="Something from them")
    block_create(blocker=member, blocked=other_member)
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "A post from a member you blocked. Show anyway" in page
    assert "Something from them" in page  # inside the closed <details>


def test_reactions_toggle_once_per_kind(member_client, member):
    post = published_thread().posts.get()
    url = reverse("forum:post_react", args=[post.pk])
    member_client.post(url, {"kind": "hug"})
    member_client.post(url, {"kind": "stay_strong"})
    assert post.reactions.count() == 2
    member_client.post(url, {"kind": "hug"})
    assert list(post.reactions.values_list("kind", flat=True)) == ["stay_strong"]


def test_edit_keeps_history_and_delete_is_soft(member_client, member, moderator_client):
    trusted(member)
    thread = published_thread()
    post = services.reply_create(author=member, thread=thread, body="First words")
    member_client.post(reverse("forum:post_edit", args=[post.pk]), {"body": "Better words"})
    post.refresh_from_db()
    assert post.body == "Better words"
    assert post.revisions.get().body == "First words"
    assert (
        "First words"
        in moderator_client.get(reverse("forum:post_moderator_edit", args=[post.pk])).content.decode()
    )
    response = member_client.post(reverse("forum:post_delete", args=[post.pk]))
    assert response.status_code == 302, response.content.decode()[-3000:]
    post.refresh_from_db()
    assert post.status == PostStatus.REMOVED
    assert "Removed by its author" in member_client.get(thread.get_absolute_url()).content.decode()


def test_editing_another_members_post_is_forbidden(member_client):
    post = published_thread().posts.get()
    assert member_client.get(reverse("forum:post_edit", args=[post.pk])).status_code == 403
    assert member_client.post(reverse("forum:post_edit", args=[post.pk]), {"body": "x"}).status_code == 403


def test_quote_in_a_reply(member_client, member):
    trusted(member)
    thread = published_thread()
    quoted = thread.posts.get()
    member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "So true", "quote_of": quoted.pk})
    reply = Post.objects.get(thread=thread, author=member)
    assert reply.quote_of == quoted
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert f"<bdi>{quoted.author.handle}</bdi> wrote:" in page


def test_milestone_post_shows_a_day_badge(member_client, member):
    trusted(member)
    services.thread_create(
        author=member,
        category=selectors.category_get_by_slug(slug="milestones"),
        title="Day 30!",
        body="A month.",
        milestone_days=30,
    )
    thread = member.forum_threads.get()
    assert "Day 30 milestone" in member_client.get(thread.get_absolute_url()).content.decode()


def test_announcements_only_moderators_start_threads(member_client, member):
    response = member_client.post(
        reverse("forum:thread_new", args=["announcements"]), {"title": "News", "body": "Hello"}
    )
    assert response.status_code == 200
    assert "Only moderators start threads in Announcements" in response.content.decode()
    assert not Post.objects.exists()


def test_rate_limit_for_new_members_on_pages(member_client, member):
    thread = published_thread()
    member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "One"})
    response = member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Two"})
    assert response.status_code == 200
    assert "New members can reply again in" in response.content.decode()
    assert Post.objects.filter(author=member).count() == 1


def test_suspended_member_reads_but_cannot_write_on_pages(member_client, member, moderator):
    thread = published_thread()
    post = thread.posts.get()
    services.member_suspend(moderator=moderator, user=member, days=3, reason="Please cool off")
    page = member_client.get(thread.get_absolute_url())
    assert page.status_code == 200
    assert "Please cool off" in page.content.decode()
    member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Hi"})
    member_client.post(reverse("forum:thread_new", args=["introductions"]), {"title": "Hey", "body": "Hi"})
    member_client.post(reverse("forum:post_react", args=[post.pk]), {"kind": "hug"})
    member_client.post(reverse("forum:post_flag", args=[post.pk]), {"reason": "spam"})
    assert not Post.objects.filter(author=member).exists()
    assert not post.reactions.exists()
    assert not post.flags.exists()


def test_a_suspension_shows_beside_the_reply_box_at_once_and_goes_when_lifted(
    member_client, member, moderator
):
    thread = published_thread()
    assert "Please cool off" not in member_client.get(thread.get_absolute_url()).content.decode()
    services.member_suspend(moderator=moderator, user=member, days=3, reason="Please cool off")
    assert "Please cool off" in member_client.get(thread.get_absolute_url()).content.decode()
    services.suspension_lift(moderator=moderator, user=member)
    assert "Please cool off" not in member_client.get(thread.get_absolute_url()).content.decode()


def test_a_suspension_that_ran_out_is_no_longer_shown(member_client, member, moderator):
    thread = published_thread()
    now = timezone.now()
    Suspension.objects.create(
        user=member,
        until=now + timedelta(seconds=1),
        reason="Please cool off",
        created_by=moderator,
        created_at=now,
    )
    assert "Please cool off" in member_client.get(thread.get_absolute_url()).content.decode()
    time.sleep(1.1)
    assert "Please cool off" not in member_client.get(thread.get_absolute_url()).content.decode()


def test_moderation_pages_are_for_moderators_only(member_client):
    post = published_thread().posts.get()
    for url in [
        reverse("forum:queue"),
        reverse("forum:log"),
        reverse("forum:post_moderator_edit", args=[post.pk]),
        reverse("forum:suspend", args=[post.author.handle]),
    ]:
        assert member_client.get(url).status_code == 403
    assert (
        member_client.post(reverse("forum:post_moderate", args=[post.pk]), {"action": "hide"}).status_code
        == 403
    )
    assert (
        member_client.post(
            reverse("forum:thread_moderate", args=[post.thread_id]), {"action": "lock"}
        ).status_code
        == 403
    )


def test_thread_actions_and_the_log(client, moderator):
    thread = published_thread()
    client.force_login(moderator)
    url = reverse("forum:thread_moderate", args=[thread.pk])
    client.post(url, {"action": "lock"})
    client.post(url, {"action": "pin"})
    target = CategoryFactory()
    client.post(url, {"action": "move", "category": target.pk})
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned and thread.category == target
    log = client.get(reverse("forum:log"), {"action": "move"}).content.decode()
    assert '<td data-label="What">Moved a thread</td>' in log
    assert "Locked a thread</td>" not in log


def test_suspend_and_lift_through_the_page(client, moderator, member):
    client.force_login(moderator)
    url = reverse("forum:suspend", args=[member.handle])
    client.post(url, {"days": "7", "reason": "Harassment"})
    assert selectors.member_is_suspended(user=member)
    client.post(url, {"action": "lift"})
    assert not selectors.member_is_suspended(user=member)
    assert ModerationLogEntry.objects.filter(target_user=member).count() == 2


def test_search_finds_posts(member_client):
    thread = published_thread(title="Birthday without them")
    page = member_client.get(reverse("forum:search"), {"q": "birthday"}).content.decode()
    assert thread.title in page


def test_unread_marker_after_new_activity(member_client, member, other_member):
    thread = published_thread(category=selectors.category_get_by_slug(slug="moving-on"))
    member_client.get(thread.get_absolute_url())
    listing = member_client.get(reverse("forum:category", args=["moving-on"])).content.decode()
    assert "New posts" not in listing
    services.reply_create(author=trusted(other_member), thread=thread, body="Another good day here.")
    listing = member_client.get(reverse("forum:category", args=["moving-on"])).content.decode()
    assert "New posts" in listing


def test_moderation_redirects_only_within_the_site(moderator_client):
    post = published_thread().posts.get()
    response = moderator_client.post(
        reverse("forum:post_moderate", args=[post.pk]),
        {"action": "hide", "version": post.version, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("forum:queue")
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
