"""Reading a page or an API resource writes nothing, except marking a thread read."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import data_export_request, notification_create
from forum.selectors import category_get_by_slug
from streaks.models import MilestoneAward
from tests.forum.factories import published_thread
from tests.streaks.factories import StreakFactory

pytestmark = pytest.mark.django_db

WRITE = re.compile(r'^\s*(INSERT(?: OR \w+)? INTO|UPDATE|DELETE FROM)\s+"(\w+)"', re.IGNORECASE)
# Marking a thread read is the one write a GET makes; a session may be saved by any request.
ALLOWED = {"forum_threadread", "django_session"}

PAGES = [
    "/",
    "/streak/",
    "/streak/history/",
    "/streak/check-in/",
    "/streak/urge/",
    "/streak/slip/",
    "/members/notifications/",
    "/members/settings/",
    "/members/settings/export/",
    "/members/settings/delete/",
    "/forum/",
    "/forum/categories/",
    "/forum/c/early-days/",
    "/forum/search/?q=holding",
]
API = [
    "/api/v1/me/",
    "/api/v1/me/export/",
    "/api/v1/notifications/",
    "/api/v1/streaks/current/",
    "/api/v1/streaks/history/",
    "/api/v1/streaks/milestones/",
    "/api/v1/streaks/preferences/",
    "/api/v1/forum/categories/",
]


@pytest.fixture
def busy_member(member):
    """A member with something to show everywhere: a 7-day streak not yet awarded, news, an export."""
    StreakFactory(user=member, start_date=timezone.localdate(timezone=member.zone) - dt.timedelta(days=7))
    notification_create(recipient=member, kind="account", title="Welcome back")
    data_export_request(user=member)
    return member


def _writes(send) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = send()
    assert response.status_code == 200, response
    tables = [match.group(2) for query in queries if (match := WRITE.match(query["sql"]))]
    return [table for table in tables if table not in ALLOWED]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_read_writes_nothing(client, busy_member, path):
    client.force_login(busy_member)
    assert _writes(lambda: client.get(path)) == []


@pytest.mark.parametrize("path", API)
def test_an_api_read_writes_nothing(busy_member, path):
    api = APIClient()
    api.force_authenticate(busy_member)
    assert _writes(lambda: api.get(path)) == []


def test_a_thread_read_writes_only_that_it_was_read(client, busy_member):
    thread = published_thread(category=category_get_by_slug(slug="early-days"), replies=2)
    client.force_login(busy_member)
    assert _writes(lambda: client.get(thread.get_absolute_url())) == []
    api = APIClient()
    api.force_authenticate(busy_member)
    assert _writes(lambda: api.get(f"/api/v1/forum/threads/{thread.pk}/posts/")) == []


def test_the_dashboard_offers_to_celebrate_a_milestone_reached_and_awards_it_on_post(client, busy_member):
    client.force_login(busy_member)
    page = client.get("/streak/")
    assert b"Celebrate my 7-day milestone" in page.content
    assert not MilestoneAward.objects.exists()

    response = client.post("/streak/milestones/celebrate/", follow=True)
    assert set(MilestoneAward.objects.values_list("days", flat=True)) == {1, 3, 7}
    assert b"7 days without contact. Well done" in response.content
    assert b"Celebrate my" not in response.content


def test_the_api_celebrates_a_milestone_reached_on_post(busy_member):
    api = APIClient()
    api.force_authenticate(busy_member)
    response = api.post("/api/v1/streaks/milestones/celebrate/")
    assert response.status_code == 200
    assert sorted(award["days"] for award in response.json()) == [1, 3, 7]
    assert api.post("/api/v1/streaks/milestones/celebrate/").json() == []
