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
