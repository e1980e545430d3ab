import pytest

from accounts.models import Notification
from accounts.services import notification_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/notifications/"
UNREAD = "/api/v1/notifications/unread-count/"
READ = "/api/v1/notifications/read/"


def _notify(user, n=1):
    return [notification_create(recipient=user, kind="milestone", title=f"Note {i}") for i in range(n)]


def test_the_list_is_paginated_newest_first_and_only_mine(member_api, member, other_member):
    mine = _notify(member, 3)
    _notify(other_member, 2)
    response = member_api.get(LIST)
    assert response.status_code == 200
    assert response.data["count"] == 3
    assert [item["id"] for item in response.data["results"]] == [n.pk for n in reversed(mine)]
    assert set(response.data["results"][0]) == {"id", "kind", "title", "body", "url", "created_at", "read_at"}


def test_the_list_takes_a_constant_number_of_queries(member_api, member, django_assert_max_num_queries):
    _notify(member, 30)
    with django_assert_max_num_queries(3):
        response = member_api.get(LIST, {"page_size": 25})
    assert len(response.data["results"]) == 25


def test_unread_count(member_api, member, other_member):
    _notify(member, 2)
    _notify(other_member, 5)
    assert member_api.get(UNREAD).data == {"unread": 2}


def test_marking_some_as_read_leaves_the_others_and_never_touches_another_members(
    member_api, member, other_member
):
    first, second = _notify(member, 2)
    (theirs,) = _notify(other_member)
    response = member_api.post(READ, {"ids": [first.pk, theirs.pk]}, format="json")
    assert response.status_code == 200
    assert response.data == {"marked": 1, "unread": 1}
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert Notification.objects.get(pk=second.pk).read_at is None


def test_marking_all_as_read(member_api, member):
    _notify(member, 4)
    response = member_api.post(READ, {}, format="json")
    assert response.data == {"marked": 4, "unread": 0}


def test_bad_ids_are_a_400_with_field_errors(member_api):
    response = member_api.post(READ, {"ids": ["not-a-number"]}, format="json")
    assert response.status_code == 400
    assert "ids" in response.data["errors"]


@pytest.mark.parametrize("url", [LIST, UNREAD])
def test_anonymous_visitors_are_refused(api_client, url):
    assert api_client.get(url).status_code in (401, 403)


def test_anonymous_cannot_mark_read(api_client):
    UserFactory()
    assert api_client.post(READ, {}, format="json").status_code in (401, 403)
