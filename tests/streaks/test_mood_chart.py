"""The mood chart of the last 90 days: server-side SVG on the journal, with the same in words."""

import xml.etree.ElementTree as ET

import pytest

from streaks.models import CheckIn
from streaks.selectors import mood_chart_for

from .factories import StreakFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def moods(member, days_ago):
    """Low two months ago, better lately; a day without a mood and one too old to show."""
    streak = StreakFactory(user=member, start_date=days_ago(120))
    for ago, mood in ((100, 1), (60, 2), (59, 2), (40, 3), (10, 4), (3, 5), (1, 4)):
        CheckIn.objects.create(user=member, streak=streak, day=days_ago(ago), mood=mood)
    CheckIn.objects.create(user=member, streak=streak, day=days_ago(2), note="No mood today.")
    return streak


def _svg(html: str) -> ET.Element:
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 516')
    return ET.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])  # noqa: S314 - our own page


def test_the_journal_draws_the_last_90_days_of_moods(member_client, moods, days_ago):
    html = member_client.get("/streak/journal/").content.decode()

    svg = _svg(html)
    titles = [circle.find(f"{SVG}title").text for circle in svg.iter(f"{SVG}circle")]
    assert titles == [
        f"{days_ago(60):%a %d %b %Y}: low",
        f"{days_ago(59):%a %d %b %Y}: low",
        f"{days_ago(40):%a %d %b %Y}: okay",
        f"{days_ago(10):%a %d %b %Y}: good",
        f"{days_ago(3):%a %d %b %Y}: very good",
        f"{days_ago(1):%a %d %b %Y}: good",
    ]
    # Entries close together are joined; the 19 days between 59 and 40 days ago stay a gap.
    assert len(list(svg.iter(f"{SVG}polyline"))) == 2
    heights = {circle.get("class"): int(circle.get("cy")) for circle in svg.iter(f"{SVG}circle")}
    assert heights["mood-5"] < heights["mood-4"] < heights["mood-3"] < heights["mood-2"]


def test_the_chart_says_the_same_in_words(member_client, moods, days_ago):
    html = " ".join(member_client.get("/streak/journal/").content.decode().split())

    assert 'aria-labelledby="mood-svg-title mood-summary"' in html
    assert "you noted your mood on 6 days, okay on average (3.3 of 5)" in html
    assert "The last 30 days: 4.3 on average, up from 2.3 before." in html
    assert f"Lowest: {days_ago(59):%a %d %b %Y}: low." in html
    assert f"Highest: {days_ago(3):%a %d %b %Y}: very good." in html
    assert "The same, week by week" in html
    assert "not noted" in html


def test_without_moods_the_journal_says_how_to_begin(member_client, member):
    html = member_client.get("/streak/journal/").content.decode()

    assert "No moods noted in the last 90 days" in html
    assert "mood-chart-svg" not in html


def test_the_chart_is_in_the_members_own_calendar(member, days_ago, today):
    StreakFactory(user=member, start_date=days_ago(100))
    CheckIn.objects.create(user=member, streak=member.streaks.get(), day=days_ago(89), mood=3)
    CheckIn.objects.create(user=member, streak=member.streaks.get(), day=days_ago(90), mood=3)

    chart = mood_chart_for(user=member, today=today)

    assert (chart.first_day, chart.last_day) == (days_ago(89), today)
    assert [point.day for point in chart.points] == [days_ago(89)]
    assert len(chart.weeks) == 13


@pytest.mark.parametrize("entries", [1, 80])
def test_the_chart_takes_one_query_however_many_moods(
    member, days_ago, today, entries, django_assert_num_queries
):
    streak = StreakFactory(user=member, start_date=days_ago(100))
    CheckIn.objects.bulk_create(
        [CheckIn(user=member, streak=streak, day=days_ago(n), mood=1 + n % 5) for n in range(entries)]
    )

    with django_assert_num_queries(1):
        chart = mood_chart_for(user=member, today=today)

    assert chart.days_noted == entries


def test_the_api_gives_the_same_moods_for_the_app(member_api, moods, days_ago, today):
    body = member_api.get("/api/v1/streaks/moods/").json()

    assert (body["first_day"], body["last_day"]) == (f"{days_ago(89)}", f"{today}")
    assert body["points"][0] == {"day": f"{days_ago(60)}", "mood": 2}
    assert (body["days_noted"], body["average"], body["recent_average"], body["earlier_average"]) == (
        6,
        3.3,
        4.3,
        2.3,
    )
    assert len(body["weeks"]) == 13
