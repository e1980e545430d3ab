"""What every signed-in page asks (is this a moderator, how many unread notifications) is kept in
the cache between requests, and a change shows on the very next page."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from forum import services as forum_services
from forum.selectors import category_get_by_slug
from tests.factories import ModeratorFactory
from tests.forum.factories import published_thread, trusted

pytestmark = pytest.mark.django_db

BADGE = re.compile(r'<span class="badge-count">(\d+)</span>')


def _badge(client) -> int:
    found = BADGE.search(client.get(reverse("forum:index")).content.decode())
    return int(found.group(1)) if found else 0


def _tables_read(client, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_a_member_made_moderator_gets_the_review_queue_at_once(client, member):
    client.force_login(member)
    queue = reverse("forum:queue")
    assert client.get(queue).status_code == 403
    moderators = Group.objects.get(name="Moderators")
    member.groups.add(moderators)
    assert client.get(queue).status_code == 200
    member.groups.remove(moderators)
    assert client.get(queue).status_code == 403


def test_a_permission_taken_from_the_moderators_group_is_gone_at_once(client):
    client.force_login(ModeratorFactory())
    queue = reverse("forum:queue")
    assert client.get(queue).status_code == 200
    moderators = Group.objects.get(name="Moderators")
    moderate = Permission.objects.get(codename="moderate", content_type__app_label="accounts")
    moderators.permissions.remove(moderate)
    assert client.get(queue).status_code == 403
    moderators.permissions.add(moderate)
    assert client.get(queue).status_code == 200


def test_a_moderator_removed_from_the_group_by_clearing_it_loses_the_queue(client):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    assert client.get(reverse("forum:queue")).status_code == 200
    Group.objects.get(name="Moderators").user_set.clear()
    assert client.get(reverse("forum:queue")).status_code == 403


def test_permissions_and_the_unread_count_are_read_once_then_from_the_cache(member_client):
    url = reverse("forum:index")
    moderator_client = Client()
    moderator_client.force_login(ModeratorFactory())
    first = _tables_read(member_client, url)
    # A member with no permission and no group is answered by the list of those who have one,
    # kept for everyone (read here or before): their own permissions are never read.
    holders = 'FROM "accounts_user_user_permissions") UNION'
    assert "auth_permission" not in first
    assert "accounts_notification" in first
    again = _tables_read(member_client, url)
    assert holders not in again
    assert "auth_permission" not in again
    assert "accounts_notification" not in again

    moderator_first = _tables_read(moderator_client, url)
    assert holders not in moderator_first  # the list is shared
    assert "auth_permission" in moderator_first
    assert "auth_permission" not in _tables_read(moderator_client, url)


def test_a_new_member_made_moderator_after_the_list_was_kept_gets_the_queue(client, member, other_member):
    client.force_login(other_member)
    assert client.get(reverse("forum:index")).status_code == 200  # the list of holders is kept
    client.force_login(member)
    assert client.get(reverse("forum:queue")).status_code == 403
    member.user_permissions.add(
        Permission.objects.get(codename="moderate", content_type__app_label="accounts")
    )
    assert client.get(reverse("forum:queue")).status_code == 200


def test_the_badge_counts_a_mention_at_once_and_clears_when_read(member_client, member, other_member):
    thread = published_thread(category=category_get_by_slug(slug="early-days"))
    assert _badge(member_client) == 0
    forum_services.reply_create(
        author=trusted(other_member), thread=thread, body=f"@{member.handle} I hear you, day by day."
    )
    assert _badge(member_client) == 1
    member_client.post(reverse("accounts:notifications_read"))
    assert _badge(member_client) == 0


def test_the_badge_counts_notifications_made_in_bulk(member_client, member, other_member):
    assert _badge(member_client) == 0
    services.notifications_create(recipients=[member, other_member], kind="account", title="Welcome")
    assert _badge(member_client) == 1


def test_one_members_notifications_never_change_anothers_badge(client, member, other_member):
    client.force_login(other_member)
    assert _badge(client) == 0
    services.notification_create(recipient=member, kind="account", title="Only for you")
    assert _badge(client) == 0
