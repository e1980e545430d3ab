"""A slip recorded for a day in the past: the streak ended that day, so the milestones it was
thought to have reached since are taken back, and their congratulation is never sent."""

import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Notification
from streaks import services, tasks
from streaks.models import MilestoneAward, Streak
from streaks.selectors import figures_for
from tests.concurrency import run_together
from tests.waiting import wait_for

from .factories import StreakFactory


def _awarded(streak: Streak) -> list[int]:
    return sorted(MilestoneAward.objects.filter(streak=streak).values_list("days", flat=True))


def _forty_days_with_the_30_day_milestone_delivered(member, days_ago, django_capture_on_commit_callbacks):
    streak = StreakFactory(user=member, start_date=days_ago(40))
    with django_capture_on_commit_callbacks(execute=True):
        services.milestones_check(user=member)
    assert MilestoneAward.objects.get(streak=streak, days=30).delivered_at is not None
    mail.outbox.clear()
    return streak


@pytest.mark.django_db
def test_milestones_after_the_slip_day_are_withdrawn_and_the_figures_stay_true(
    member, days_ago, django_capture_on_commit_callbacks
):
    ended = _forty_days_with_the_30_day_milestone_delivered(
        member, days_ago, django_capture_on_commit_callbacks
    )

    services.slip_record(user=member, kind="reached_out", day=days_ago(20))

    assert _awarded(ended) == [1, 3, 7, 14]
    fresh = Streak.objects.get(user=member, ended_on__isnull=True)
    assert _awarded(fresh) == [1, 3, 7, 14]
    figures = figures_for(user=member)
    assert figures.longest_days == 20
    assert figures.total_days == 20 + 19


@pytest.mark.django_db
def test_a_slip_on_the_first_day_leaves_that_streak_no_milestone(member, days_ago):
    ended = StreakFactory(user=member, start_date=days_ago(10))
    services.milestones_check(user=member)

    services.slip_record(user=member, kind="answered", day=days_ago(10), restart_on=days_ago(0))

    assert _awarded(ended) == []


@pytest.mark.django_db
def test_a_congratulation_already_delivered_is_never_sent_again(
    member, days_ago, django_capture_on_commit_callbacks
):
    _forty_days_with_the_30_day_milestone_delivered(member, days_ago, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=member, title__contains="30 days").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.slip_record(user=member, kind="reached_out", day=days_ago(20))
    later = services.milestones_sweep(full=True)
    for award_id in later:
        services.award_deliver(award_id=award_id)

    assert Notification.objects.filter(recipient=member, title__contains="30 days").count() == 1
    assert not [message for message in mail.outbox if "30 days" in message.subject]


@pytest.mark.django_db
def test_an_award_not_yet_delivered_is_never_sent_after_the_slip(member, days_ago, monkeypatch):
    StreakFactory(user=member, start_date=days_ago(40))
    # The broker lost the congratulation: the award waits for the sweep.
    monkeypatch.setattr(tasks.milestone_congratulate, "delay", lambda *args, **kwargs: None)
    services.milestones_sweep(full=True)
    waiting = MilestoneAward.objects.get(notify=True, delivered_at__isnull=True)
    assert waiting.days == 30

    services.slip_record(user=member, kind="reached_out", day=days_ago(20))

    assert not services.award_deliver(award_id=waiting.pk)
    due = services.milestones_sweep(now=timezone.now() + services.REDELIVER_AFTER, full=True)
    assert waiting.pk not in due
    for award_id in due:
        services.award_deliver(award_id=award_id)
    titles = list(Notification.objects.filter(recipient=member).values_list("title", flat=True))
    assert titles == ["You reached 14 days without contact!"]
    assert [message.subject for message in mail.outbox if "30" in message.subject] == []


@pytest.mark.django_db
def test_the_api_and_the_history_page_show_only_the_real_milestones(
    member, member_api, member_client, days_ago, django_capture_on_commit_callbacks
):
    ended = _forty_days_with_the_30_day_milestone_delivered(
        member, days_ago, django_capture_on_commit_callbacks
    )
    withdrawn = list(MilestoneAward.objects.filter(streak=ended, days__gt=14).values_list("pk", flat=True))
    assert sorted(MilestoneAward.objects.filter(pk__in=withdrawn).values_list("days", flat=True)) == [21, 30]

    response = member_api.post(
        "/api/v1/streaks/slips/create/",
        {"contact_kind": "reached_out", "day": days_ago(20).isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.content

    listed = member_api.get("/api/v1/streaks/milestones/").json()["results"]
    assert sorted(item["days"] for item in listed if item["streak"] == ended.pk) == [1, 3, 7, 14]
    assert not {item["id"] for item in listed} & set(withdrawn)
    history = {item["id"]: item for item in member_api.get("/api/v1/streaks/history/").json()["results"]}
    assert history[ended.pk]["days"] == 20

    page = member_client.get("/streak/history/").content.decode()
    assert "Streak: 20 days" in page
    for award_id in withdrawn:
        assert f'id="award-{award_id}"' not in page
    assert "21 days" not in page
    assert "30 days" not in page
    for award_id in withdrawn:
        assert member_api.post(f"/api/v1/streaks/milestones/{award_id}/share/").status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_delivery_waiting_on_the_award_finds_nothing_once_the_slip_is_saved(member, days_ago):
    """The worker locks the award row while the slip's transaction deletes it: it waits, then sees
    no row, so nothing is sent."""
    StreakFactory(user=member, start_date=days_ago(40))
    with mock.patch.object(tasks.milestone_congratulate, "delay"):
        services.milestones_sweep(full=True)
    waiting = MilestoneAward.objects.get(notify=True, delivered_at__isnull=True)
    slipped, release = threading.Event(), threading.Event()

    def work(i):
        if i == 0:
            with transaction.atomic():
                services.slip_record(user=member, kind="reached_out", day=days_ago(20))
                slipped.set()
                release.wait(timeout=30)
            return None
        slipped.wait(timeout=30)
        return services.award_deliver(award_id=waiting.pk)

    def a_delivery_is_waiting_for_the_lock():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            return cursor.fetchone()[0] > 0

    def watch():
        try:
            wait_for(a_delivery_is_waiting_for_the_lock, "the delivery to wait for the award row")
        finally:
            release.set()
            connection.close()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        results = run_together(work)
    finally:
        release.set()
        watcher.join(timeout=60)

    assert results[1] is False
    assert not Notification.objects.filter(recipient=member, title__contains="30 days").exists()
    assert not MilestoneAward.objects.filter(pk=waiting.pk).exists()
