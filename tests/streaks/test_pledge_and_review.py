"""The morning pledge and the evening review: one tap in the morning, "How was today?" in the
evening, each once a local day, shown at the right local time, kept in the journal, private."""

import datetime as dt
import json
import zoneinfo

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Notification
from streaks import services
from streaks.models import CheckIn, Pledge, Reminder, StreakPreferences
from tests.factories import UserFactory

from .factories import CheckInFactory, StreakFactory
from .test_days_properties import TRANSITIONS

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _zone_where_it_is(hour: int) -> str:
    """A time zone where the local hour is `hour` right now (a fixed offset, so no DST surprises)."""
    offset = (hour - timezone.now().astimezone(UTC).hour + 12) % 24 - 12
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


def _member_at(hour: int, **kwargs):
    member = UserFactory(timezone=_zone_where_it_is(hour), **kwargs)
    StreakFactory(user=member, start_date=dt.date(2026, 1, 1))
    return member


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _json(client: Client, url: str, data: dict | None = None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_in_the_morning_the_dashboard_offers_the_pledge_and_one_tap_makes_it_once_a_day():
    member = _member_at(8)
    client = _client(member)
    page = client.get("/streak/").content.decode()
    assert "Today I keep no contact" in page and "How was today?" not in page

    assert client.post("/streak/pledge/").status_code == 302
    again = client.post("/streak/pledge/", follow=True)
    assert "already made today" in again.content.decode()
    assert Pledge.objects.filter(user=member).count() == 1
    assert Pledge.objects.get(user=member).day == timezone.localdate(timezone=member.zone)

    page = client.get("/streak/").content.decode()
    assert "Pledged today" in page and 'action="/streak/pledge/"' not in page


def test_in_the_evening_the_dashboard_asks_how_today_was_and_the_review_is_todays_checkin():
    member = _member_at(20)
    client = _client(member)
    page = client.get("/streak/").content.decode()
    assert "How was today?" in page and 'action="/streak/pledge/"' not in page

    form = client.get("/streak/review/")
    assert form.status_code == 200 and "It also checks you in for today" in form.content.decode()
    missing = client.post("/streak/review/", {"note": "No mood"})
    assert missing.status_code == 200 and "Please choose how today was." in missing.content.decode()
    assert not CheckIn.objects.filter(user=member).exists()

    assert (
        client.post("/streak/review/", {"mood": "4", "note": "Quiet evening, proud of myself"}).status_code
        == 302
    )
    checkin = CheckIn.objects.get(user=member)
    assert (checkin.mood, checkin.note, checkin.day) == (
        4,
        "Quiet evening, proud of myself",
        timezone.localdate(timezone=member.zone),
    )
    assert checkin.reviewed_at is not None
    assert "Today looked back on" in client.get("/streak/").content.decode()


def test_a_review_after_a_check_in_updates_that_check_in():
    member = _member_at(21)
    streak = member.streaks.get()
    CheckInFactory(streak=streak, day=timezone.localdate(timezone=member.zone), mood=2, note="Morning")
    response = _json(_client(member), "/api/v1/streaks/review/", {"mood": 5, "note": "Better by night"})
    assert response.status_code == 200, response.content
    assert response.json()["mood"] == 5 and response.json()["note"] == "Better by night"
    assert response.json()["reviewed_at"] is not None
    assert CheckIn.objects.filter(user=member).count() == 1


def test_the_api_pledges_once_a_local_day_and_lists_pledges():
    member = _member_at(7)
    client = _client(member)
    first = _json(client, "/api/v1/streaks/pledges/today/")
    assert first.status_code == 201
    second = _json(client, "/api/v1/streaks/pledges/today/")
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    listed = client.get("/api/v1/streaks/pledges/").json()
    assert [row["day"] for row in listed["results"]] == [first.json()["day"]]


def test_bad_review_input_is_a_400_and_nothing_is_written():
    member = _member_at(20)
    client = _client(member)
    for body in ({}, {"mood": 9}, {"mood": "bad"}, {"mood": 3, "note": "x" * 2001}):
        response = _json(client, "/api/v1/streaks/review/", body)
        assert response.status_code == 400, body
        assert response.json()["errors"]
    without_streak = _json(_client(UserFactory()), "/api/v1/streaks/review/", {"mood": 3})
    assert without_streak.status_code == 400
    assert not CheckIn.objects.exists()


def test_pledges_and_reviews_are_in_the_journal(member_client, member, today):
    StreakFactory(user=member, start_date=today)
    services.pledge_make(user=member)
    services.review_record(user=member, mood=3, note="REVIEW-NOTE")
    html = member_client.get("/streak/journal/").content.decode()
    assert "Morning pledge: today I keep no contact" in html
    assert "Evening review" in html and "REVIEW-NOTE" in html
    only = member_client.get("/streak/journal/?kind=pledge").content.decode()
    assert "Morning pledge" in only and "REVIEW-NOTE" not in only

    data = member_client.get("/api/v1/streaks/journal/").json()
    kinds = {entry["kind"] for entry in data["results"]}
    assert kinds == {"pledge", "checkin"}
    pledge = next(entry for entry in data["results"] if entry["kind"] == "pledge")
    assert pledge["pledge"]["day"] == pledge["day"]


def test_the_dashboard_takes_the_same_queries_in_the_morning_and_the_evening(django_assert_max_num_queries):
    for hour in (8, 20):
        member = _member_at(hour)
        services.pledge_make(user=member)
        client = _client(member)
        client.get("/streak/")
        with django_assert_max_num_queries(10):
            assert client.get("/streak/").status_code == 200


# Reminders of each kind, each once per member and local day


def _prefs(zone: str, **times):
    member = UserFactory(timezone=zone)
    StreakPreferences.objects.create(user=member, **times)
    return member


def _utc(zone: str, local: dt.datetime) -> dt.datetime:
    return local.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(UTC)


def test_pledge_and_review_reminders_come_at_their_local_times_once_and_not_when_done(mailoutbox):
    zone = "Europe/Paris"
    member = _prefs(zone, pledge_reminder_time=dt.time(7, 30), review_reminder_time=dt.time(21, 0))
    StreakFactory(user=member, start_date=dt.date(2026, 3, 1))
    day = dt.datetime(2026, 3, 10)

    assert services.reminders_send(now=_utc(zone, day.replace(hour=7, minute=35))) == 1
    assert services.reminders_send(now=_utc(zone, day.replace(hour=7, minute=50))) == 0
    assert services.reminders_send(now=_utc(zone, day.replace(hour=21, minute=5))) == 1
    notes = Notification.objects.filter(recipient=member, kind="reminder").order_by("created_at")
    assert [(n.title, n.url) for n in notes] == [
        ("Your morning pledge", "/streak/pledge/"),
        ("How was today?", "/streak/review/"),
    ]
    assert sorted(Reminder.objects.filter(user=member).values_list("kind", flat=True)) == ["pledge", "review"]

    # The next day: pledged and reviewed before the reminders' times, so none comes.
    Pledge.objects.create(user=member, day=dt.date(2026, 3, 11), created_at=_utc(zone, day.replace(hour=6)))
    CheckIn.objects.create(
        user=member,
        streak=member.streaks.get(),
        day=dt.date(2026, 3, 11),
        mood=3,
        reviewed_at=_utc(zone, day.replace(hour=20)),
    )
    assert services.reminders_send(now=_utc(zone, dt.datetime(2026, 3, 11, 7, 40))) == 0
    assert services.reminders_send(now=_utc(zone, dt.datetime(2026, 3, 11, 21, 10))) == 0


def test_a_plain_check_in_does_not_silence_the_evening_review():
    zone = "Asia/Tokyo"
    member = _prefs(zone, reminder_time=dt.time(21, 0), review_reminder_time=dt.time(21, 0))
    CheckInFactory(
        streak=StreakFactory(user=member, start_date=dt.date(2026, 3, 1)), day=dt.date(2026, 3, 10)
    )
    assert services.reminders_send(now=_utc(zone, dt.datetime(2026, 3, 10, 21, 1))) == 1
    assert Reminder.objects.get(user=member).kind == "review"


def test_the_page_and_the_api_set_each_reminder(member_client):
    response = member_client.post(
        "/streak/reminder/",
        {"reminder_time": "", "pledge_reminder_time": "07:15", "review_reminder_time": "21:45"},
    )
    assert response.status_code == 302
    data = member_client.get("/api/v1/streaks/reminder/").json()
    assert data == {"reminder_time": None, "pledge_reminder_time": "07:15", "review_reminder_time": "21:45"}
    changed = _json(member_client, "/api/v1/streaks/reminder/", {"review_reminder_time": None})
    assert changed.json() == {
        "reminder_time": None,
        "pledge_reminder_time": "07:15",
        "review_reminder_time": None,
    }
    bad = _json(member_client, "/api/v1/streaks/reminder/", {"pledge_reminder_time": "7 o'clock"})
    assert bad.status_code == 400 and "pledge_reminder_time" in bad.json()["errors"]
    page = member_client.get("/streak/check-in/").content.decode()
    assert 'name="pledge_reminder_time"' in page and 'name="review_reminder_time"' in page


@pytest.mark.parametrize("zone", ["Europe/London", "America/St_Johns", "Australia/Lord_Howe"])
def test_each_kind_comes_once_each_local_day_across_a_dst_change(zone):
    member = _prefs(
        zone,
        reminder_time=dt.time(1, 30),
        pledge_reminder_time=dt.time(7, 0),
        review_reminder_time=dt.time(23, 45),
    )

    def offset(moment: dt.datetime) -> dt.timedelta | None:
        return moment.astimezone(member.zone).utcoffset()

    hour = dt.timedelta(hours=1)
    transition = next(t for t in TRANSITIONS if offset(t - hour) != offset(t + hour))
    start, end = transition - dt.timedelta(hours=36), transition + dt.timedelta(hours=36)
    now = start
    while now < end:
        services.reminders_send(now=now)
        services.reminders_send(now=now)
        now += dt.timedelta(minutes=15)

    rows = list(Reminder.objects.filter(user=member).values_list("day", "kind"))
    assert len(rows) == len(set(rows))
    first_full = start.astimezone(member.zone).date() + dt.timedelta(days=1)
    last_full = end.astimezone(member.zone).date() - dt.timedelta(days=1)
    day = first_full
    while day <= last_full:
        assert {kind for on, kind in rows if on == day} == {"checkin", "pledge", "review"}, day
        day += dt.timedelta(days=1)
