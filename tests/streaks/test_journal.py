"""The journal: one timeline of what the member logged and wrote, only for them."""

import datetime as dt

import pytest
from django.utils import timezone

from streaks.models import CheckIn, Letter, MilestoneAward, Slip, Urge

from .factories import EndedStreakFactory, StreakFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def life(member, days_ago):
    """A little of everything, on known days in the member's zone (Europe/Paris)."""
    ended = EndedStreakFactory(user=member, start_date=days_ago(60), ended_on=days_ago(40))
    Slip.objects.create(user=member, streak=ended, day=days_ago(40), kind="answered", note="SLIP-NOTE")
    streak = StreakFactory(user=member, start_date=days_ago(39))
    CheckIn.objects.create(user=member, streak=streak, day=days_ago(2), mood=2, note="CHECKIN-NOTE")
    Urge.objects.create(
        user=member,
        streak=streak,
        occurred_at=timezone.now() - dt.timedelta(days=1),
        strength=4,
        action="call",
        note="URGE-NOTE",
    )
    MilestoneAward.objects.create(
        streak=streak, days=30, awarded_at=timezone.now() - dt.timedelta(days=9), notify=False
    )
    Letter.objects.create(user=member, body="LETTER-BODY")
    return streak


def test_the_journal_shows_everything_newest_first(member_client, life):
    html = member_client.get("/streak/journal/").content.decode()
    order = [
        html.index(text) for text in ("LETTER-BODY", "URGE-NOTE", "CHECKIN-NOTE", "30 days", "SLIP-NOTE")
    ]
    assert order == sorted(order)
    assert "feeling low" in html and "strength 4 of 5" in html and "I answered my ex".lower() in html


@pytest.mark.parametrize(
    ("kind", "shown", "hidden"),
    [
        ("checkin", "CHECKIN-NOTE", "URGE-NOTE"),
        ("urge", "URGE-NOTE", "LETTER-BODY"),
        ("letter", "LETTER-BODY", "SLIP-NOTE"),
    ],
)
def test_filter_by_kind(member_client, life, kind, shown, hidden):
    html = member_client.get("/streak/journal/", {"kind": kind}).content.decode()
    assert shown in html and hidden not in html


def test_filter_by_month(member_client, life, days_ago):
    month = days_ago(40)
    html = member_client.get("/streak/journal/", {"month": f"{month:%Y-%m}"}).content.decode()
    assert "SLIP-NOTE" in html
    assert "LETTER-BODY" not in html  # written today, at least 40 days later: another month


def test_a_bad_filter_shows_everything_and_says_so(member_client, life):
    response = member_client.get("/streak/journal/", {"month": "soon", "kind": "gossip"})
    assert response.status_code == 200
    assert b"LETTER-BODY" in response.content and b"Select a valid choice" in response.content


def test_pages_keep_the_filter_and_go_from_newer_to_older(member_client, member, days_ago):
    streak = StreakFactory(user=member, start_date=days_ago(30))
    CheckIn.objects.bulk_create(
        CheckIn(user=member, streak=streak, day=days_ago(n), note=f"day-{n}-") for n in range(25)
    )
    first = member_client.get("/streak/journal/", {"kind": "checkin"}).content.decode()
    assert "day-0-" in first and "day-24-" not in first
    assert 'href="?kind=checkin&amp;page=2"' in first
    second = member_client.get("/streak/journal/", {"kind": "checkin", "page": 2}).content.decode()
    assert "day-24-" in second and "day-0-" not in second


def test_edit_and_delete_a_check_in_and_an_urge_from_the_journal(member_client, member, life):
    checkin = CheckIn.objects.get(user=member)
    urge = Urge.objects.get(user=member)
    assert f"/streak/check-ins/{checkin.pk}/edit/" in member_client.get("/streak/journal/").content.decode()

    member_client.post(f"/streak/check-ins/{checkin.pk}/edit/", {"mood": "4", "note": ""})
    member_client.post(
        f"/streak/urges/{urge.pk}/edit/",
        {"strength": "2", "action": "text", "held_on": "yes", "note": "It passed"},
    )
    checkin.refresh_from_db()
    urge.refresh_from_db()
    assert (checkin.mood, checkin.note) == (4, "")
    assert (urge.strength, urge.action, urge.note) == (2, "text", "It passed")

    member_client.post(f"/streak/check-ins/{checkin.pk}/delete/")
    member_client.post(f"/streak/urges/{urge.pk}/delete/")
    assert not CheckIn.objects.exists() and not Urge.objects.exists()


def test_another_members_entries_cannot_be_edited_or_deleted(member_client, other_member, days_ago):
    streak = StreakFactory(user=other_member)
    checkin = CheckIn.objects.create(user=other_member, streak=streak, day=streak.start_date, note="theirs")
    assert member_client.get(f"/streak/check-ins/{checkin.pk}/edit/").status_code == 404
    assert member_client.post(f"/streak/check-ins/{checkin.pk}/delete/").status_code == 404
    assert b"theirs" not in member_client.get("/streak/journal/").content
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


@pytest.mark.parametrize("entries", [1, 50])
def test_the_journal_takes_the_same_queries_however_many_entries(
    member_client, member, days_ago, entries, django_assert_max_num_queries
):
    streak = StreakFactory(user=member, start_date=days_ago(60))
    for n in range(entries):
        CheckIn.objects.create(user=member, streak=streak, day=days_ago(n), mood=3, note=f"n{n}")
        Urge.objects.create(user=member, streak=streak, occurred_at=timezone.now(), strength=2, action="text")
        Letter.objects.create(user=member, body=f"letter {n}")
    MilestoneAward.objects.create(streak=streak, days=1, awarded_at=timezone.now(), notify=False)
    Slip.objects.create(user=member, streak=streak, day=days_ago(1), kind="logistics", ended_streak=False)
    with django_assert_max_num_queries(13):  # one for the mood chart
        response = member_client.get("/streak/journal/")
    assert response.status_code == 200


def test_the_journal_through_the_api(member_api, member, life, days_ago):
    everything = member_api.get("/api/v1/streaks/journal/").json()
    assert everything["count"] == 5
    kinds = [entry["kind"] for entry in everything["results"]]
    assert kinds == ["letter", "urge", "checkin", "milestone", "slip"]
    assert everything["results"][0]["letter"]["body"] == "LETTER-BODY"
    assert everything["results"][0]["checkin"] is None
    assert dt.datetime.fromisoformat(everything["results"][1]["at"]).utcoffset() is not None

    urges = member_api.get("/api/v1/streaks/journal/", {"kind": "urge"}).json()
    assert [entry["kind"] for entry in urges["results"]] == ["urge"]
    month = member_api.get("/api/v1/streaks/journal/", {"month": f"{days_ago(40):%Y-%m}"}).json()
    assert [entry["kind"] for entry in month["results"]] == ["slip"]
    bad = member_api.get("/api/v1/streaks/journal/", {"month": "soon"})
    assert bad.status_code == 400 and "month" in bad.json()["errors"]


def test_edit_and_delete_check_ins_and_urges_through_the_api(member_api, member, life, other_member):
    checkin = CheckIn.objects.get(user=member)
    urge = Urge.objects.get(user=member)
    edited = member_api.post(
        f"/api/v1/streaks/checkins/{checkin.pk}/edit/", {"mood": None, "note": "quieter"}, format="json"
    )
    assert edited.status_code == 200 and (edited.json()["mood"], edited.json()["note"]) == (None, "quieter")
    urge_edit = member_api.post(
        f"/api/v1/streaks/urges/{urge.pk}/edit/",
        {"strength": 1, "action": "other", "held_on": True},
        format="json",
    )
    assert urge_edit.status_code == 200 and urge_edit.json()["strength"] == 1
    bad = member_api.post(f"/api/v1/streaks/urges/{urge.pk}/edit/", {"strength": 9}, format="json")
    assert bad.status_code == 400 and "strength" in bad.json()["errors"]
    assert member_api.post(f"/api/v1/streaks/checkins/{checkin.pk}/delete/").status_code == 204
    assert member_api.post(f"/api/v1/streaks/urges/{urge.pk}/delete/").status_code == 204
    theirs = StreakFactory(user=other_member)
    their_checkin = CheckIn.objects.create(user=other_member, streak=theirs, day=theirs.start_date)
    assert member_api.post(f"/api/v1/streaks/checkins/{their_checkin.pk}/delete/").status_code == 404
