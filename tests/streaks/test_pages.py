import datetime as dt
import re

import pytest
from django.utils import timezone

from streaks.models import CheckIn, MilestoneAward, Slip, Streak, Urge
from tests.factories import UserFactory

from .factories import CheckInFactory, StreakFactory

pytestmark = pytest.mark.django_db


def _long_history(member, streaks=30):
    """Many ended streaks with check-ins, slips and awards, then an active one."""
    today = timezone.localdate(timezone=member.zone)
    start = today - dt.timedelta(days=12 * streaks + 20)
    for _ in range(streaks):
        streak = Streak.objects.create(
            user=member, start_date=start, ended_on=start + dt.timedelta(days=10), end_kind="reached_out"
        )
        Slip.objects.create(user=member, streak=streak, day=streak.ended_on, kind="reached_out")
        CheckIn.objects.create(user=member, streak=streak, day=start + dt.timedelta(days=2), mood=3)
        MilestoneAward.objects.bulk_create(
            MilestoneAward(streak=streak, days=d, awarded_at=timezone.now(), notify=False) for d in (1, 3, 7)
        )
        start += dt.timedelta(days=12)
    return Streak.objects.create(user=member, start_date=start)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/streak/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_starting_from_days_already_held_shows_the_days(member_client, member):
    response = member_client.post(
        "/streak/start/", {"began": "held", "days_held": "12", "timezone": member.timezone}, follow=True
    )
    assert response.status_code == 200
    assert re.search(rb'class="streak-days">12<', response.content)
    assert b"Next milestone: 14 days" in response.content
    assert b"2 more days to go, counting from your 7-day milestone" in response.content
    assert b'<progress id="milestone-progress" max="100" value="71">' in response.content


def test_the_dashboard_shows_figures_buttons_and_the_heat_map(member_client, member, days_ago):
    StreakFactory(user=member, start_date=days_ago(20))
    CheckInFactory(user=member, streak=member.streaks.get(), day=days_ago(1))
    CheckInFactory(user=member, streak=member.streaks.get(), day=days_ago(0))
    response = member_client.get("/streak/")
    content = response.content.decode()
    assert "Longest streak" in content and "Total days without contact" in content and "Urges held" in content
    assert "Checked in today" in content and "I feel the urge" in content
    assert "<svg" in content and 'role="img"' in content
    assert "to today: 20 days without contact, 2 check-ins" in content
    assert '<path class="day-checkin" data-days="2" d="' in content
    assert "noindex" in content
    assert "style=" not in content.split("<body", 1)[1]
    assert "<script>" not in content


def test_the_dashboard_and_history_take_at_most_10_queries_however_long_the_history(
    member_client, member, django_assert_max_num_queries
):
    _long_history(member)
    member_client.get("/streak/")
    with django_assert_max_num_queries(10):
        dashboard = member_client.get("/streak/")
    with django_assert_max_num_queries(10):
        history = member_client.get("/streak/history/")
    assert dashboard.status_code == history.status_code == 200
    assert history.content.decode().count("Streak: 10 days") == 30


def test_check_in_from_the_dashboard_button_then_again(member_client, member):
    StreakFactory(user=member)
    assert b"Check in for today" in member_client.get("/streak/").content
    first = member_client.post("/streak/check-in/", follow=True)
    assert b"Checked in" in first.content
    second = member_client.post("/streak/check-in/", follow=True)
    assert b"already checked in" in second.content
    assert CheckIn.objects.count() == 1


def test_check_in_with_mood_and_note(member_client, member, days_ago):
    StreakFactory(user=member, start_date=days_ago(4))
    page = member_client.get("/streak/check-in/")
    assert b'<label for="id_note">' in page.content
    member_client.post("/streak/check-in/", {"day": days_ago(2).isoformat(), "mood": "2", "note": "hard day"})
    checkin = CheckIn.objects.get()
    assert (checkin.day, checkin.mood, checkin.note) == (days_ago(2), 2, "hard day")


def test_log_an_urge_from_the_page(member_client, member):
    StreakFactory(user=member)
    response = member_client.post(
        "/streak/urge/log/",
        {"strength": "4", "action": "call", "held_on": "yes", "note": "it passed"},
        follow=True,
    )
    assert b"You held on" in response.content
    urge = Urge.objects.get()
    assert urge.held_on and urge.strength == 4


def test_checking_in_again_today_updates_the_mood_and_note_and_says_so(member_client, member):
    StreakFactory(user=member)
    member_client.post("/streak/check-in/", {"mood": "2", "note": "a heavy morning"})
    page = member_client.get("/streak/check-in/").content.decode()
    assert "You have already checked in today" in page
    assert "a heavy morning</textarea>" in page
    assert "Update today's check-in" in page

    response = member_client.post(
        "/streak/check-in/", {"mood": "4", "note": "the evening was kinder"}, follow=True
    )

    assert "Updated today&#x27;s check-in." in response.content.decode()
    assert CheckIn.objects.values_list("mood", "note").get() == (4, "the evening was kinder")


def test_checking_in_again_for_a_past_day_updates_that_day(member_client, member, days_ago):
    StreakFactory(user=member, start_date=days_ago(5))
    member_client.post("/streak/check-in/", {"day": days_ago(2).isoformat()})
    response = member_client.post(
        "/streak/check-in/", {"day": days_ago(2).isoformat(), "note": "I remember now"}, follow=True
    )
    assert f"Updated your check-in for {days_ago(2).day} ".encode() in response.content
    assert CheckIn.objects.get().note == "I remember now"


def test_record_a_slip_kindly(member_client, member, days_ago):
    StreakFactory(user=member, start_date=days_ago(30))
    page = member_client.get("/streak/slip/")
    assert b"It happens to many of us" in page.content
    response = member_client.post(
        "/streak/slip/", {"day": days_ago(2).isoformat(), "kind": "reached_out"}, follow=True
    )
    assert b"a fresh start has begun" in response.content
    assert b"relapse" not in response.content.lower() and b"fail" not in response.content.lower()
    assert Streak.objects.filter(user=member).count() == 2


def test_a_slip_in_the_future_is_a_form_error(member_client, member, today):
    StreakFactory(user=member)
    response = member_client.post(
        "/streak/slip/", {"day": (today + dt.timedelta(days=1)).isoformat(), "kind": "reached_out"}
    )
    assert response.status_code == 200
    assert b"has not happened yet" in response.content


def test_the_logistics_preference_is_saved(member_client, member):
    member_client.post("/streak/preferences/", {"logistics_ends_streak": "on"})
    assert member.streak_preferences.logistics_ends_streak


def test_history_lists_every_streak_with_how_it_ended_and_milestones(member_client, member, days_ago):
    Streak.objects.create(user=member, start_date=days_ago(50), ended_on=days_ago(40), end_kind="answered")
    StreakFactory(user=member, start_date=days_ago(39))
    member_client.post("/streak/milestones/celebrate/")
    content = member_client.get("/streak/history/").content.decode()
    assert "Current streak: 39 days" in content
    assert (
        "Streak: 10 days" in content and "contact happened (I answered my ex), then a fresh start" in content
    )
    assert "Share in the forum" in content


def test_the_profile_shows_the_streak_only_as_the_member_allows(client, days_ago):
    member = UserFactory(streak_visibility="members")
    StreakFactory(user=member, start_date=days_ago(15))
    url = f"/members/{member.handle}/"
    assert b"without contact" not in client.get(url).content
    client.force_login(UserFactory())
    assert b"without contact" in client.get(url).content
    member.streak_visibility = "only_me"
    member.save()
    assert b"without contact" not in client.get(url).content


def test_the_nav_links_to_my_streak(member_client):
    assert b'href="/streak/"' in member_client.get("/").content
