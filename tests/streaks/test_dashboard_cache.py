"""The dashboard keeps what it reads about a member's own streaks between visits, and every change
the member makes (or a moderator makes in the admin) shows on the very next visit."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from streaks import services
from streaks.models import CheckIn, Reason, Streak
from streaks.selectors import dashboard_for

from .factories import CheckInFactory, SlipFactory, StreakFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holding(member, days_ago):
    """Twenty days held, checked in yesterday."""
    streak = StreakFactory(user=member, start_date=days_ago(20))
    CheckInFactory(user=member, streak=streak, day=days_ago(1))
    return streak


def test_a_second_visit_reads_only_the_awards(member, holding, django_assert_num_queries):
    first = dashboard_for(user=member)
    with django_assert_num_queries(1):
        again = dashboard_for(user=member)
    assert again.figures.days == first.figures.days == 20
    assert again.heatmap.checkins == first.heatmap.checkins == 1
    assert again.heatmap.squares == first.heatmap.squares


def test_checking_in_and_deleting_the_check_in_show_at_once(member, holding):
    assert dashboard_for(user=member).checked_in_today is False
    checkin, _ = services.checkin_record(user=member, mood=4, note="Calmer today")
    seen = dashboard_for(user=member)
    assert seen.checked_in_today is True
    assert seen.heatmap.checkins == 2
    services.checkin_delete(user=member, checkin_id=checkin.pk)
    seen = dashboard_for(user=member)
    assert seen.checked_in_today is False
    assert seen.heatmap.checkins == 1


def test_urges_held_count_each_one_logged_or_deleted(member, holding):
    assert dashboard_for(user=member).figures.urges_held == 0
    urge = services.urge_held(user=member)
    services.urge_log(user=member, strength=3, action="text", held_on=True)
    assert dashboard_for(user=member).figures.urges_held == 2
    services.urge_delete(user=member, urge_id=urge.pk)
    assert dashboard_for(user=member).figures.urges_held == 1


def test_the_reason_of_the_day_follows_every_edit(member, holding):
    assert dashboard_for(user=member).reason is None
    first = services.reason_add(user=member, text="I deserve calm mornings")
    assert dashboard_for(user=member).reason.text == "I deserve calm mornings"
    services.reason_edit(user=member, reason_id=first.pk, text="I deserve calm mornings, and evenings")
    assert dashboard_for(user=member).reason.text == "I deserve calm mornings, and evenings"
    second = services.reason_add(user=member, text="My friends missed me")
    shown = dashboard_for(user=member).reason
    services.reasons_reorder(user=member, reason_ids=[second.pk, first.pk])
    assert dashboard_for(user=member).reason.pk != shown.pk  # the same place in a new order
    services.reason_delete(user=member, reason_id=first.pk)
    services.reason_delete(user=member, reason_id=second.pk)
    assert dashboard_for(user=member).reason is None
    assert not Reason.objects.filter(user=member).exists()


def test_the_pledge_and_the_review_are_offered_until_made(member, holding):
    assert dashboard_for(user=member).today.pledged is False
    services.pledge_make(user=member)
    assert dashboard_for(user=member).today.pledged is True
    assert dashboard_for(user=member).today.reviewed is False
    services.review_record(user=member, mood=3, note="A long day, but I held on")
    assert dashboard_for(user=member).today.reviewed is True


def test_contact_recorded_and_undone_shows_at_once(member, holding):
    assert dashboard_for(user=member).figures.days == 20
    slip = services.slip_record(user=member, kind="reached_out")
    seen = dashboard_for(user=member)
    assert seen.figures.days == 0
    assert seen.undoable_slip_id == slip.pk
    assert seen.heatmap.slips == 1
    services.slip_undo(user=member, slip_id=slip.pk)
    seen = dashboard_for(user=member)
    assert seen.figures.days == 20
    assert seen.undoable_slip_id is None
    assert seen.heatmap.slips == 0


def test_the_undo_is_no_longer_offered_a_day_later_though_nothing_changed(member, holding):
    slip = services.slip_record(user=member, kind="reached_out")
    assert dashboard_for(user=member).undoable_slip_id == slip.pk
    later = timezone.now() + dt.timedelta(hours=25)
    with mock.patch("streaks.selectors.timezone.now", return_value=later):
        assert dashboard_for(user=member).undoable_slip_id is None


def test_a_new_day_counts_without_anything_written(member, holding):
    assert dashboard_for(user=member).figures.days == 20
    tomorrow = timezone.now() + dt.timedelta(days=1)
    with mock.patch("streaks.selectors.timezone.now", return_value=tomorrow):
        seen = dashboard_for(user=member)
    assert seen.figures.days == 21
    assert seen.checked_in_today is False
    assert seen.heatmap.clean_days == dashboard_for(user=member).heatmap.clean_days + 1


def test_a_moderator_deleting_rows_in_the_admin_shows_on_the_member_s_dashboard(
    client, member, holding, days_ago
):
    admin = type(member).objects.create_superuser(email="admin@example.com", password="x", handle="admin")
    client.force_login(admin)
    assert dashboard_for(user=member).heatmap.checkins == 1
    checkin = CheckIn.objects.get(user=member)
    response = client.post(reverse("admin:streaks_checkin_delete", args=[checkin.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert dashboard_for(user=member).heatmap.checkins == 0
    response = client.post(
        reverse("admin:streaks_streak_changelist"),
        {"action": "delete_selected", "_selected_action": [holding.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Streak.objects.filter(user=member).exists()
    assert dashboard_for(user=member).figures.streak is None


def test_the_page_shows_a_check_in_made_between_two_visits(member_client, member, holding):
    page = member_client.get(reverse("streaks:dashboard")).content.decode()
    assert 'data-days="1"' in page  # the heat map: one day checked in
    member_client.post(reverse("streaks:checkin"), {"day": timezone.localdate().isoformat(), "note": ""})
    assert CheckIn.objects.filter(user=member).count() == 2
    page = member_client.get(reverse("streaks:dashboard")).content.decode()
    assert 'class="day-checkin" data-days="2"' in page


def _day_states(heatmap) -> dict[dt.date, str]:
    """Each square of the heat map back to its day: x is the week, y the weekday."""
    step = 16  # a 13-pixel square and a 3-pixel gap
    return {
        heatmap.first_day + dt.timedelta(days=x // step * 7 + (y - 18) // step): state
        for state, corners in heatmap.squares.items()
        for x, y in corners
    }


def test_the_heat_map_marks_each_day_of_the_year_as_it_was(member, days_ago, today):
    """Two streaks with a fresh start between them, a check-in after contact on the same day, one
    outside any streak, and today: each square says what that day was."""
    earlier = StreakFactory(user=member, start_date=days_ago(300), ended_on=days_ago(100))
    CheckInFactory(user=member, streak=earlier, day=days_ago(150))
    SlipFactory(streak=earlier, day=days_ago(100))
    CheckInFactory(user=member, streak=earlier, day=days_ago(100))  # the same day: contact wins
    current = StreakFactory(user=member, start_date=days_ago(60))
    CheckInFactory(user=member, streak=current, day=days_ago(80))  # between the two streaks
    CheckInFactory(user=member, streak=current, day=days_ago(3))
    CheckInFactory(user=member, streak=current, day=today)

    heatmap = dashboard_for(user=member).heatmap
    states = _day_states(heatmap)
    assert min(states) == heatmap.first_day and max(states) == today
    assert len(states) == (today - heatmap.first_day).days + 1 and heatmap.first_day.weekday() == 0
    expected = {}
    for day in states:
        ago = (today - day).days
        if ago in (150, 80, 3, 0):
            expected[day] = "checkin"
        elif ago == 100:
            expected[day] = "slip"
        elif 100 < ago <= 300 or ago <= 60:
            expected[day] = "clean"
        else:
            expected[day] = "none"
    assert states == expected
    # Today counts once it is over; the day of the contact is not a day without it.
    held = [day for day, state in expected.items() if state in ("clean", "checkin") and day < today]
    assert heatmap.clean_days == len(held) == 60 + 1 + 200  # this streak, the lone check-in, the first
    assert (heatmap.checkins, heatmap.slips) == (4, 1)
    assert heatmap.checked_in_today is True
    firsts = sorted(day for day in states if day.day == 1)
    assert [name for _, name in heatmap.months] == [day.strftime("%b") for day in firsts]
    assert [x for x, _ in heatmap.months] == [(day - heatmap.first_day).days // 7 * 16 for day in firsts]
