"""Every change to streaks, check-ins, urges, slips and milestone awards goes through here."""

import datetime as dt
import logging
import uuid
import zoneinfo
from collections import defaultdict
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, User
from accounts.services import (
    notification_create,
    notification_email_send,
    notifications_create,
    notifications_create_linked,
)
from community.exceptions import ApplicationError
from community.mail import email_render, message_id
from community.outbox import REDELIVER_AFTER, enqueue_on_commit

from . import days as streak_days
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
from .selectors import checkin_get, letter_get, reason_get, reasons_for, slip_get, urge_get

if TYPE_CHECKING:
    from forum.models import Thread

logger = logging.getLogger(__name__)

# Counting starts no earlier than this: an older date is a typing slip, not a streak.
EARLIEST_START = dt.date(1970, 1, 1)

# The sweep runs every few minutes; it looks back this far for milestones it may have missed.
SWEEP_WINDOW = dt.timedelta(days=14)


def _today(user: User) -> dt.date:
    return streak_days.local_today(user.zone)


def _active_streak(user: User, *, lock: bool = False) -> Streak | None:
    streaks = Streak.objects.filter(user=user, ended_on__isnull=True)
    if lock:
        streaks = streaks.select_for_update()
    return streaks.first()


def _save(instance) -> None:
    instance.full_clean()
    instance.save()


@transaction.atomic
def streak_start(
    *, user: User, start_date: dt.date | None = None, last_contact_at: dt.datetime | None = None
) -> Streak:
    """Start counting, today or from a past date the member already held."""
    today = _today(user)
    start_date = start_date or today
    if start_date > today:
        raise ApplicationError(
            "Your start date is in the future. Pick today or a day you have already held.", field="start_date"
        )
    if start_date < EARLIEST_START:
        raise ApplicationError(
            f"Please pick a start date from {EARLIEST_START:%d %B %Y} on.", field="start_date"
        )
    if last_contact_at is not None:
        if timezone.is_naive(last_contact_at):
            raise ApplicationError("Please give the time with its time zone.", field="last_contact_at")
        if last_contact_at > timezone.now():
            raise ApplicationError(
                "The time of last contact cannot be in the future.", field="last_contact_at"
            )
        if last_contact_at.astimezone(user.zone).date() > start_date:
            raise ApplicationError(
                "The last contact is after your start date. Start on the day after it.",
                field="last_contact_at",
            )
    if _active_streak(user) is not None:
        raise ApplicationError("You already have a streak running.", field="start_date")
    previous_end = (
        Streak.objects.filter(user=user).order_by("-ended_on").values_list("ended_on", flat=True).first()
    )
    if previous_end is not None and start_date <= previous_end:
        raise ApplicationError(
            f"Your new streak can start on {previous_end + dt.timedelta(days=1):%d %B %Y} at the earliest.",
            field="start_date",
        )
    streak = Streak(user=user, start_date=start_date, last_contact_at=last_contact_at)
    streak.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            streak.save()
    except IntegrityError as error:
        raise ApplicationError("You already have a streak running.", field="start_date") from error
    milestones_award(streak=streak, today=today)
    return streak


def checkin_record(
    *, user: User, day: dt.date | None = None, mood: int | None = None, note: str = ""
) -> tuple[CheckIn, bool]:
    """Check in for today, or backfill a past day of the streak. Returns (check-in, created).

    One check-in per local day: checking in again for the same day updates its mood and note with
    what is given this time (a plain "I held on" keeps them), so nothing written is ever dropped.
    """
    today = _today(user)
    day = day or today
    if day > today:
        raise ApplicationError("You can check in for today or a past day, not a future one.", field="day")
    with transaction.atomic():
        existing = CheckIn.objects.select_for_update().filter(user=user, day=day).first()
        if existing is not None:
            return _checkin_add(existing, mood=mood, note=note), False
        streak = _active_streak(user)
        if streak is None:
            raise ApplicationError("Start your streak first, then check in.", field="day")
        if day < streak.start_date:
            message = (
                "Your fresh start begins tomorrow: check in then."
                if streak.start_date > today
                else f"That day is before your streak began on {streak.start_date:%d %B %Y}."
            )
            raise ApplicationError(message, field="day")
        checkin = CheckIn(user=user, streak=streak, day=day, mood=mood, note=note)
        checkin.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                checkin.save()
        except IntegrityError:
            # The same day checked in at the same moment from elsewhere: theirs stands, ours adds to it.
            existing = CheckIn.objects.select_for_update().filter(user=user, day=day).first()
            if existing is None:
                raise
            return _checkin_add(existing, mood=mood, note=note), False
        milestones_award(streak=streak, today=today)
    return checkin, True


def _checkin_add(checkin: CheckIn, *, mood: int | None, note: str) -> CheckIn:
    changed = []
    if mood is not None and mood != checkin.mood:
        checkin.mood = mood
        changed.append("mood")
    if note and note != checkin.note:
        checkin.note = note
        changed.append("note")
    if changed:
        checkin.full_clean(validate_constraints=False)
        checkin.save(update_fields=changed)
    return checkin


def urge_log(
    *,
    user: User,
    strength: int,
    action: str,
    held_on: bool = True,
    ex_reached_out: bool = False,
    note: str = "",
    occurred_at: dt.datetime | None = None,
) -> Urge:
    """Log an urge. "My ex reached out and I did not answer" is an urge held."""
    now = timezone.now()
    occurred_at = occurred_at or now
    if timezone.is_naive(occurred_at):
        raise ApplicationError("Please give the time with its time zone.", field="occurred_at")
    if occurred_at > now + dt.timedelta(minutes=5):
        raise ApplicationError("That time is in the future.", field="occurred_at")
    urge = Urge(
        user=user,
        streak=_active_streak(user),
        occurred_at=occurred_at,
        strength=strength,
        action=action,
        held_on=held_on,
        ex_reached_out=ex_reached_out,
        note=note,
    )
    _save(urge)
    return urge


def preferences_get(*, user: User) -> StreakPreferences:
    return StreakPreferences.objects.filter(user=user).first() or StreakPreferences(user=user)


def preferences_update(*, user: User, logistics_ends_streak: bool) -> StreakPreferences:
    preferences, _ = StreakPreferences.objects.update_or_create(
        user=user, defaults={"logistics_ends_streak": logistics_ends_streak}
    )
    return preferences


# The three daily reminders: the member's local time for each, what makes it needless that day, and
# what it says. Each is sent at most once per member and local day.
REMINDER_FIELDS: dict[str, str] = {
    Reminder.Kind.CHECKIN: "reminder_time",
    Reminder.Kind.PLEDGE: "pledge_reminder_time",
    Reminder.Kind.REVIEW: "review_reminder_time",
}
REMINDER_TEXTS: dict[str, tuple[str, str, str]] = {
    Reminder.Kind.CHECKIN: (
        "A moment to check in",
        "How is today going? One tap records another day held.",
        "streaks:checkin",
    ),
    Reminder.Kind.PLEDGE: (
        "Your morning pledge",
        "Today I keep no contact: one tap to promise it to yourself.",
        "streaks:pledge",
    ),
    Reminder.Kind.REVIEW: (
        "How was today?",
        "A minute to look back on the day: a mood and a few words, just for you.",
        "streaks:review",
    ),
}


def reminder_set(*, user: User, **times: dt.time | None) -> StreakPreferences:
    """The local times of the member's daily reminders (`reminder_time` to check in,
    `pledge_reminder_time`, `review_reminder_time`); None turns one off, one not given is kept."""
    unknown = set(times) - set(REMINDER_FIELDS.values())
    if unknown:
        raise ValueError(f"Not a reminder: {', '.join(sorted(unknown))}")
    preferences, _ = StreakPreferences.objects.update_or_create(user=user, defaults=times)
    return preferences


# A reminder not sent within this long after its time (the beat was down) waits for the next day:
# a reminder to check in is no use late at night, nor right after choosing an earlier time.
REMINDER_WINDOW = dt.timedelta(hours=2)


def _reminder_needless(kind: str, day: dt.date) -> QuerySet:
    """What makes a reminder of this kind needless on the member's local day."""
    if kind == Reminder.Kind.PLEDGE:
        return Pledge.objects.filter(user_id=OuterRef("user_id"), day=day)
    checked_in = CheckIn.objects.filter(user_id=OuterRef("user_id"), day=day)
    return checked_in.filter(reviewed_at__isnull=False) if kind == Reminder.Kind.REVIEW else checked_in


@transaction.atomic
def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind every member whose reminder time (to check in, to pledge, to review the day) has come
    in their zone (within REMINDER_WINDOW, so a time just before midnight is still reminded by the
    first sweep after it), who has not done it that day and was not reminded of it that day;
    returns how many reminders were sent.

    Set-based: a member's local day and time depend only on their zone, so one query covers all
    members, zone by zone and kind by kind, and the count of queries does not grow with members.
    The unique row per member, local day and kind makes it exactly once, even when two sweeps run
    at once (only the sweep that wrote a row sends it) or a local hour repeats when clocks go back.
    """
    now = now or timezone.now()
    any_time = Q()
    for field in REMINDER_FIELDS.values():
        any_time |= Q(**{f"{field}__isnull": False})
    with_reminder = StreakPreferences.objects.filter(any_time, user__is_active=True)
    zones = list(with_reminder.values_list("user__timezone", flat=True).distinct().order_by())
    if not zones:
        return 0
    due_by_kind = {kind: Q(pk__in=[]) for kind in REMINDER_FIELDS}
    # Per zone, the local days whose reminder times fall in the window, each as (day, after, until):
    # reminder time > after (None: from midnight) and <= until (None: to midnight).
    windows: dict[str, list[tuple[dt.date, dt.time | None, dt.time | None]]] = {}
    for zone in zones:
        local = now.astimezone(zoneinfo.ZoneInfo(zone))
        since = local - REMINDER_WINDOW  # wall-clock time, so a skipped or repeated hour is in it once
        if since.date() == local.date():
            windows[zone] = [(local.date(), since.time(), local.time())]
        else:
            # The window began yesterday: today's times up to now, and yesterday's late in the
            # evening that no sweep before midnight reached, still for yesterday.
            windows[zone] = [(local.date(), None, local.time()), (since.date(), since.time(), None)]
        for day, after, until in windows[zone]:
            for kind, field in REMINDER_FIELDS.items():
                times = Q()
                if after is not None:
                    times &= Q(**{f"{field}__gt": after})
                if until is not None:
                    times &= Q(**{f"{field}__lte": until})
                done = _reminder_needless(kind, day)
                reminded = Reminder.objects.filter(user_id=OuterRef("user_id"), day=day, kind=kind)
                due_by_kind[kind] |= Q(user__timezone=zone) & times & ~Exists(done) & ~Exists(reminded)
    first, *rest = [
        with_reminder.filter(due)
        .annotate(reminder_kind=Value(kind, output_field=CharField()))
        .values_list("user_id", "user__timezone", REMINDER_FIELDS[kind], "reminder_kind")
        for kind, due in due_by_kind.items()
    ]
    due_rows = list(first.union(*rest, all=True))
    if not due_rows:
        return 0

    def day_of(zone: str, at: dt.time | None) -> dt.date:
        assert at is not None, "only members with a reminder time are due"
        return next(
            day
            for day, after, until in windows[zone]
            if (after is None or at > after) and (until is None or at <= until)
        )

    run = uuid.uuid4()
    Reminder.objects.bulk_create(
        [
            Reminder(user_id=user_id, day=day_of(zone, at), kind=kind, sent_at=now, run=run)
            for user_id, zone, at, kind in due_rows
        ],
        ignore_conflicts=True,
    )
    by_kind: dict[str, list[User]] = defaultdict(list)
    for reminder in Reminder.objects.filter(run=run).select_related("user"):
        by_kind[reminder.kind].append(reminder.user)
    sent = 0
    for reminder_kind, members in by_kind.items():
        title, body, url_name = REMINDER_TEXTS[reminder_kind]
        sent += notifications_create(
            recipients=members,
            kind=Notification.Kind.REMINDER,
            title=title,
            body=body,
            url=reverse(url_name),
            deliver=True,
        )
    return sent


# The morning pledge and the evening review, in the member's own day.


def pledge_make(*, user: User) -> tuple[Pledge, bool]:
    """ "Today I keep no contact": once a local day; a second tap returns the first. (pledge, created)"""
    today = _today(user)
    pledge, created = Pledge.objects.get_or_create(
        user=user, day=today, defaults={"created_at": timezone.now()}
    )
    return pledge, created


@transaction.atomic
def review_record(*, user: User, mood: int | None, note: str = "") -> CheckIn:
    """ "How was today?": a mood and a note recorded with today's check-in (checking in if the
    member had not yet), marked as the day's evening review."""
    if mood is None:
        raise ApplicationError("Please choose how today was.", field="mood")
    checkin, _ = checkin_record(user=user, mood=mood, note=note.strip())
    checkin.reviewed_at = timezone.now()
    checkin.save(update_fields=["reviewed_at"])
    return checkin


@transaction.atomic
def slip_record(
    *, user: User, kind: str, day: dt.date | None = None, note: str = "", restart_on: dt.date | None = None
) -> Slip:
    """Record contact. It ends the streak on that day (unless it was logistics the member does not
    count) and a new streak starts the next day, or on a later day the member picks."""
    today = _today(user)
    day = day or today
    if day > today:
        raise ApplicationError("That day has not happened yet.", field="day")
    if kind not in Streak.EndKind.values:
        raise ApplicationError("Please choose what happened.", field="kind")
    streak = _active_streak(user, lock=True)
    if streak is None:
        raise ApplicationError("There is no streak running to record this against.", field="day")
    if day < streak.start_date:
        raise ApplicationError(
            f"Your current streak began on {streak.start_date:%d %B %Y}; pick that day or later.", field="day"
        )
    ends = kind != Streak.EndKind.LOGISTICS or preferences_get(user=user).logistics_ends_streak
    slip = Slip(user=user, streak=streak, day=day, kind=kind, note=note, ended_streak=ends)
    _save(slip)
    if not ends:
        return slip

    restart_on = restart_on or day + dt.timedelta(days=1)
    latest_restart = max(today, day + dt.timedelta(days=1))
    if not day < restart_on <= latest_restart:
        raise ApplicationError(
            "Your new start can be any day after the contact, up to today.", field="restart_on"
        )
    streak.ended_on = day
    streak.end_kind = kind
    streak.save(update_fields=["ended_on", "end_kind"])
    fresh = Streak.objects.create(user=user, start_date=restart_on)
    slip.withdrawn_awards = _awards_withdraw_beyond_end(streak=streak)
    slip.save(update_fields=["withdrawn_awards"])
    CheckIn.objects.filter(streak=streak, day__gte=restart_on).update(streak=fresh)
    Urge.objects.filter(streak=streak, occurred_at__date__gte=restart_on).update(streak=fresh)
    milestones_award(streak=fresh, today=today)
    return slip


def slip_undo(*, user: User, slip_id: int) -> Slip:
    """Undo a slip recorded by mistake, within SLIP_UNDO_WINDOW of recording it.

    The streak it ended runs on as if it never had: it is reopened, and the streak the slip
    started is folded back into it (its check-ins, urges and logistics notes move back; its own
    milestones go, as the reopened streak reached them long ago). The awards the slip withdrew come
    back as they were, so a congratulation already sent is not sent again; a milestone reached in
    between is awarded and congratulated once. The slip row stays, marked undone, so history
    stays true. Only the latest contact that ended a streak can be undone: after a later one,
    that one comes first.

    The slip row is locked first: two undos at once give one result, the other finds it undone.
    """
    with transaction.atomic():
        slip = slip_get(user=user, slip_id=slip_id)
        slip = Slip.objects.select_for_update().get(pk=slip.pk)
        if slip.undone_at is not None:
            raise ApplicationError("This contact was already undone.")
        now = timezone.now()
        if now >= slip.undo_until:
            raise ApplicationError(
                "Contact can be undone only within 24 hours of recording it. If it was recorded by "
                "mistake, you can still write about it in your journal."
            )
        if slip.ended_streak:
            _streak_reopen(user=user, slip=slip, now=now)
        slip.undone_at = now
        slip.save(update_fields=["undone_at"])
    return slip


def _streak_reopen(*, user: User, slip: Slip, now: dt.datetime) -> None:
    ended = Streak.objects.select_for_update().get(pk=slip.streak_id)
    fresh = _active_streak(user, lock=True)
    if fresh is None or ended.ended_on is None or not _started_by(slip, ended, fresh):
        raise ApplicationError(
            "Contact was recorded again after this one. Undo the most recent one first, "
            "if it too was a mistake."
        )
    CheckIn.objects.filter(streak=fresh).update(streak=ended)
    Urge.objects.filter(streak=fresh).update(streak=ended)
    Slip.objects.filter(streak=fresh).update(streak=ended)
    fresh.delete()
    members_changed([user.pk])
    ended.ended_on = None
    ended.end_kind = ""
    ended.save(update_fields=["ended_on", "end_kind"])
    restored = _awards_restore(streak=ended, snapshot=slip.withdrawn_awards)
    congratulated = any(award.notify for award in milestones_award(streak=ended, today=_today(user)))
    waiting = [award for award in restored if award.notify and award.delivered_at is None]
    if congratulated:
        # A higher milestone is congratulated now: as for a back-dated start, one message.
        MilestoneAward.objects.filter(pk__in=[award.pk for award in waiting]).update(notify=False)
    else:
        for award in waiting:
            _enqueue_delivery(award.pk)


def _started_by(slip: Slip, ended: Streak, fresh: Streak) -> bool:
    """Whether `fresh` is the streak the slip started: the one right after the streak it ended,
    with no other streak (another contact recorded since) in between."""
    later = Streak.objects.filter(user_id=slip.user_id, start_date__gt=ended.start_date)
    return fresh.start_date > slip.day and list(later.values_list("pk", flat=True)) == [fresh.pk]


def _award_snapshot(award: MilestoneAward) -> dict:
    """An award as it was, every field but its row and streak, in JSON."""
    data = {}
    for model_field in MilestoneAward._meta.concrete_fields:
        if model_field.name in ("id", "streak"):
            continue
        value = getattr(award, model_field.attname)
        data[model_field.attname] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def _awards_restore(*, streak: Streak, snapshot: list[dict]) -> list[MilestoneAward]:
    fields = {model_field.attname: model_field for model_field in MilestoneAward._meta.concrete_fields}
    rows = [
        MilestoneAward(
            streak=streak,
            **{name: fields[name].to_python(value) for name, value in saved.items() if name in fields},
        )
        for saved in snapshot
    ]
    MilestoneAward.objects.bulk_create(rows, ignore_conflicts=True)
    days = [row.days for row in rows]
    return list(MilestoneAward.objects.filter(streak=streak, days__in=days))


def _awards_withdraw_beyond_end(*, streak: Streak) -> list[dict]:
    """A slip dated in the past ends the streak before milestones it was thought to have reached:
    those awards go, so the history, the dashboard and the API show only the days really held.

    Deleted rather than marked withdrawn: an award is only a milestone shown and the outbox of
    its congratulation, so a withdrawn row would be one every reader had to leave out. A
    congratulation already delivered stays in the inbox as a message received (the e-mail is out
    anyway); one not yet delivered is never sent: the delivery locks the award row, and waits for
    this transaction, then finds no row. A milestone already shared stays the member's post.
    """
    ended_on = streak.ended_on
    assert ended_on is not None, "only an ended streak has awards beyond its end"
    length = streak_days.day_count(start=streak.start_date, on=ended_on, ended_on=ended_on)
    beyond = MilestoneAward.objects.filter(streak=streak, days__gt=length)
    snapshot = [_award_snapshot(award) for award in beyond.select_for_update().order_by("days")]
    beyond.delete()
    return snapshot


def milestones_check(*, user: User) -> list[MilestoneAward]:
    """Award what the active streak has reached by today, when the member asks to celebrate it
    before the sweep or a check-in has (pages and the API never write on GET)."""
    streak = _active_streak(user)
    if streak is None:
        return []
    return milestones_award(streak=streak, today=_today(user))


def milestones_award(*, streak: Streak, today: dt.date) -> list[MilestoneAward]:
    """Create the award rows the streak has reached and not yet got; congratulate for the highest.

    Safe under concurrency: the (streak, days) rows are unique and conflicts are ignored.
    """
    count = streak_days.day_count(start=streak.start_date, on=today, ended_on=streak.ended_on)
    reached = streak_days.milestones_reached(count)
    if not reached:
        return []
    already = set(MilestoneAward.objects.filter(streak=streak).values_list("days", flat=True))
    new = [days for days in reached if days not in already]
    if not new:
        return []
    top = max(new)
    notify_top = top > max(already, default=0)
    now = timezone.now()
    rows = [
        MilestoneAward(streak=streak, days=days, awarded_at=now, notify=notify_top and days == top)
        for days in new
    ]
    with transaction.atomic():
        MilestoneAward.objects.bulk_create(rows, ignore_conflicts=True)
        awards = list(MilestoneAward.objects.filter(streak=streak, days__in=new, awarded_at=now))
    for award in awards:
        if award.notify:
            _enqueue_delivery(award.pk)
    return awards


def _enqueue_delivery(award_id: int) -> None:
    from .tasks import milestone_congratulate

    enqueue_on_commit(milestone_congratulate, award_id)


def milestones_sweep(*, now: dt.datetime | None = None, full: bool = False) -> list[int]:
    """Award every active streak the milestones time has brought it, and list what to deliver.

    Set-based: the member's local "today" depends on their zone, but at any instant every zone
    is on one of at most three calendar dates, so one INSERT ... SELECT per date covers all
    members. Only milestones reached in the last SWEEP_WINDOW days are looked at (the others were
    awarded by earlier sweeps, check-ins or celebrations), unless `full`. Returns the ids of awards to
    congratulate: those made now, and any still undelivered after REDELIVER_AFTER (the broker was
    down, a worker died).
    """
    now = now or timezone.now()
    active = Streak.objects.filter(ended_on__isnull=True).order_by()
    zones = active.values_list("user__timezone", flat=True).distinct()
    first_start = active.order_by("start_date").values_list("start_date", flat=True).first()
    zones_by_day: dict[dt.date, list[str]] = defaultdict(list)
    for zone in zones:
        zones_by_day[streak_days.local_today(zone, now=now)].append(zone)
    for today, day_zones in zones_by_day.items():
        if first_start is None:
            break
        ladder = streak_days.milestones_reached((today - first_start).days)
        if ladder:
            window = None if full else SWEEP_WINDOW
            _awards_insert(today=today, zones=day_zones, ladder=ladder, now=now, window=window)
    due = MilestoneAward.objects.filter(notify=True, delivered_at__isnull=True).filter(
        Q(awarded_at=now) | Q(awarded_at__lte=now - REDELIVER_AFTER)
    )
    return list(due.order_by("pk").values_list("pk", flat=True))


def _awards_insert(
    *, today: dt.date, zones: list[str], ladder: list[int], now: dt.datetime, window: dt.timedelta | None
) -> None:
    """One statement: insert (streak, milestone) for every active streak in `zones` that has
    reached it by `today` (within `window`); only the highest reached is flagged to congratulate."""
    ops = connection.ops
    milestone_rows = ", ".join(["(%s, %s, %s)"] * len(ladder))
    params: list = []
    for days in ladder:
        reached_by = today - dt.timedelta(days=days)
        not_before = reached_by - window if window is not None else dt.date.min
        params += [days, ops.adapt_datefield_value(reached_by), ops.adapt_datefield_value(not_before)]
    award = MilestoneAward._meta.db_table
    streak = Streak._meta.db_table
    user = User._meta.db_table
    zone_marks = ", ".join(["%s"] * len(zones))
    sql = f"""
        WITH ladder (days, reached_by, not_before) AS (VALUES {milestone_rows})
        INSERT INTO {award} (streak_id, days, awarded_at, notify)
        SELECT s.id, m.days, %s, NOT EXISTS (
            SELECT 1 FROM ladder AS higher WHERE higher.days > m.days AND s.start_date <= higher.reached_by
        )
        FROM {streak} AS s
        INNER JOIN {user} AS u ON u.id = s.user_id
        INNER JOIN ladder AS m ON s.start_date <= m.reached_by AND s.start_date > m.not_before
        WHERE s.ended_on IS NULL AND u.timezone IN ({zone_marks})
        ON CONFLICT (streak_id, days) DO NOTHING
    """  # noqa: S608 - only table names and placeholders are interpolated
    params += [ops.adapt_datetimefield_value(now), *zones]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def award_deliver(*, award_id: int) -> bool:
    """Congratulate the member for an award, exactly once. Returns whether it was delivered now.

    The award row is locked while the notification is written and the e-mail sent, and marked
    delivered in the same transaction: a retry or a second delivery of the task finds it done.
    """
    with transaction.atomic():
        award = (
            MilestoneAward.objects.select_for_update(of=("self",))
            .select_related("streak__user")
            .filter(pk=award_id)
            .first()
        )
        if award is None or award.delivered_at is not None or not award.notify:
            return False
        member = award.streak.user
        dashboard = reverse("streaks:dashboard")
        title = f"{award.days} {'day' if award.days == 1 else 'days'} without contact"
        notification = notification_create(
            recipient=member,
            kind=Notification.Kind.MILESTONE,
            title=f"You reached {title}!",
            body="Every day you held counts. Take a moment to be proud of yourself.",
            url=dashboard,
            enqueue_email=False,
        )
        if notification.email_state == Notification.EmailState.PENDING:
            notification_email_send(
                notification=notification, message=_milestone_email(award=award, member=member)
            )
        award.delivered_at = timezone.now()
        award.save(update_fields=["delivered_at"])
    return True


def _milestone_email(*, award: MilestoneAward, member: User) -> EmailMultiAlternatives:
    # The Message-ID names the award, not the notification: an attempt that died wrote none.
    return email_render(
        to=member.email,
        zone=member.zone,
        template="email/streaks/milestone",
        context={
            "member": member,
            "days": award.days,
            "reached_on": award.reached_on,
            # Reached through a back-dated start: the e-mail names the day it really was.
            "reached_before_today": award.reached_on < streak_days.local_today(member.zone),
            "dashboard_url": settings.SITE_URL + reverse("streaks:dashboard"),
            "share_url": settings.SITE_URL + reverse("streaks:history") + f"#award-{award.pk}",
            "settings_url": settings.SITE_URL + reverse("accounts:settings"),
        },
        headers={"Message-ID": message_id(f"milestone-{award.pk}.{award.awarded_at:%Y%m%d%H%M%S}")},
    )


# A member's own words added to a shared milestone: a few lines, not a second post.
SHARE_MESSAGE_MAX = 500


@transaction.atomic
def milestone_share(*, user: User, award_id: int, message: str = "") -> "Thread":
    """Share a milestone in the forum's Milestones category, once, with the member's own words if
    they add some; it is moderated like any post (a new member's waits, crisis words show help)."""
    from forum import selectors as forum_selectors
    from forum import services as forum_services

    from .selectors import award_get

    message = (message or "").strip()
    if len(message) > SHARE_MESSAGE_MAX:
        raise ApplicationError(
            f"Please keep your words under {SHARE_MESSAGE_MAX} characters (you wrote {len(message)}).",
            field="message",
        )
    award = award_get(user=user, award_id=award_id)
    award = MilestoneAward.objects.select_for_update().get(pk=award.pk)
    if award.shared_at is not None:
        raise ApplicationError("You have already shared this milestone. Thank you for inspiring others.")
    category = forum_selectors.category_get_by_slug(slug="milestones")
    unit = "day" if award.days == 1 else "days"
    body = f"Today I reached {award.days} {unit} without contact. One day at a time."
    if message:
        body = f"{body}\n\n{message}"
    thread = forum_services.thread_create(
        author=user,
        category=category,
        title=f"{award.days} {unit} of no contact",
        body=body,
        milestone_days=award.days,
    )
    award.shared_at = timezone.now()
    award.save(update_fields=["shared_at"])
    _awards_celebrated(award=award, at=award.shared_at)
    return thread


def milestone_share_message(thread: "Thread") -> str:
    if thread.status == "published":
        return "Shared with the community. Thank you: milestones like yours give others hope."
    return "Shared. It appears in the forum once a moderator has had a look, as for every new member."


def milestone_celebrated(*, user: User, award_id: int) -> MilestoneAward:
    """The member has seen the celebration of a milestone: its card does not show again, nor one for
    a lower milestone of the same streak (a back-dated start reaches several at once). Safe to
    repeat: the first time is kept."""
    from .selectors import award_get

    award = award_get(user=user, award_id=award_id)
    _awards_celebrated(award=award, at=timezone.now())
    award.refresh_from_db(fields=["celebrated_at"])
    return award


def _awards_celebrated(*, award: MilestoneAward, at: dt.datetime) -> None:
    MilestoneAward.objects.filter(
        streak_id=award.streak_id, days__lte=award.days, celebrated_at__isnull=True
    ).update(celebrated_at=at)


@transaction.atomic
def streak_welcome(
    *,
    user: User,
    zone_name: str | None = None,
    days_held: int | None = None,
    last_contact_at: dt.datetime | None = None,
) -> Streak:
    """The first run: confirm the member's time zone, then start counting from today, from the
    days they have already held, or from the day after the last contact (today at the latest)."""
    from accounts.services import profile_update

    if days_held is not None and last_contact_at is not None:
        raise ApplicationError(
            "Give either the days you have already held or the last contact, not both.", field="days_held"
        )
    if days_held is not None and days_held < 0:
        raise ApplicationError("The number of days cannot be negative.", field="days_held")
    if last_contact_at is not None and timezone.is_naive(last_contact_at):
        raise ApplicationError("Please give the time with its time zone.", field="last_contact_at")
    if zone_name:
        profile_update(user=user, data={"timezone": zone_name})
    today = _today(user)
    start_date = today
    if days_held is not None:
        start_date = today - dt.timedelta(days=days_held)
    if last_contact_at is not None:
        start_date = min(last_contact_at.astimezone(user.zone).date() + dt.timedelta(days=1), today)
    return streak_start(user=user, start_date=start_date, last_contact_at=last_contact_at)


# Reasons and unsent letters: the member's own words, private to them.

MAX_REASONS = 20


@transaction.atomic
def reason_add(*, user: User, text: str) -> Reason:
    reasons = list(reasons_for(user=user).select_for_update())
    if len(reasons) >= MAX_REASONS:
        raise ApplicationError(
            f"You have {MAX_REASONS} reasons already: a short list is easier to hold on to. "
            "Edit or remove one to add another.",
            field="text",
        )
    reason = Reason(user=user, text=text.strip(), position=max((r.position for r in reasons), default=-1) + 1)
    _save(reason)
    return reason


def reason_edit(*, user: User, reason_id: int, text: str) -> Reason:
    reason = reason_get(user=user, reason_id=reason_id)
    reason.text = text.strip()
    _save(reason)
    return reason


def reason_delete(*, user: User, reason_id: int) -> None:
    reason_get(user=user, reason_id=reason_id).delete()
    members_changed([user.pk])


@transaction.atomic
def reasons_reorder(*, user: User, reason_ids: list[int]) -> list[Reason]:
    """Put the member's reasons in the order given, which must name each of them once."""
    reasons = {reason.pk: reason for reason in reasons_for(user=user).select_for_update()}
    if sorted(reason_ids) != sorted(reasons):
        raise ApplicationError("Please list each of your reasons once, in the order you want.", field="ids")
    for position, pk in enumerate(reason_ids):
        reasons[pk].position = position
    Reason.objects.bulk_update(reasons.values(), ["position"])
    members_changed([user.pk])
    return [reasons[pk] for pk in reason_ids]


def reason_move(*, user: User, reason_id: int, offset: int) -> list[Reason]:
    """Move one reason up (-1) or down (+1) the list; at either end it stays where it is."""
    reason = reason_get(user=user, reason_id=reason_id)
    ids = list(reasons_for(user=user).values_list("pk", flat=True))
    index = ids.index(reason.pk)
    target = min(max(index + offset, 0), len(ids) - 1)
    ids.insert(target, ids.pop(index))
    return reasons_reorder(user=user, reason_ids=ids)


def letter_write(*, user: User, body: str, read_again: bool = False) -> Letter:
    """Keep an unsent letter; with `read_again`, a notification the next day, in the member's morning."""
    letter = Letter(user=user, body=body.strip())
    if read_again:
        letter.read_again_on = _today(user) + dt.timedelta(days=1)
    _save(letter)
    return letter


def letter_edit(*, user: User, letter_id: int, body: str) -> Letter:
    letter = letter_get(user=user, letter_id=letter_id)
    letter.body = body.strip()
    _save(letter)
    return letter


def letter_mark_glad(*, user: User, letter_id: int) -> Letter:
    """ "I'm glad I didn't send it": kept once, with when it was felt."""
    letter = letter_get(user=user, letter_id=letter_id)
    if letter.glad_at is None:
        letter.glad_at = timezone.now()
        letter.save(update_fields=["glad_at"])
    return letter


def letter_delete(*, user: User, letter_id: int) -> None:
    letter_get(user=user, letter_id=letter_id).delete()


# "Read it again tomorrow" comes at this local time, on the day after the letter was written.
LETTER_READ_AGAIN_AT = dt.time(9, 0)


@transaction.atomic
def letters_read_again_send(*, now: dt.datetime | None = None) -> int:
    """Notify every member whose letter asked to be read again today, once their local morning has
    come; returns how many were sent.

    Set-based, like the daily reminders: a member's local day and hour depend only on their zone,
    so one query covers all the letters, zone by zone, and the count of queries does not grow with
    letters. Exactly once: the due rows are locked (a second sweep at the same moment skips them)
    and marked in the same transaction as their notifications. The hour is read in the member's
    current zone, so a change of clocks or of zone moves it with them. A letter already marked
    "glad I didn't send it" has been read again: it is left alone.
    """
    now = now or timezone.now()
    waiting = Letter.objects.filter(
        read_again_on__isnull=False,
        read_again_sent_at__isnull=True,
        glad_at__isnull=True,
        user__is_active=True,
    )
    zones = list(waiting.values_list("user__timezone", flat=True).distinct().order_by())
    due_in_zone = Q(pk__in=[])
    for zone in zones:
        local = now.astimezone(zoneinfo.ZoneInfo(zone))
        if local.time() >= LETTER_READ_AGAIN_AT:
            due_in_zone |= Q(user__timezone=zone, read_again_on__lte=local.date())
    if not zones:
        return 0
    due = list(
        waiting.filter(due_in_zone)
        .select_related("user")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")
    )
    if not due:
        return 0
    Letter.objects.filter(pk__in=[letter.pk for letter in due]).update(read_again_sent_at=now)
    # The notification says only that a letter waits: its words stay on the letter's own page.
    return notifications_create_linked(
        links=[(letter.user, reverse("streaks:letter", args=[letter.pk])) for letter in due],
        kind=Notification.Kind.REMINDER,
        title="A letter to read again",
        body="Yesterday you wrote a letter and chose to read it again today. It is still here, unsent.",
        deliver=True,
    )


# Editing what was logged, from the journal.


def checkin_edit(*, user: User, checkin_id: int, mood: int | None, note: str) -> CheckIn:
    """Set a check-in's mood and note to exactly what is given (an empty note clears it)."""
    checkin = checkin_get(user=user, checkin_id=checkin_id)
    checkin.mood = mood
    checkin.note = note
    checkin.full_clean(validate_constraints=False)
    checkin.save(update_fields=["mood", "note"])
    return checkin


def checkin_delete(*, user: User, checkin_id: int) -> None:
    checkin_get(user=user, checkin_id=checkin_id).delete()
    members_changed([user.pk])


def urge_edit(
    *, user: User, urge_id: int, strength: int, action: str, held_on: bool, ex_reached_out: bool, note: str
) -> Urge:
    urge = urge_get(user=user, urge_id=urge_id)
    urge.strength, urge.action, urge.held_on = strength, action, held_on
    urge.ex_reached_out, urge.note = ex_reached_out, note
    _save(urge)
    return urge


def urge_delete(*, user: User, urge_id: int) -> None:
    urge_get(user=user, urge_id=urge_id).delete()
    members_changed([user.pk])


# The urge moment: a calm screen first, then one tap to log how it went.

URGE_MOMENT = dt.timedelta(minutes=15)
# Where "post in the forum" leads from the urge screen: the category for the hardest days.
URGE_FORUM_CATEGORY = "early-days"
# One tap does not ask how strong it was; an urge that needed the calm screen counts as strong.
URGE_HELD_STRENGTH = 3


def urge_held(*, user: User, started_at: dt.datetime | None = None, strength: int | None = None) -> Urge:
    """ "I held on", from the urge screen: logged from when the screen opened (within the day)."""
    now = timezone.now()
    if started_at is None or not now - dt.timedelta(days=1) <= started_at <= now:
        started_at = now
    return urge_log(
        user=user,
        strength=strength or URGE_HELD_STRENGTH,
        action=Urge.Action.OTHER,
        held_on=True,
        occurred_at=started_at,
    )
