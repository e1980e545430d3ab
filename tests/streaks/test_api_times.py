"""The streaks API answers with times in the member's own zone, offset included, however the
member signed in; dates before 1970 or after 2100 are refused with a 400, never a 500."""

import pytest
from rest_framework.test import APIClient

from streaks import services
from tests.factories import PASSWORD, UserFactory

from .factories import StreakFactory

pytestmark = pytest.mark.django_db

APP = "/_allauth/app/v1"


def _app_client(member) -> APIClient:
    """Signed in as the mobile app is: a session token, no browser session."""
    client = APIClient()
    response = client.post(f"{APP}/auth/login", {"email": member.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_X_SESSION_TOKEN=response.json()["meta"]["session_token"])
    return client


@pytest.mark.parametrize(
    "zone, offset", [("Pacific/Kiritimati", "+14:00"), ("America/St_Johns", ("-03:30", "-02:30"))]
)
def test_times_carry_the_members_offset_with_an_app_token(zone, offset):
    member = UserFactory(timezone=zone)
    StreakFactory(user=member)
    slip = services.slip_record(user=member, kind="answered")
    client = _app_client(member)

    body = client.get(f"/api/v1/streaks/slips/{slip.pk}/").json()
    urge = client.post(
        "/api/v1/streaks/urges/create/", {"strength": 2, "action": "text"}, format="json"
    ).json()

    offsets = offset if isinstance(offset, tuple) else (offset,)
    assert body["created_at"].endswith(offsets)
    assert urge["occurred_at"].endswith(offsets)


@pytest.mark.parametrize(
    "path, data, field",
    [
        ("/api/v1/streaks/start/", {"start_date": "1969-12-31"}, "start_date"),
        ("/api/v1/streaks/start/", {"start_date": "0001-01-01"}, "start_date"),
        ("/api/v1/streaks/start/", {"last_contact_at": "0001-01-01T00:00:00+14:00"}, "last_contact_at"),
        ("/api/v1/streaks/start/", {"last_contact_at": "9999-12-31T23:59:59-12:00"}, "last_contact_at"),
        ("/api/v1/streaks/welcome/", {"last_contact_at": "1969-07-20T20:17:00Z"}, "last_contact_at"),
        ("/api/v1/streaks/welcome/", {"days_held": 36500}, "start_date"),
        (
            "/api/v1/streaks/urges/create/",
            {"strength": 2, "action": "text", "occurred_at": "1900-01-01T00:00:00"},
            "occurred_at",
        ),
        ("/api/v1/streaks/checkins/create/", {"day": "2101-01-01"}, "day"),
        (
            "/api/v1/streaks/slips/create/",
            {"contact_kind": "answered", "day": "1970-01-01", "restart_on": "0002-02-02"},
            "restart_on",
        ),
        ("/api/v1/streaks/urges/held/", {"started_at": "0001-01-01T00:00:00-01:00"}, "started_at"),
    ],
)
def test_dates_before_1970_or_absurd_are_refused_with_a_400(member_api, path, data, field):
    response = member_api.post(path, data, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


def test_a_time_without_an_offset_is_taken_in_the_members_zone():
    member = UserFactory(timezone="Pacific/Kiritimati")
    client = APIClient()
    client.force_authenticate(member)

    urge = client.post(
        "/api/v1/streaks/urges/create/",
        {"strength": 2, "action": "text", "occurred_at": "2026-01-02T09:30:00"},
        format="json",
    ).json()

    assert urge["occurred_at"] == "2026-01-02T09:30:00+14:00"
