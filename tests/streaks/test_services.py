import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import Notification
from community.exceptions import ApplicationError
from streaks import services
from streaks.models import CheckIn, MilestoneAward, Slip, Streak, StreakPreferences
from streaks.selectors import figures_for
from tests.factories import UserFactory

from .factories import StreakFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what services enqueue after commit (Celery is eager in tests)."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def test_a_streak_started_today_counts_zero_days_and_awards_nothing(member, today):
    streak = services.streak_start(user=member)
    assert streak.start_date == today
    assert figures_for(user=member).days == 0
    assert not MilestoneAward.objects.exists()


def test_a_start_in_the_future_is_refused_with_a_clear_message(member, today):
    with pytest.raises(ApplicationError, match="in the future") as error:
        services.streak_start(user=member, start_date=today + dt.timedelta(days=1))
    assert error.value.field == "start_date"
    assert not Streak.objects.exists()


def test_a_back_dated_start_awards_every_milestone_crossed_and_congratulates_once_for_the_highest(
    member, days_ago, run_on_commit
):
    run_on_commit(lambda: services.streak_start(user=member, start_date=days_ago(12)))

    awards = dict(MilestoneAward.objects.values_list("days", "notify"))
    assert awards == {1: False, 3: False, 7: True}
    notifications = list(Notification.objects.filter(recipient=member))
    assert [n.title for n in notifications] == ["You reached 7 days without contact!"]
    assert len(mail.outbox) == 1
    assert "7 days" in mail.outbox[0].subject
    assert MilestoneAward.objects.get(days=7).delivered_at is not None


def test_only_one_active_streak_per_member(member):
    services.streak_start(user=member)
    with pytest.raises(ApplicationError, match="already have a streak"):
        services.streak_start(user=member)


def test_the_database_refuses_a_second_active_streak(member, days_ago):
    StreakFactory(user=member, start_date=days_ago(3))
    with pytest.raises(IntegrityError):
        Streak.objects.create(user=member, start_date=days_ago(1))


def test_last_contact_after_the_start_date_is_refused(member, days_ago):
    later = timezone.now()
    with pytest.raises(ApplicationError) as error:
        services.streak_start(user=member, start_date=days_ago(3), last_contact_at=later)
    assert error.value.field == "last_contact_at"


def test_a_new_streak_cannot_overlap_an_ended_one(member, days_ago):
    Streak.objects.create(user=member, start_date=days_ago(30), ended_on=days_ago(10))
    with pytest.raises(ApplicationError, match="at the earliest"):
        services.streak_start(user=member, start_date=days_ago(15))


def test_checking_in_twice_the_same_day_updates_the_mood_and_note_given(member, days_ago):
    services.streak_start(user=member, start_date=days_ago(2))
    first, created = services.checkin_record(user=member, mood=4, note="a calm day")
    second, created_again = services.checkin_record(user=member, mood=1, note="changed my mind")
    assert created and not created_again
    assert second.pk == first.pk
    assert CheckIn.objects.values_list("mood", "note").get() == (1, "changed my mind")
    services.checkin_record(user=member)  # a plain "I held on" keeps what was written
    assert CheckIn.objects.values_list("mood", "note").get() == (1, "changed my mind")


def test_backfill_inside_the_streak_but_never_in_the_future_or_before_it(member, days_ago, today):
    services.streak_start(user=member, start_date=days_ago(5))
    checkin, created = services.checkin_record(user=member, day=days_ago(3))
    assert created and checkin.day == days_ago(3)
    with pytest.raises(ApplicationError, match="not a future one"):
        services.checkin_record(user=member, day=today + dt.timedelta(days=1))
    with pytest.raises(ApplicationError, match="before your streak began"):
        services.checkin_record(user=member, day=days_ago(6))


def test_a_check_in_without_a_streak_is_refused_kindly(member):
    with pytest.raises(ApplicationError, match="Start your streak first"):
        services.checkin_record(user=member)


def test_a_mood_outside_1_to_5_is_refused(member):
    services.streak_start(user=member)
    with pytest.raises(Exception, match="less than or equal to 5"):
        services.checkin_record(user=member, mood=6)
    assert not CheckIn.objects.exists()


def test_a_check_in_detects_the_milestone_reached_by_the_passing_days(member, days_ago, run_on_commit):
    StreakFactory(user=member, start_date=days_ago(3))
    run_on_commit(lambda: services.checkin_record(user=member))
    assert set(MilestoneAward.objects.values_list("days", flat=True)) == {1, 3}
    assert Notification.objects.filter(recipient=member, title__contains="3 days").count() == 1


def test_the_ex_reaching_out_without_an_answer_is_an_urge_held(member):
    services.streak_start(user=member)
    urge = services.urge_log(user=member, strength=4, action="text", ex_reached_out=True)
    assert urge.held_on and urge.ex_reached_out and urge.streak is not None
    assert figures_for(user=member).urges_held == 1


def test_an_urge_in_the_future_is_refused(member):
    with pytest.raises(ApplicationError):
        services.urge_log(
            user=member, strength=2, action="call", occurred_at=timezone.now() + dt.timedelta(hours=2)
        )


def test_a_slip_ends_the_streak_that_day_and_a_new_one_starts_the_next_day(member, days_ago):
    old = StreakFactory(user=member, start_date=days_ago(40))
    services.checkin_record(user=member, day=days_ago(1))
    slip = services.slip_record(user=member, kind="reached_out", day=days_ago(10))

    old.refresh_from_db()
    assert old.ended_on == days_ago(10) and old.end_kind == "reached_out"
    fresh = Streak.objects.get(ended_on__isnull=True)
    assert fresh.start_date == days_ago(9)
    assert slip.ended_streak
    assert CheckIn.objects.get().streak == fresh
    figures = figures_for(user=member)
    assert (figures.days, figures.longest_days, figures.total_days) == (9, 30, 39)


def test_a_slip_can_restart_on_a_day_the_member_picks(member, days_ago):
    StreakFactory(user=member, start_date=days_ago(40))
    services.slip_record(user=member, kind="answered", day=days_ago(10), restart_on=days_ago(5))
    assert Streak.objects.get(ended_on__isnull=True).start_date == days_ago(5)
    with pytest.raises(ApplicationError):
        services.slip_record(user=member, kind="answered", day=days_ago(2), restart_on=days_ago(3))


def test_a_slip_today_starts_fresh_tomorrow(member, today):
    StreakFactory(user=member, start_date=today - dt.timedelta(days=4))
    services.slip_record(user=member, kind="reached_out")
    figures = figures_for(user=member)
    assert figures.starts_in_future and figures.days == 0
    assert figures.total_days == 4


def test_logistics_end_the_streak_only_when_the_member_says_so(member, days_ago):
    streak = StreakFactory(user=member, start_date=days_ago(20))
    slip = services.slip_record(user=member, kind="logistics", day=days_ago(2))
    assert not slip.ended_streak
    streak.refresh_from_db()
    assert streak.is_active

    services.preferences_update(user=member, logistics_ends_streak=True)
    assert StreakPreferences.objects.get(user=member).logistics_ends_streak
    assert services.slip_record(user=member, kind="logistics", day=days_ago(1)).ended_streak
    assert Streak.objects.filter(user=member).count() == 2
    assert Slip.objects.count() == 2


def test_a_slip_in_the_future_or_before_the_streak_is_refused(member, today, days_ago):
    StreakFactory(user=member, start_date=days_ago(3))
    with pytest.raises(ApplicationError):
        services.slip_record(user=member, kind="reached_out", day=today + dt.timedelta(days=1))
    with pytest.raises(ApplicationError):
        services.slip_record(user=member, kind="reached_out", day=days_ago(4))


def test_delivering_an_award_twice_congratulates_once(member, days_ago):
    StreakFactory(user=member, start_date=days_ago(30))
    award = services.milestones_check(user=member)[0]
    top = MilestoneAward.objects.get(notify=True)
    assert top.days == 30 and award.streak.user == member

    assert services.award_deliver(award_id=top.pk) is True
    assert services.award_deliver(award_id=top.pk) is False
    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    html = message.alternatives[0][0]
    assert "30" in html and "/streak/" in html and "/streak/history/#award-" in message.body


def test_no_e_mail_for_a_member_who_does_not_want_them(days_ago, run_on_commit):
    member = UserFactory(email_on_milestone=False)
    run_on_commit(
        lambda: StreakFactory(user=member, start_date=days_ago(7)) and services.milestones_check(user=member)
    )
    assert Notification.objects.filter(recipient=member).count() == 1
    assert mail.outbox == []


def test_the_check_in_succeeds_when_the_broker_is_unreachable_and_the_sweep_delivers_later(
    member, days_ago, run_on_commit
):
    StreakFactory(user=member, start_date=days_ago(14))
    with mock.patch(
        "streaks.tasks.milestone_congratulate.delay", side_effect=OperationalError("connection refused")
    ):
        _, created = run_on_commit(lambda: services.checkin_record(user=member))
    assert created
    award = MilestoneAward.objects.get(notify=True)
    assert award.days == 14 and award.delivered_at is None
    assert not Notification.objects.exists()

    due = services.milestones_sweep(now=timezone.now() + services.REDELIVER_AFTER)
    assert due == [award.pk]
    services.award_deliver(award_id=award.pk)
    assert Notification.objects.filter(recipient=member).count() == 1


def test_changing_time_zone_moves_only_today_and_never_awards_twice(days_ago):
    member = UserFactory(timezone="Pacific/Kiritimati")
    StreakFactory(user=member, start_date=days_ago(7))
    services.milestones_check(user=member)
    member.timezone = "Pacific/Pago_Pago"  # 25 hours behind: "today" goes back a day
    member.save()
    services.milestones_check(user=member)
    member.timezone = "Pacific/Kiritimati"
    member.save()
    services.milestones_check(user=member)
    assert sorted(MilestoneAward.objects.values_list("days", flat=True)) == [1, 3, 7]
    assert MilestoneAward.objects.filter(notify=True).count() == 1
