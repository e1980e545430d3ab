"""Races on PostgreSQL: simultaneous check-ins, sweeps and deliveries make one row, one message."""

import threading
from unittest import mock

import pytest
from django.core import mail

from accounts.models import Notification
from streaks import services, tasks
from streaks.models import CheckIn, MilestoneAward
from tests.concurrency import run_together

from .factories import StreakFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _wait_at(barrier, real):
    """Wrap `real` so that both threads are past it before either goes on."""

    def wrapped(*args, **kwargs):
        result = real(*args, **kwargs)
        barrier.wait(timeout=10)
        return result

    return wrapped


def test_two_check_ins_at_once_make_one_row_one_award_one_congratulation(member, days_ago):
    StreakFactory(user=member, start_date=days_ago(7))
    barrier = threading.Barrier(2)
    with mock.patch.object(services, "_active_streak", _wait_at(barrier, services._active_streak)):
        results = run_together(lambda i: services.checkin_record(user=member, mood=i + 1))

    assert CheckIn.objects.count() == 1
    (first, first_created), (second, second_created) = results
    assert first.pk == second.pk
    assert sorted([first_created, second_created]) == [False, True]
    assert sorted(MilestoneAward.objects.values_list("days", flat=True)) == [1, 3, 7]
    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mail.outbox) == 1


def test_two_beat_sweeps_at_once_award_and_deliver_once(member, other_member, days_ago):
    StreakFactory(user=member, start_date=days_ago(30))
    StreakFactory(user=other_member, start_date=days_ago(3))
    barrier = threading.Barrier(2)
    with mock.patch.object(services, "_awards_insert", _wait_at(barrier, services._awards_insert)):
        run_together(lambda i: tasks.milestones_sweep())

    assert MilestoneAward.objects.filter(streak__user=member, days=30, notify=True).count() == 1
    assert MilestoneAward.objects.filter(streak__user=other_member, days=3, notify=True).count() == 1
    assert MilestoneAward.objects.filter(notify=True, delivered_at__isnull=True).count() == 0
    assert Notification.objects.filter(recipient=member).count() == 1
    assert Notification.objects.filter(recipient=other_member).count() == 1
    assert len(mail.outbox) == 2


def test_one_award_delivered_by_two_workers_at_once_is_sent_once(member, days_ago):
    StreakFactory(user=member, start_date=days_ago(14))
    with mock.patch.object(tasks.milestone_congratulate, "delay"):
        services.milestones_check(user=member)
    award = MilestoneAward.objects.get(notify=True)
    barrier = threading.Barrier(2)

    def deliver(i):
        barrier.wait(timeout=10)
        return services.award_deliver(award_id=award.pk)

    assert sorted(run_together(deliver)) == [False, True]
    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mail.outbox) == 1


def test_two_same_day_check_ins_at_once_through_the_api_make_one_row_and_keep_a_note(member, days_ago):
    from rest_framework.test import APIClient

    StreakFactory(user=member, start_date=days_ago(3))
    barrier = threading.Barrier(2)

    def post(i):
        client = APIClient()
        client.force_authenticate(member)
        return client.post(
            "/api/v1/streaks/checkins/create/", {"mood": i + 1, "note": f"note {i}"}, format="json"
        )

    with mock.patch.object(services, "_active_streak", _wait_at(barrier, services._active_streak)):
        responses = run_together(post)

    assert sorted(response.status_code for response in responses) == [200, 201]
    assert CheckIn.objects.count() == 1
    # The one that found the day taken added its mood and note to it: neither was dropped silently.
    second = next(i for i, response in enumerate(responses) if response.status_code == 200)
    assert CheckIn.objects.values_list("mood", "note").get() == (second + 1, f"note {second}")
    assert (responses[second].json()["mood"], responses[second].json()["note"]) == (
        second + 1,
        f"note {second}",
    )
