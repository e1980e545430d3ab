"""Milestones reached through a back-dated start are dated on the day they were reached, in the
member's calendar, not on the day the start was entered."""

import datetime as dt

import pytest
from django.core import mail

from streaks import services
from streaks.days import local_today
from streaks.models import MilestoneAward
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def back_dated(member, days_ago, django_capture_on_commit_callbacks):
    """A start entered today, 10 days back: 1, 3 and 7 days were reached 9, 7 and 3 days ago."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.streak_start(user=member, start_date=days_ago(10))


def test_the_api_gives_the_day_each_milestone_was_reached(member_api, back_dated, days_ago):
    results = member_api.get("/api/v1/streaks/milestones/").json()["results"]

    reached = {award["days"]: award["reached_on"] for award in results}
    assert reached == {1: f"{days_ago(9)}", 3: f"{days_ago(7)}", 7: f"{days_ago(3)}"}


def test_history_and_dashboard_show_the_day_reached(member_client, back_dated, days_ago):
    history = member_client.get("/streak/history/").content.decode()
    dashboard = member_client.get("/streak/").content.decode()

    assert f"reached on {days_ago(3):%-d %B %Y}" in history
    assert f"reached on {days_ago(9):%-d %B %Y}" in history
    milestones = dashboard[
        dashboard.index("Milestones of this streak") : dashboard.index("All milestones and")
    ]
    assert f"{days_ago(3):%-d %b %Y}" in milestones
    assert f"{days_ago(0):%-d %b %Y}" not in milestones
    assert f"Reached on {days_ago(3):%A %-d %B %Y}" in dashboard  # the celebration of the highest


def test_the_journal_files_each_milestone_under_the_day_it_was_reached(member_client, back_dated, days_ago):
    html = member_client.get("/streak/journal/", {"kind": "milestone"}).content.decode()

    for days, ago in ((1, 9), (3, 7), (7, 3)):
        heading = f'<h2 class="journal-day">{days_ago(ago):%A %-d %B %Y}</h2>'
        assert heading in html
        assert html.index(heading) < html.index(f"Milestone: {days} ")
    month = member_client.get(
        "/api/v1/streaks/journal/", {"kind": "milestone", "month": f"{days_ago(9):%Y-%m}"}
    ).json()
    assert {entry["day"] for entry in month["results"]} <= {f"{days_ago(n)}" for n in (9, 7, 3)}
    assert f"{days_ago(9)}" in {entry["day"] for entry in month["results"]}


def test_the_congratulation_names_the_day_it_was_reached(back_dated, days_ago):
    (message,) = mail.outbox

    assert f"On {days_ago(3):%A %-d %B %Y}, you reached 7 days without contact." in message.body
    html = message.alternatives[0][0]
    assert f"Reached on {days_ago(3):%A %-d %B %Y}." in html


def test_a_milestone_reached_today_is_dated_today_in_the_members_own_calendar(
    django_capture_on_commit_callbacks,
):
    member = UserFactory(timezone="Pacific/Kiritimati")  # UTC+14: often a day ahead of UTC
    today = local_today(member.zone)
    with django_capture_on_commit_callbacks(execute=True):
        services.streak_start(user=member, start_date=today - dt.timedelta(days=7))

    top = MilestoneAward.objects.get(streak__user=member, notify=True)
    assert (top.days, top.reached_on) == (7, today)
    (message,) = mail.outbox
    assert "You have reached 7 days without contact." in message.body
