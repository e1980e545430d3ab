import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.core import mail

from accounts.models import Notification
from streaks import tasks
from streaks.days import local_today
from streaks.models import MilestoneAward

from .factories import StreakFactory

pytestmark = pytest.mark.django_db


def test_the_sweep_runs_every_15_minutes_and_fully_once_a_day():
    schedule = {
        entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if "kwargs" not in entry
    }
    assert schedule["streaks.tasks.milestones_sweep"]["schedule"] <= 60 * 60
    full = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e.get("kwargs") == {"full": True}]
    assert full and full[0]["task"] == "streaks.tasks.milestones_sweep"


def test_the_delivery_task_is_safe_to_retry_and_to_lose_a_worker():
    task = tasks.milestone_congratulate
    assert task.acks_late and task.reject_on_worker_lost
    assert task.autoretry_for and task.retry_backoff and task.max_retries
    assert task.time_limit and task.soft_time_limit


def test_the_sweep_task_awards_and_congratulates_members_whose_days_passed(member, other_member, days_ago):
    StreakFactory(user=member, start_date=days_ago(45))
    StreakFactory(user=other_member, start_date=local_today(other_member.zone))
    assert tasks.milestones_sweep.delay().get() == 1
    assert MilestoneAward.objects.get(notify=True).days == 45
    assert Notification.objects.filter(recipient=member).count() == 1
    assert not Notification.objects.filter(recipient=other_member).exists()
    assert len(mail.outbox) == 1
    tasks.milestones_sweep.delay()
    assert Notification.objects.count() == 1


def test_a_failed_e_mail_leaves_the_award_undelivered_for_a_retry(member, monkeypatch, days_ago):
    StreakFactory(user=member, start_date=days_ago(3))
    monkeypatch.setattr(tasks.milestone_congratulate, "delay", lambda *a, **k: None)
    tasks.milestones_sweep.delay()
    award = MilestoneAward.objects.get(notify=True)

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("streaks.services.EmailMultiAlternatives.send", broken)
    with pytest.raises(Retry):
        tasks.milestone_congratulate.apply(args=[award.pk], throw=True)
    award.refresh_from_db()
    assert award.delivered_at is None
    assert not Notification.objects.exists()
