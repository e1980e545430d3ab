"""With the Redis cache unreachable, pages still answer: slower, never failing, never stale."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.services import notification_create
from community.settings.base import redis_caches
from forum.selectors import category_get_by_slug
from tests.forum.factories import published_thread

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens there: every connection is refused


@pytest.fixture
def cache_down(settings):
    settings.CACHES = redis_caches(UNREACHABLE_REDIS)


def test_public_thread_page_answers_visitors_with_the_cache_down(client, cache_down):
    thread = published_thread(category=category_get_by_slug(slug="announcements"))
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert thread.title in response.content.decode()


def test_a_member_replies_and_sees_it_at_once_with_the_cache_down(member_client, member, cache_down):
    thread = published_thread(category=category_get_by_slug(slug="early-days"))
    page = member_client.get(thread.get_absolute_url())
    assert page.status_code == 200
    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "Still holding on today."}
    )
    assert response.status_code == 302
    assert b"Still holding on today." in member_client.get(thread.get_absolute_url()).content


def test_permissions_and_the_badge_are_read_from_the_database_with_the_cache_down(
    member_client, member, cache_down
):
    queue = reverse("forum:queue")
    assert member_client.get(queue).status_code == 403
    member.groups.add(Group.objects.get(name="Moderators"))
    assert member_client.get(queue).status_code == 200
    notification_create(recipient=member, kind="account", title="Welcome back")
    assert b'<span class="badge-count">1</span>' in member_client.get(reverse("forum:index")).content
