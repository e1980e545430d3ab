"""Undoing contact recorded by mistake, within 24 hours: the streak runs on as if it never ended,
history stays true, and milestones are congratulated once, never twice."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.core import mail
from django.db.models import F
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Notification
from streaks import services
from streaks.models import CheckIn, MilestoneAward, Slip, Streak, Urge
from streaks.selectors import dashboard_for, figures_for
from tests.concurrency import run_together

from .factories import SlipFactory, StreakFactory

ONE_DAY = dt.timedelta(days=1)


def _awarded(streak: Streak) -> list[int]:
    return sorted(MilestoneAward.objects.filter(streak=streak).values_list("days", flat=True))


def _congratulations(member, days: int) -> int:
    return Notification.objects.filter(
        recipient=member, title=f"You reached {days} days without contact!"
    ).count()


def _deliver_everything_due() -> None:
    for award_id in services.milestones_sweep(now=timezone.now() + services.REDELIVER_AFTER, full=True):
        services.award_deliver(award_id=award_id)


def _time_passes(member, *, hours: int) -> None:
    """Move the member's world `hours` back in time (a day back in their calendar when over 12)."""
    days = dt.timedelta(days=1 if hours > 12 else 0)
    ago = dt.timedelta(hours=hours)
    Streak.objects.filter(user=member).update(start_date=F("start_date") - days)
    Streak.objects.filter(user=member, ended_on__isnull=False).update(ended_on=F("ended_on") - days)
    CheckIn.objects.filter(user=member).update(day=F("day") - days)
    Slip.objects.filter(user=member).update(day=F("day") - days, created_at=F("created_at") - ago)
    Urge.objects.filter(user=member).update(occurred_at=F("occurred_at") - ago)


@pytest.fixture
def forty_days_then_a_slip(member, days_ago, django_capture_on_commit_callbacks):
    """40 days held, the 30-day milestone congratulated, then contact recorded 20 days back."""
    streak = StreakFactory(user=member, start_date=days_ago(40))
    with django_capture_on_commit_callbacks(execute=True):
        services.milestones_check(user=member)
    with django_capture_on_commit_callbacks(execute=True):
        slip = services.slip_record(user=member, kind="reached_out", day=days_ago(20))
    assert _awarded(streak) == [1, 3, 7, 14]
    return streak, slip


@pytest.mark.django_db
def test_undo_reopens_the_streak_and_folds_the_fresh_start_back_into_it(
    member, days_ago, forty_days_then_a_slip, django_capture_on_commit_callbacks
):
    streak, slip = forty_days_then_a_slip
    fresh = Streak.objects.get(user=member, ended_on__isnull=True)
    checkin, _ = services.checkin_record(user=member, day=days_ago(2), mood=4, note="A good day.")
    urge = services.urge_log(user=member, strength=3, action="text")

    with django_capture_on_commit_callbacks(execute=True):
        undone = services.slip_undo(user=member, slip_id=slip.pk)

    streak.refresh_from_db()
    assert streak.ended_on is None and streak.end_kind == ""
    assert not Streak.objects.filter(pk=fresh.pk).exists()
    assert CheckIn.objects.get(pk=checkin.pk).streak_id == streak.pk
    assert CheckIn.objects.get(pk=checkin.pk).note == "A good day."
    assert Urge.objects.get(pk=urge.pk).streak_id == streak.pk
    figures = figures_for(user=member)
    assert (figures.days, figures.longest_days, figures.total_days, figures.streak_count) == (40, 40, 40, 1)
    # History stays true: the slip is kept, marked undone.
    assert undone.undone_at is not None
    assert Slip.objects.get(pk=slip.pk).undone_at == undone.undone_at


@pytest.mark.django_db
def test_milestones_the_slip_withdrew_come_back_and_are_not_congratulated_again(
    member, forty_days_then_a_slip, django_capture_on_commit_callbacks
):
    streak, slip = forty_days_then_a_slip
    assert _congratulations(member, 30) == 1
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.slip_undo(user=member, slip_id=slip.pk)
    _deliver_everything_due()

    assert _awarded(streak) == [1, 3, 7, 14, 21, 30]
    assert MilestoneAward.objects.get(streak=streak, days=30).delivered_at is not None
    assert _congratulations(member, 30) == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_milestone_reached_in_between_is_awarded_and_congratulated_once(
    member, today, days_ago, django_capture_on_commit_callbacks
):
    streak = StreakFactory(user=member, start_date=days_ago(6))
    with django_capture_on_commit_callbacks(execute=True):
        services.milestones_check(user=member)
    with django_capture_on_commit_callbacks(execute=True):
        slip = services.slip_record(user=member, kind="answered", day=today)
    _time_passes(member, hours=20)  # the next day: the streak, had it run on, is 7 days old
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.slip_undo(user=member, slip_id=slip.pk)
    _deliver_everything_due()

    assert _awarded(streak) == [1, 3, 7]
    assert _congratulations(member, 7) == 1
    assert len(mail.outbox) == 1
    assert "7 days" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_milestone_withdrawn_before_its_congratulation_is_congratulated_once_after_the_undo(
    member, days_ago, django_capture_on_commit_callbacks
):
    streak = StreakFactory(user=member, start_date=days_ago(7))
    with mock.patch.object(services, "_enqueue_delivery"):  # the broker lost it
        services.milestones_check(user=member)
    with django_capture_on_commit_callbacks(execute=True):
        slip = services.slip_record(user=member, kind="reached_out", day=days_ago(2))
    assert _awarded(streak) == [1, 3]

    with django_capture_on_commit_callbacks(execute=True):
        services.slip_undo(user=member, slip_id=slip.pk)
    _deliver_everything_due()

    assert _awarded(streak) == [1, 3, 7]
    assert _congratulations(member, 7) == 1
    assert _congratulations(member, 3) == 0


@pytest.mark.django_db
def test_contact_about_logistics_that_kept_the_streak_is_simply_marked_undone(member, days_ago):
    streak = StreakFactory(user=member, start_date=days_ago(10))
    slip = services.slip_record(user=member, kind="logistics")
    assert not slip.ended_streak

    services.slip_undo(user=member, slip_id=slip.pk)

    streak.refresh_from_db()
    assert streak.is_active and Streak.objects.filter(user=member).count() == 1
    assert Slip.objects.get(pk=slip.pk).undone_at is not None


@pytest.mark.django_db
def test_undo_is_refused_after_24_hours_twice_or_before_a_later_slip(
    member, today, days_ago, forty_days_then_a_slip
):
    _, slip = forty_days_then_a_slip
    later = services.slip_record(user=member, kind="answered", day=today)

    with pytest.raises(services.ApplicationError, match="Undo the most recent one first"):
        services.slip_undo(user=member, slip_id=slip.pk)
    assert Slip.objects.get(pk=slip.pk).undone_at is None
    assert Streak.objects.filter(user=member).count() == 3  # nothing half-written

    services.slip_undo(user=member, slip_id=later.pk)
    with pytest.raises(services.ApplicationError, match="already undone"):
        services.slip_undo(user=member, slip_id=later.pk)

    Slip.objects.filter(pk=slip.pk).update(created_at=timezone.now() - dt.timedelta(hours=24, seconds=1))
    with pytest.raises(services.ApplicationError, match="within 24 hours"):
        services.slip_undo(user=member, slip_id=slip.pk)


@pytest.mark.django_db
def test_the_heat_map_and_the_counts_stop_showing_an_undone_slip(member, days_ago):
    StreakFactory(user=member, start_date=days_ago(30))
    slip = services.slip_record(user=member, kind="reached_out", day=days_ago(5))
    assert dashboard_for(user=member).heatmap.slips == 1

    services.slip_undo(user=member, slip_id=slip.pk)

    heatmap = dashboard_for(user=member).heatmap
    assert heatmap.slips == 0
    assert heatmap.clean_days == 30
    assert figures_for(user=member).total_days == 30


@pytest.mark.django_db
def test_undo_finds_the_fresh_start_that_followed_the_slip(member, days_ago):
    ended = StreakFactory(user=member, start_date=days_ago(30), ended_on=days_ago(10), end_kind="answered")
    slip = SlipFactory(streak=ended, day=days_ago(10))
    StreakFactory(user=member, start_date=days_ago(9))

    services.slip_undo(user=member, slip_id=slip.pk)

    assert list(Streak.objects.filter(user=member).values_list("pk", "ended_on")) == [(ended.pk, None)]


# The API


@pytest.mark.django_db
def test_the_api_undoes_a_slip_and_says_so(member_api, member, days_ago):
    StreakFactory(user=member, start_date=days_ago(10))
    created = member_api.post("/api/v1/streaks/slips/create/", {"contact_kind": "answered"}, format="json")
    assert created.json()["can_undo"] is True

    response = member_api.post(f"/api/v1/streaks/slips/{created.json()['id']}/undo/")

    assert response.status_code == 200
    body = response.json()
    assert body["undone_at"] and body["can_undo"] is False
    assert member_api.get("/api/v1/streaks/current/").json()["days"] == 10


@pytest.mark.django_db
def test_the_api_gives_a_404_for_another_members_slip_and_a_400_with_the_reason(
    member_api, other_member, member, days_ago
):
    theirs = SlipFactory(streak__user=other_member)
    assert member_api.post(f"/api/v1/streaks/slips/{theirs.pk}/undo/").status_code == 404
    assert Slip.objects.get(pk=theirs.pk).undone_at is None

    StreakFactory(user=member, start_date=days_ago(10))
    slip = services.slip_record(user=member, kind="answered")
    Slip.objects.filter(pk=slip.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    response = member_api.post(f"/api/v1/streaks/slips/{slip.pk}/undo/")

    assert response.status_code == 400
    assert "24 hours" in response.json()["message"]


# The pages


@pytest.mark.django_db
def test_the_journal_offers_the_undo_with_a_confirm_and_then_shows_it_undone(member_client, member, days_ago):
    StreakFactory(user=member, start_date=days_ago(10))
    slip = services.slip_record(user=member, kind="reached_out", note="Sent a text.")
    undo_url = f"/streak/slips/{slip.pk}/undo/"

    journal = member_client.get("/streak/journal/").content.decode()
    assert undo_url in journal
    assert undo_url in member_client.get("/streak/").content.decode()
    confirm = member_client.get(undo_url)
    assert confirm.status_code == 200
    assert "Yes, undo it" in confirm.content.decode()
    assert not Slip.objects.get(pk=slip.pk).undone_at  # a GET changes nothing

    response = member_client.post(undo_url, follow=True)

    assert response.redirect_chain[-1][0] == "/streak/"
    assert "runs on" in response.content.decode()
    assert "10 days" in " ".join(response.content.decode().split())
    journal = member_client.get("/streak/journal/").content.decode()
    assert "· undone" in journal
    assert undo_url not in journal
    assert "Sent a text." in journal


@pytest.mark.django_db
def test_the_page_explains_when_it_is_too_late(member_client, member, days_ago):
    StreakFactory(user=member, start_date=days_ago(10))
    slip = services.slip_record(user=member, kind="reached_out")
    Slip.objects.filter(pk=slip.pk).update(created_at=timezone.now() - dt.timedelta(days=2))

    page = member_client.get(f"/streak/slips/{slip.pk}/undo/").content.decode()
    refused = member_client.post(f"/streak/slips/{slip.pk}/undo/")

    assert "can no longer be undone" in page
    assert refused.status_code == 400
    assert "within 24 hours" in refused.content.decode()


@pytest.mark.django_db
def test_another_members_slip_undo_page_is_a_404(member_client, other_member):
    theirs = SlipFactory(streak__user=other_member)
    assert member_client.get(f"/streak/slips/{theirs.pk}/undo/").status_code == 404
    assert member_client.post(f"/streak/slips/{theirs.pk}/undo/").status_code == 404


# Two at once, on PostgreSQL


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_undos_at_once_give_one_result_and_no_error(member, days_ago):
    StreakFactory(user=member, start_date=days_ago(40))
    services.milestones_check(user=member)
    slip = services.slip_record(user=member, kind="reached_out", day=days_ago(20))
    barrier = threading.Barrier(2)
    real_get = services.slip_get

    def get_then_wait(**kwargs):
        found = real_get(**kwargs)
        barrier.wait(timeout=10)  # both have read the slip before either locks it
        return found

    def undo(i):
        client = APIClient()
        client.force_authenticate(member)
        return client.post(f"/api/v1/streaks/slips/{slip.pk}/undo/").status_code

    with mock.patch.object(services, "slip_get", get_then_wait):
        statuses = run_together(undo)

    assert sorted(statuses) == [200, 400]
    assert list(Streak.objects.filter(user=member).values_list("ended_on", flat=True)) == [None]
    assert _awarded(Streak.objects.get(user=member)) == [1, 3, 7, 14, 21, 30]
    assert _congratulations(member, 30) == 1


@pytest.mark.django_db
def test_a_milestone_celebrated_before_the_slip_is_not_celebrated_again_after_the_undo(
    member, days_ago, django_capture_on_commit_callbacks
):
    streak = StreakFactory(user=member, start_date=days_ago(40))
    with django_capture_on_commit_callbacks(execute=True):
        services.milestones_check(user=member)
    services.milestone_celebrated(user=member, award_id=MilestoneAward.objects.get(streak=streak, days=30).pk)
    slip = services.slip_record(user=member, kind="reached_out", day=days_ago(20))

    services.slip_undo(user=member, slip_id=slip.pk)

    assert MilestoneAward.objects.get(streak=streak, days=30).celebrated_at is not None
    assert dashboard_for(user=member).celebration is None
