"""API pagination: `page_size` is a whole number from 1, for numbered pages and forum feeds alike."""

import datetime as dt

import pytest

from tests.forum.factories import published_thread
from tests.streaks.factories import CheckInFactory, StreakFactory

pytestmark = pytest.mark.django_db

NOT_A_PAGE_SIZE = ["null", "0", "-1", "abc", "", "2.5", '{"a":1}', "1" * 2000]


@pytest.fixture
def lists(member):
    """One list of each kind the API pages: numbered pages, and a forum feed with its cursor."""
    streak = StreakFactory(user=member)
    for days in range(3):
        CheckInFactory(streak=streak, day=streak.start_date + dt.timedelta(days=days))
    thread, *_ = [published_thread(replies=3) for _ in range(3)]
    return {
        "numbered": "/api/v1/streaks/checkins/",
        "notifications": "/api/v1/notifications/",
        "threads": "/api/v1/forum/threads/",
        "posts": f"/api/v1/forum/threads/{thread.pk}/posts/",
    }


@pytest.mark.parametrize("value", NOT_A_PAGE_SIZE)
@pytest.mark.parametrize("kind", ["numbered", "notifications", "threads", "posts"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_refused(member_api, lists, kind, value):
    response = member_api.get(lists[kind], {"page_size": value})

    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "Please check the highlighted fields."
    assert list(body["errors"]) == ["page_size"]


@pytest.mark.parametrize("kind", ["numbered", "threads", "posts"])
def test_a_page_size_gives_that_many_and_at_most_a_hundred(member_api, lists, kind):
    assert len(member_api.get(lists[kind], {"page_size": "2"}).json()["results"]) == 2
    assert member_api.get(lists[kind], {"page_size": "1000"}).status_code == 200
    assert member_api.get(lists[kind]).status_code == 200
