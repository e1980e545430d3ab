"""Daily reminders: at each member's local time, skipped on a day they checked in, exactly once a
local day (DST included, two sweeps at once included), in a number of queries that does not grow."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts.models import Notification
from streaks import services
from streaks.models import Reminder, StreakPreferences
from tests.concurrency import run_together
from tests.factories import UserFactory

from .factories import CheckInFactory, StreakFactory
from .test_days_properties import TRANSITIONS, ZONES

UTC = dt.UTC


def _member(zone: str, at: dt.time, **kwargs):
    member = UserFactory(timezone=zone, **kwargs)
    StreakPreferences.objects.create(user=member, reminder_time=at)
    return member


def _utc(zone: str, local: dt.datetime) -> dt.datetime:
    return local.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(UTC)


@pytest.mark.django_db
def test_a_reminder_comes_at_the_local_time_once_and_not_on_a_day_already_checked_in(
    django_capture_on_commit_callbacks, mailoutbox
):
    tokyo = _member("Asia/Tokyo", dt.time(20, 0))
    paris = _member("Europe/Paris", dt.time(20, 0))
    streak = StreakFactory(user=paris, start_date=dt.date(2026, 3, 1))
    CheckInFactory(streak=streak, day=dt.date(2026, 3, 10))
    _member("America/New_York", None)  # reminders off

    before = _utc("Asia/Tokyo", dt.datetime(2026, 3, 10, 19, 55))
    assert services.reminders_send(now=before) == 0
    at_tokyo = _utc("Asia/Tokyo", dt.datetime(2026, 3, 10, 20, 3))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=at_tokyo) == 1
    assert services.reminders_send(now=at_tokyo + dt.timedelta(minutes=5)) == 0
    # Paris checked in that day: no reminder at its 20:00; the next day there is one.
    assert services.reminders_send(now=_utc("Europe/Paris", dt.datetime(2026, 3, 10, 20, 1))) == 0
    assert services.reminders_send(now=_utc("Europe/Paris", dt.datetime(2026, 3, 11, 20, 1))) == 1

    reminded = Notification.objects.filter(kind="reminder").order_by("created_at")
    assert [note.recipient for note in reminded] == [tokyo, paris]
    assert reminded[0].url == "/streak/check-in/"
    assert [message.to for message in mailoutbox] == [[tokyo.email]]


@pytest.mark.django_db
def test_a_reminder_missed_by_more_than_two_hours_waits_for_the_next_day():
    _member("Europe/Paris", dt.time(8, 0))

    assert services.reminders_send(now=_utc("Europe/Paris", dt.datetime(2026, 5, 4, 10, 30))) == 0
    assert services.reminders_send(now=_utc("Europe/Paris", dt.datetime(2026, 5, 5, 8, 10))) == 1


@pytest.mark.django_db
def test_a_reminder_just_before_midnight_comes_with_the_first_sweep_after_it(
    django_capture_on_commit_callbacks,
):
    late = _member("Asia/Kolkata", dt.time(23, 58))
    checked = _member("Asia/Kolkata", dt.time(23, 58))
    CheckInFactory(
        streak=StreakFactory(user=checked, start_date=dt.date(2026, 5, 1)), day=dt.date(2026, 5, 4)
    )

    assert services.reminders_send(now=_utc("Asia/Kolkata", dt.datetime(2026, 5, 4, 23, 55))) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=_utc("Asia/Kolkata", dt.datetime(2026, 5, 5, 0, 0))) == 1
    assert services.reminders_send(now=_utc("Asia/Kolkata", dt.datetime(2026, 5, 5, 0, 5))) == 0

    # For the evening it was set for, which the other member had already checked in.
    assert list(Reminder.objects.values_list("user", "day")) == [(late.pk, dt.date(2026, 5, 4))]
    assert Notification.objects.get(kind="reminder").recipient == late
    # The next evening comes as usual.
    assert services.reminders_send(now=_utc("Asia/Kolkata", dt.datetime(2026, 5, 5, 23, 59))) == 2


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_members():
    now = dt.datetime(2026, 6, 1, 6, 0, tzinfo=UTC)

    def queries_for(members: int) -> int:
        Reminder.objects.all().delete()
        StreakPreferences.objects.all().delete()
        for i in range(members):
            zone = ZONES[i % len(ZONES)]
            _member(zone, (now.astimezone(zoneinfo.ZoneInfo(zone)) - dt.timedelta(minutes=30)).time())
        with CaptureQueriesContext(connection) as captured:
            assert services.reminders_send(now=now) == members
        return len(captured.captured_queries)

    assert queries_for(len(ZONES)) == queries_for(6 * len(ZONES)) <= 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_remind_each_member_once():
    members = [_member(zone, dt.time(0, 0)) for zone in ZONES for _ in range(3)]
    # An hour before each one's local time now, on the same local day in every zone.
    now = dt.datetime(2026, 6, 1, 6, 0, tzinfo=UTC)
    for member in members:
        local = now.astimezone(member.zone)
        StreakPreferences.objects.filter(user=member).update(
            reminder_time=(local - dt.timedelta(hours=1)).time()
        )

    sent = run_together(lambda _: services.reminders_send(now=now), count=2)

    assert sum(sent) == len(members)
    assert Reminder.objects.count() == len(members)
    assert Notification.objects.filter(kind="reminder").count() == len(members)


def test_the_page_and_the_api_set_and_clear_the_reminder(db):
    member = UserFactory()
    client = Client()
    client.force_login(member)

    assert client.post("/streak/reminder/", {"reminder_time": "20:30"}).status_code == 302
    assert client.get("/api/v1/streaks/reminder/").json()["reminder_time"] == "20:30"
    bad = client.post(
        "/api/v1/streaks/reminder/", {"reminder_time": "25:00"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "reminder_time" in bad.json()["errors"]
    cleared = client.post(
        "/api/v1/streaks/reminder/", {"reminder_time": None}, content_type="application/json"
    )
    assert cleared.json()["reminder_time"] is None
    assert b'name="reminder_time"' in client.get("/streak/check-in/").content


class TestExactlyOnceALocalDayAcrossDst(TestCase):
    @settings(max_examples=8, deadline=None)
    @given(
        zone=st.sampled_from(ZONES),
        transition=st.sampled_from(TRANSITIONS),
        hour=st.integers(min_value=0, max_value=23),
        minute=st.sampled_from([0, 15, 30, 45, 59]),
    )
    def test_a_sweep_every_quarter_hour_over_a_dst_change_reminds_once_each_local_day(
        self, zone, transition, hour, minute
    ):
        at = dt.time(hour, minute)
        member = _member(zone, at)
        other = _member(ZONES[(ZONES.index(zone) + 1) % len(ZONES)], at)
        start = transition - dt.timedelta(hours=30)
        end = transition + dt.timedelta(hours=30)
        now = start
        while now < end:
            services.reminders_send(now=now)
            services.reminders_send(now=now)  # the beat's next run may overlap: still once
            now += dt.timedelta(minutes=15)

        for who in (member, other):
            local_start = start.astimezone(who.zone)
            # Every whole local day in the run whose reminder time the sweeps could reach.
            last_reachable = end.astimezone(who.zone) - services.REMINDER_WINDOW
            days = {r.day: r for r in Reminder.objects.filter(user=who)}
            assert len(days) == Reminder.objects.filter(user=who).count()
            day = local_start.date() + dt.timedelta(days=1)
            while day < last_reachable.date():
                assert day in days, (who.timezone, day)
                sent = days[day].sent_at.astimezone(who.zone)
                # On time, or at the first sweep after a reminder time the clocks skipped (or after
                # one just before midnight, which the first sweep of the next day still sends).
                assert (
                    dt.timedelta(0) <= _wall(sent) - dt.datetime.combine(day, at) < dt.timedelta(minutes=80)
                )
                day += dt.timedelta(days=1)
        assert Notification.objects.filter(kind="reminder").count() == Reminder.objects.count()


def _wall(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=None)
