import datetime as dt

import pytest
from django.utils import timezone

from streaks.models import CheckIn, MilestoneAward, Streak

from .factories import CheckInFactory, MilestoneAwardFactory, SlipFactory, StreakFactory, UrgeFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/streaks/"


def test_start_a_streak_from_a_past_date(member_api, member, days_ago):
    response = member_api.post(API + "start/", {"start_date": days_ago(12).isoformat()}, format="json")
    assert response.status_code == 201
    assert response.data["days"] == 12
    assert Streak.objects.get(user=member).start_date == days_ago(12)


def test_a_future_start_is_a_400_with_a_field_error(member_api, today):
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    response = member_api.post(API + "start/", {"start_date": tomorrow}, format="json")
    assert response.status_code == 400
    assert "future" in response.data["errors"]["start_date"][0]


def test_a_second_active_streak_is_a_400(member_api, member):
    StreakFactory(user=member)
    response = member_api.post(API + "start/", {}, format="json")
    assert response.status_code == 400
    assert response.data["message"] == "You already have a streak running."


def test_current_streak_with_its_figures(member_api, member, days_ago, django_assert_max_num_queries):
    last_contact = timezone.now() - dt.timedelta(days=10, hours=3)
    StreakFactory(user=member, start_date=days_ago(9), last_contact_at=last_contact)
    Streak.objects.create(user=member, start_date=days_ago(100), ended_on=days_ago(60))
    UrgeFactory(user=member, streak=None)
    member_api.get(API + "current/")
    with django_assert_max_num_queries(6):
        response = member_api.get(API + "current/")
    data = response.data
    assert data["days"] == 9
    assert data["hours_since_contact"] == 243
    assert data["next_milestone"] == 14 and data["previous_milestone"] == 7
    assert data["progress_percent"] == 28
    assert data["longest_days"] == 40 and data["total_days"] == 49
    assert data["urges_held"] == 1
    assert data["streak"]["start_date"] == days_ago(9).isoformat()


def test_current_without_a_streak(member_api):
    response = member_api.get(API + "current/")
    assert response.status_code == 200
    assert response.data["streak"] is None and response.data["days"] == 0


def test_check_in_is_201_then_200_with_the_same_one_updated(member_api, member):
    StreakFactory(user=member)
    first = member_api.post(API + "checkins/create/", {"mood": 3, "note": "ok"}, format="json")
    second = member_api.post(API + "checkins/create/", {"mood": 5}, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.data["id"] == second.data["id"]
    assert (second.data["mood"], second.data["note"]) == (5, "ok")
    third = member_api.post(API + "checkins/create/", {"note": "better tonight"}, format="json")
    assert third.status_code == 200
    assert (third.data["mood"], third.data["note"]) == (5, "better tonight")
    assert CheckIn.objects.values_list("mood", "note").get() == (5, "better tonight")


def test_backfill_a_past_day_but_not_a_future_one(member_api, member, days_ago, today):
    StreakFactory(user=member, start_date=days_ago(5))
    assert member_api.post(API + "checkins/create/", {"day": days_ago(2).isoformat()}).status_code == 201
    response = member_api.post(API + "checkins/create/", {"day": (today + dt.timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    assert "day" in response.data["errors"]


def test_a_mood_out_of_range_is_a_400(member_api, member):
    StreakFactory(user=member)
    response = member_api.post(API + "checkins/create/", {"mood": 9})
    assert response.status_code == 400 and "mood" in response.data["errors"]


def test_log_an_urge_held(member_api, member):
    StreakFactory(user=member)
    response = member_api.post(
        API + "urges/create/",
        {"strength": 5, "action": "social_media", "ex_reached_out": True},
        format="json",
    )
    assert response.status_code == 201
    assert response.data["held_on"] is True and response.data["ex_reached_out"] is True


def test_an_unknown_urge_action_is_a_400(member_api):
    response = member_api.post(API + "urges/create/", {"strength": 2, "action": "fax"})
    assert response.status_code == 400 and "action" in response.data["errors"]


def test_record_a_slip(member_api, member, days_ago):
    StreakFactory(user=member, start_date=days_ago(30))
    response = member_api.post(
        API + "slips/create/", {"day": days_ago(3).isoformat(), "contact_kind": "answered"}
    )
    assert response.status_code == 201
    assert response.data["ended_streak"] is True and response.data["contact_kind"] == "answered"
    history = member_api.get(API + "history/").data["results"]
    assert [streak["contact_kind"] for streak in history] == ["", "answered"]
    assert member_api.get(API + "current/").data["days"] == 2


def test_preferences_for_logistics(member_api, member, days_ago):
    assert member_api.get(API + "preferences/").data == {"logistics_ends_streak": False}
    response = member_api.post(API + "preferences/update/", {"logistics_ends_streak": True})
    assert response.data == {"logistics_ends_streak": True}


def _ended_streaks(member, n=5):
    today = timezone.localdate()
    return [
        Streak.objects.create(
            user=member,
            start_date=today - dt.timedelta(days=300 - 30 * i),
            ended_on=today - dt.timedelta(days=290 - 30 * i),
            end_kind="reached_out",
        )
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("checkins/", CheckInFactory),
        ("urges/", UrgeFactory),
        ("slips/", SlipFactory),
        ("milestones/", MilestoneAwardFactory),
        ("history/", None),
    ],
)
def test_lists_show_only_my_things_in_constant_queries(
    member_api, member, path, factory, django_assert_max_num_queries
):
    for streak in _ended_streaks(member):
        if factory is not None:
            factory(streak=streak)
    (factory or StreakFactory)()  # another member's
    with django_assert_max_num_queries(4):
        response = member_api.get(API + path)
    assert response.status_code == 200
    assert response.data["count"] == 5


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("history/{}/", StreakFactory),
        ("checkins/{}/", CheckInFactory),
        ("urges/{}/", UrgeFactory),
        ("slips/{}/", SlipFactory),
    ],
)
def test_another_members_object_is_a_404_and_mine_is_not(member_api, member, other_member, path, factory):
    theirs = factory(user=other_member) if factory is StreakFactory else factory(streak__user=other_member)
    mine = factory(user=member) if factory is StreakFactory else factory(streak__user=member)
    assert member_api.get(API + path.format(theirs.pk)).status_code == 404
    assert member_api.get(API + path.format(mine.pk)).status_code == 200


def test_sharing_another_members_milestone_is_a_404(member_api, other_member):
    award = MilestoneAwardFactory(streak__user=other_member)
    assert member_api.post(API + f"milestones/{award.pk}/share/").status_code == 404


def test_anonymous_visitors_are_refused(api_client):
    assert api_client.get(API + "current/").status_code in (401, 403)
    assert api_client.post(API + "start/", {}).status_code in (401, 403)


def test_milestones_list_my_awards(member_api, member, days_ago):
    StreakFactory(user=member, start_date=days_ago(8))
    member_api.post(API + "milestones/celebrate/")
    response = member_api.get(API + "milestones/")
    assert sorted(item["days"] for item in response.data["results"]) == [1, 3, 7]
    assert MilestoneAward.objects.filter(notify=True).get().days == 7


def test_a_slip_of_an_unknown_kind_is_a_400(member_api, member):
    StreakFactory(user=member)
    response = member_api.post(API + "slips/create/", {"contact_kind": "telepathy"})
    assert response.status_code == 400 and "contact_kind" in response.data["errors"]
