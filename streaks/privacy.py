"""A member's streaks, check-ins and evening reviews, morning pledges, urges, slips, milestones,
reasons and unsent letters: their data export section, and erasure."""

from typing import Any

from accounts.models import User

from .cache import members_changed
from .models import (
    CheckIn,
    Letter,
    MilestoneAward,
    Pledge,
    Reason,
    Reminder,
    Slip,
    Streak,
    StreakPreferences,
    Urge,
)


def _moment(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def streaks_export(user: User) -> dict[str, Any]:
    preferences = StreakPreferences.objects.filter(user=user).first()
    return {
        "preferences": {
            "logistics_ends_streak": preferences.logistics_ends_streak if preferences else False,
            "reminder_time": _moment(preferences.reminder_time) if preferences else None,
            "pledge_reminder_time": _moment(preferences.pledge_reminder_time) if preferences else None,
            "review_reminder_time": _moment(preferences.review_reminder_time) if preferences else None,
        },
        "streaks": [
            {
                "id": streak.pk,
                "start_date": _moment(streak.start_date),
                "last_contact_at": _moment(streak.last_contact_at),
                "ended_on": _moment(streak.ended_on),
                "end_kind": streak.end_kind,
                "created_at": _moment(streak.created_at),
            }
            for streak in Streak.objects.filter(user=user).order_by("start_date", "id")
        ],
        "checkins": [
            {
                "streak_id": checkin.streak_id,
                "day": _moment(checkin.day),
                "mood": checkin.mood,
                "note": checkin.note,
                "created_at": _moment(checkin.created_at),
                "evening_review_at": _moment(checkin.reviewed_at),
            }
            for checkin in CheckIn.objects.filter(user=user).order_by("day", "id")
        ],
        "morning_pledges": [
            {"day": _moment(pledge.day), "created_at": _moment(pledge.created_at)}
            for pledge in Pledge.objects.filter(user=user).order_by("day", "id")
        ],
        "urges": [
            {
                "streak_id": urge.streak_id,
                "occurred_at": _moment(urge.occurred_at),
                "strength": urge.strength,
                "action": urge.action,
                "ex_reached_out": urge.ex_reached_out,
                "held_on": urge.held_on,
                "note": urge.note,
            }
            for urge in Urge.objects.filter(user=user).order_by("occurred_at", "id")
        ],
        "slips": [
            {
                "streak_id": slip.streak_id,
                "day": _moment(slip.day),
                "kind": slip.kind,
                "ended_streak": slip.ended_streak,
                "note": slip.note,
                "created_at": _moment(slip.created_at),
                "undone_at": _moment(slip.undone_at),
            }
            for slip in Slip.objects.filter(user=user).order_by("day", "id")
        ],
        "milestones": [
            {
                "streak_id": award.streak_id,
                "days": award.days,
                "reached_on": _moment(award.reached_on),
                "awarded_at": _moment(award.awarded_at),
                "shared_at": _moment(award.shared_at),
                "celebrated_at": _moment(award.celebrated_at),
            }
            for award in MilestoneAward.objects.filter(streak__user=user)
            .select_related("streak")
            .order_by("awarded_at", "days")
        ],
        "reasons": [
            {"text": reason.text, "position": reason.position, "created_at": _moment(reason.created_at)}
            for reason in Reason.objects.filter(user=user).order_by("position", "id")
        ],
        "unsent_letters": [
            {
                "body": letter.body,
                "created_at": _moment(letter.created_at),
                "updated_at": _moment(letter.updated_at),
                "glad_i_did_not_send_it_at": _moment(letter.glad_at),
                "read_it_again_on": _moment(letter.read_again_on),
                "read_it_again_reminded_at": _moment(letter.read_again_sent_at),
            }
            for letter in Letter.objects.filter(user=user).order_by("created_at", "id")
        ],
    }


def streaks_erase(user: User, keep_posts: bool) -> None:
    """Everything here is private to the member: it all goes, whatever they chose for their posts."""
    Letter.objects.filter(user=user).delete()
    Reason.objects.filter(user=user).delete()
    Pledge.objects.filter(user=user).delete()
    Urge.objects.filter(user=user).delete()
    CheckIn.objects.filter(user=user).delete()
    Slip.objects.filter(user=user).delete()
    MilestoneAward.objects.filter(streak__user=user).delete()
    Streak.objects.filter(user=user).delete()
    StreakPreferences.objects.filter(user=user).delete()
    Reminder.objects.filter(user=user).delete()
    members_changed([user.pk])
