"""What a viewer may see of a post is decided once: the thread page and the API agree for every
kind of viewer, and an active suspension means the same thing wherever it is asked."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Block
from forum.models import PostStatus, Suspension
from forum.selectors import category_get_by_slug
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import PostFactory, published_thread

pytestmark = pytest.mark.django_db

COLLAPSED = "A post from a member you blocked. Show anyway"
REMOVED_TEXT = "The words its author took back."


def _page(user, thread) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(thread.get_absolute_url()).content.decode()


def _api_post(user, thread, post_id) -> dict:
    client = APIClient()
    client.force_authenticate(user)
    posts = client.get(f"/api/v1/forum/threads/{thread.pk}/posts/").json()["results"]
    return {post["id"]: post for post in posts}[post_id]


@pytest.fixture
def thread():
    return published_thread(category=category_get_by_slug(slug="early-days"))


def test_a_moderator_who_blocked_an_author_sees_their_posts_unfolded_on_the_page_and_in_the_api(thread):
    author, moderator = UserFactory(), ModeratorFactory()
    post = PostFactory(thread=thread, author=author)
    Block.objects.create(blocker=moderator, blocked=author)

    assert COLLAPSED not in _page(moderator, thread)
    assert _api_post(moderator, thread, post.pk)["is_from_blocked"] is False


def test_a_member_who_blocked_an_author_sees_their_posts_folded_on_the_page_and_in_the_api(thread):
    author, blocker = UserFactory(), UserFactory()
    post = PostFactory(thread=thread, author=author)
    Block.objects.create(blocker=blocker, blocked=author)

    assert COLLAPSED in _page(blocker, thread)
    assert _api_post(blocker, thread, post.pk)["is_from_blocked"] is True


@pytest.mark.parametrize("who", ["member", "author", "moderator"])
def test_a_removed_posts_text_reaches_moderators_only_on_the_page_and_in_the_api(thread, who):
    author = UserFactory()
    viewer = {"member": UserFactory(), "author": author, "moderator": ModeratorFactory()}[who]
    post = PostFactory(
        thread=thread, author=author, body=REMOVED_TEXT, status=PostStatus.REMOVED, removed_by_author=True
    )
    shown = who == "moderator"

    assert (REMOVED_TEXT in _page(viewer, thread)) is shown
    assert (_api_post(viewer, thread, post.pk)["body"] == REMOVED_TEXT) is shown


def test_an_active_suspension_is_one_not_lifted_and_not_yet_over():
    now = timezone.now()
    member = UserFactory()
    active = [
        Suspension.objects.create(user=member, reason="open-ended", created_at=now),
        Suspension.objects.create(
            user=member, reason="a week", created_at=now, until=now + dt.timedelta(days=7)
        ),
    ]
    Suspension.objects.create(user=member, reason="over", created_at=now, until=now - dt.timedelta(minutes=1))
    Suspension.objects.create(user=member, reason="lifted", created_at=now, lifted_at=now)

    assert set(Suspension.objects.active()) == set(active)


SUSPENDED_NOTE = "Your account is paused: you can read, but not react, quote or flag for now."


def _suspend(member) -> None:
    from forum import services

    services.member_suspend(moderator=ModeratorFactory(), user=member, days=3, reason="A cooling-off pause.")


def test_a_suspended_member_sees_react_quote_flag_and_reply_disabled_with_the_reason_on_the_page(thread):
    member = UserFactory()
    _suspend(member)

    page = _page(member, thread)

    assert SUSPENDED_NOTE in page
    assert 'id="suspension-notice"' in page and "A cooling-off pause." in page
    assert '<button type="button" class="button-small button-secondary" disabled aria-describedby' in page
    assert "?quote=" not in page
    assert "/flag/" not in page
    assert '<textarea id="id_body_paused" rows="3" disabled aria-describedby="suspension-notice">' in page


def test_a_member_not_suspended_sees_working_controls_and_no_pause_note(thread):
    page = _page(UserFactory(), thread)

    assert SUSPENDED_NOTE not in page
    assert "?quote=" in page
    assert "disabled" not in page


def test_the_api_tells_a_suspended_member_which_actions_are_paused(thread):
    member = UserFactory()
    post = PostFactory(thread=thread)
    assert _api_post(member, thread, post.pk)["actions"] == {
        "can_react": True,
        "can_flag": True,
        "can_edit": False,
        "paused": False,
    }

    _suspend(member)

    assert _api_post(member, thread, post.pk)["actions"] == {
        "can_react": False,
        "can_flag": False,
        "can_edit": False,
        "paused": True,
    }


QUOTE_COLLAPSED = "A quote from a member you blocked. Show anyway"


@pytest.mark.parametrize("who", ["blocker", "other", "moderator"])
def test_a_quote_of_a_blocked_member_is_folded_for_the_blocker_only(thread, who):
    blocked, quoter = UserFactory(), UserFactory()
    quoted = PostFactory(thread=thread, author=blocked, body="Words of the blocked member.")
    reply = PostFactory(thread=thread, author=quoter, quote_of=quoted)
    viewer = {"blocker": UserFactory(), "other": UserFactory(), "moderator": ModeratorFactory()}[who]
    Block.objects.create(blocker=viewer, blocked=blocked)
    if who == "other":
        Block.objects.filter(blocker=viewer).delete()
    folded = who == "blocker"

    assert (QUOTE_COLLAPSED in _page(viewer, thread)) is folded
    assert _api_post(viewer, thread, reply.pk)["quote_is_from_blocked"] is folded


def test_member_text_in_a_thread_takes_its_own_direction(thread):
    PostFactory(thread=thread, body="שלום לכולם, היום יום שלושים")

    page = _page(UserFactory(), thread)

    assert f'<h1 dir="auto">{thread.title}</h1>' in page
    assert '<div class="prose" dir="auto"><p>שלום לכולם' in page
    assert 'class="post-author" dir="auto"' in page
