"""The first run: a short welcome that starts the count in the member's confirmed time zone."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from streaks.days import local_today
from streaks.models import Streak

from .factories import StreakFactory

pytestmark = pytest.mark.django_db


def test_a_new_member_is_welcomed_with_three_ways_to_begin_and_their_zone(member_client, member):
    html = member_client.get("/").content.decode()
    assert "Welcome. Let's start your count." in html
    for value in ("today", "held", "last_contact"):
        assert f'value="{value}"' in html
    assert re.search(r'<select name="timezone"[^>]*data-device-timezone="true"', html)
    assert '<option value="Europe/Paris" selected>' in html
    assert "write down your reasons" in html
    assert "Not now" in html


def test_starting_today_confirms_the_zone_from_the_device(member_client, member):
    response = member_client.post("/streak/start/", {"began": "today", "timezone": "Pacific/Kiritimati"})
    assert response.status_code == 302 and response["Location"] == "/"
    member.refresh_from_db()
    assert member.timezone == "Pacific/Kiritimati"
    assert Streak.objects.get().start_date == local_today("Pacific/Kiritimati")
    assert b"Welcome. Let" not in member_client.get("/").content


def test_the_last_contact_is_read_in_the_chosen_zone_and_the_count_starts_the_day_after(
    member_client, member
):
    zone = "America/St_Johns"
    three_days_ago = local_today(zone) - dt.timedelta(days=3)
    member_client.post(
        "/streak/start/",
        {"began": "last_contact", "last_contact_at": f"{three_days_ago}T23:30", "timezone": zone},
    )
    streak = Streak.objects.get()
    local = timezone.localtime(streak.last_contact_at, timezone=member.__class__.objects.get().zone)
    assert (local.date(), local.hour, local.minute) == (three_days_ago, 23, 30)
    assert streak.start_date == three_days_ago + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"began": "held"}, "days_held", "How many days have you already held?"),
        ({"began": "held", "days_held": "-1"}, "days_held", "greater than or equal to 0"),
        ({"began": "last_contact"}, "last_contact_at", "When was the last contact?"),
        ({"began": "today", "timezone": "Mars/Olympus"}, "timezone", "choose a time zone"),
    ],
)
def test_missing_or_wrong_answers_are_form_errors_and_nothing_starts(
    member_client, member, data, field, message
):
    response = member_client.post("/streak/start/", {"timezone": member.timezone, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Streak.objects.exists()
    member.refresh_from_db()
    assert member.timezone == "Europe/Paris"


def test_a_last_contact_in_the_future_is_refused_and_the_zone_is_left_as_it_was(member_client, member):
    tomorrow = local_today("Asia/Tokyo") + dt.timedelta(days=1)
    response = member_client.post(
        "/streak/start/",
        {"began": "last_contact", "last_contact_at": f"{tomorrow}T10:00", "timezone": "Asia/Tokyo"},
    )
    assert response.status_code == 400
    assert b"cannot be in the future" in response.content
    member.refresh_from_db()
    assert member.timezone == "Europe/Paris"


def test_the_welcome_is_never_shown_once_a_streak_exists(member_client, member, days_ago):
    StreakFactory(user=member, start_date=days_ago(5))
    assert b"Welcome. Let" not in member_client.get("/").content
    response = member_client.post("/streak/start/", {"began": "today", "timezone": member.timezone})
    assert response.status_code == 302
    assert Streak.objects.count() == 1
    assert b"Your count is already running." in member_client.get("/").content


def test_the_api_welcome_sets_the_zone_and_starts_from_days_held(member_api, member):
    response = member_api.post(
        "/api/v1/streaks/welcome/", {"timezone": "America/St_Johns", "days_held": 9}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["days"] == 9
    member.refresh_from_db()
    assert member.timezone == "America/St_Johns"


def test_the_api_welcome_refuses_both_ways_at_once_and_bad_zones(member_api):
    both = member_api.post(
        "/api/v1/streaks/welcome/",
        {"days_held": 2, "last_contact_at": "2026-01-01T10:00:00+01:00"},
        format="json",
    )
    assert both.status_code == 400
    assert "days_held" in both.json()["errors"]
    zone = member_api.post("/api/v1/streaks/welcome/", {"timezone": "Nowhere/Land"}, format="json")
    assert zone.status_code == 400
    assert "timezone" in zone.json()["errors"]
    assert not Streak.objects.exists()
