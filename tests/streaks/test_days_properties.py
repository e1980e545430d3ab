"""Property-based tests of day counting across zones and DST transitions, and of awarding."""

import datetime as dt
import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from streaks import days as streak_days
from streaks import services
from streaks.models import MilestoneAward, Streak
from tests.factories import UserFactory

ZONES = [
    "Pacific/Auckland",
    "America/Los_Angeles",
    "Europe/London",
    "Asia/Kolkata",
    "Pacific/Kiritimati",
    "America/St_Johns",
    "Pacific/Pago_Pago",
    "Australia/Lord_Howe",
]
UTC = dt.UTC


def _transitions() -> list[dt.datetime]:
    """Every UTC instant from 2024 to 2026 at which one of the zones changes its offset."""
    found = []
    for name in ZONES:
        zone = zoneinfo.ZoneInfo(name)
        instant = dt.datetime(2024, 1, 1, tzinfo=UTC)
        offset = instant.astimezone(zone).utcoffset()
        while instant < dt.datetime(2027, 1, 1, tzinfo=UTC):
            instant += dt.timedelta(minutes=30)
            current = instant.astimezone(zone).utcoffset()
            if current != offset:
                found.append(instant)
                offset = current
    return found


TRANSITIONS = _transitions()

zones = st.sampled_from(ZONES)
instants = st.datetimes(
    min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2026, 12, 31), timezones=st.just(UTC)
)
near_dst = st.builds(
    lambda base, minutes: base + dt.timedelta(minutes=minutes),
    st.sampled_from(TRANSITIONS),
    st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60),
)
any_instant = st.one_of(instants, near_dst)
starts = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 12, 31))


def test_the_zones_under_test_have_dst_transitions():
    assert len(TRANSITIONS) >= 20


@given(
    zone=zones,
    start=starts,
    first=any_instant,
    later_by=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=800)),
)
def test_the_count_never_goes_down_as_time_passes(zone, start, first, later_by):
    earlier = streak_days.day_count(start=start, on=streak_days.local_today(zone, now=first))
    later = streak_days.day_count(start=start, on=streak_days.local_today(zone, now=first + later_by))
    assert later >= earlier


@given(zone=zones, start=starts, instant=any_instant)
def test_the_count_is_the_calendar_difference_whatever_the_offset(zone, start, instant):
    local = instant.astimezone(zoneinfo.ZoneInfo(zone))
    assert streak_days.day_count(start=start, on=local.date()) == max(0, (local.date() - start).days)


@settings(max_examples=60)
@given(zone=zones, begin=any_instant, start_back=st.integers(min_value=0, max_value=400))
def test_walking_hour_by_hour_through_dst_each_milestone_is_reached_exactly_once(zone, begin, start_back):
    start = streak_days.local_today(zone, now=begin) - dt.timedelta(days=start_back)
    reached_at: dict[int, int] = {}
    previous = None
    for step in range(24 * 40):  # forty days, one step each half hour
        instant = begin + dt.timedelta(minutes=30 * step)
        count = streak_days.day_count(start=start, on=streak_days.local_today(zone, now=instant))
        if previous is not None:
            assert count - previous in (0, 1), "a day is never skipped nor counted twice, even on DST days"
        for milestone in streak_days.milestones_reached(count):
            if previous is None or milestone > previous:
                reached_at[milestone] = reached_at.get(milestone, 0) + 1
        previous = count
    assert all(times == 1 for times in reached_at.values())


@given(days=st.integers(min_value=0, max_value=5000))
def test_the_ladder(days):
    reached = streak_days.milestones_reached(days)
    assert reached == sorted(set(reached))
    assert all(m <= days for m in reached) and streak_days.milestone_next(days) > days
    assert [m for m in reached if m > 365] == [365 * k for k in range(2, days // 365 + 1)]


class AwardProperties(TestCase):
    @settings(max_examples=40, deadline=None)
    @given(
        start_back=st.integers(min_value=0, max_value=800),
        steps=st.lists(st.tuples(zones, st.integers(min_value=0, max_value=72)), min_size=1, max_size=8),
        begin=any_instant,
    )
    def test_changing_zones_never_awards_a_milestone_twice(self, start_back, steps, begin):
        member = UserFactory(timezone=steps[0][0])
        streak = Streak.objects.create(
            user=member,
            start_date=streak_days.local_today(member.zone, now=begin) - dt.timedelta(days=start_back),
        )
        instant = begin
        highest = 0
        for zone, hours in steps:
            instant += dt.timedelta(hours=hours)
            member.timezone = zone
            member.save(update_fields=["timezone"])
            today = streak_days.local_today(zone, now=instant)
            services.milestones_award(streak=streak, today=today)
            highest = max(highest, streak_days.day_count(start=streak.start_date, on=today))
        awarded = list(MilestoneAward.objects.filter(streak=streak).values_list("days", flat=True))
        assert sorted(awarded) == streak_days.milestones_reached(highest)
        assert MilestoneAward.objects.filter(streak=streak, notify=True).count() <= len(steps)

    @settings(max_examples=25, deadline=None)
    @given(
        members=st.lists(st.tuples(zones, st.integers(min_value=0, max_value=800)), min_size=1, max_size=6),
        now=any_instant,
    )
    def test_the_sweep_awards_what_each_member_reached_in_their_own_calendar(self, members, now):
        expected, counts = {}, {}
        for zone, start_back in members:
            member = UserFactory(timezone=zone)
            # The start is a fixed date; "today" in the zone at `now` decides the count.
            start = streak_days.local_today("UTC", now=now) - dt.timedelta(days=start_back)
            streak = Streak.objects.create(user=member, start_date=start)
            count = streak_days.day_count(start=start, on=streak_days.local_today(zone, now=now))
            expected[streak.pk] = streak_days.milestones_reached(count)
            counts[streak.pk] = (count, expected[streak.pk])
        services.milestones_sweep(now=now)
        window = services.SWEEP_WINDOW.days
        for streak_id, (count, reached) in counts.items():
            recent = {m for m in reached if count - m < window}
            assert recent <= set(
                MilestoneAward.objects.filter(streak_id=streak_id).values_list("days", flat=True)
            )

        due = services.milestones_sweep(now=now, full=True)
        for streak_id, reached in expected.items():
            rows = dict(MilestoneAward.objects.filter(streak_id=streak_id).values_list("days", "notify"))
            assert sorted(rows) == reached
            assert [days for days, notify in rows.items() if notify] == reached[-1:]
        assert sorted(due) == sorted(MilestoneAward.objects.filter(notify=True).values_list("pk", flat=True))
        total = MilestoneAward.objects.count()
        services.milestones_sweep(now=now, full=True)
        assert MilestoneAward.objects.count() == total  # a second sweep at the same instant adds nothing
