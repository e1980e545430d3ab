"""Reads about streaks, always scoped to the member asking: another member's data is a 404."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from accounts import selectors as account_selectors
from accounts.models import User

from . import cache as streaks_cache
from . import days as streak_days
from .models import (
    MOOD_LABELS,
    SLIP_UNDO_WINDOW,
    CheckIn,
    Letter,
    MilestoneAward,
    Pledge,
    Reason,
    Slip,
    Streak,
    Urge,
)

HEATMAP_WEEKS = 53


def streaks_for(*, user: User) -> QuerySet[Streak]:
    return Streak.objects.filter(user=user)


def streak_get(*, user: User, streak_id: int) -> Streak:
    return _get(streaks_for(user=user), streak_id)


def checkins_for(*, user: User) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(user=user)


def checkin_on(*, user: User, day: dt.date) -> CheckIn | None:
    """The member's check-in of one local day, if they made it (one a day at most)."""
    return checkins_for(user=user).filter(day=day).first()


def checkin_get(*, user: User, checkin_id: int) -> CheckIn:
    return _get(checkins_for(user=user), checkin_id)


def pledges_for(*, user: User) -> QuerySet[Pledge]:
    return Pledge.objects.filter(user=user).order_by("-day", "-id")


def urges_for(*, user: User) -> QuerySet[Urge]:
    return Urge.objects.filter(user=user)


def urge_get(*, user: User, urge_id: int) -> Urge:
    return _get(urges_for(user=user), urge_id)


def slips_for(*, user: User) -> QuerySet[Slip]:
    return Slip.objects.filter(user=user)


def slip_get(*, user: User, slip_id: int) -> Slip:
    return _get(slips_for(user=user), slip_id)


def awards_for(*, user: User) -> QuerySet[MilestoneAward]:
    return (
        MilestoneAward.objects.filter(streak__user=user)
        .select_related("streak")
        .order_by("-awarded_at", "-days")
    )


def award_get(*, user: User, award_id: int) -> MilestoneAward:
    return _get(awards_for(user=user), award_id)


def _get(queryset: QuerySet, pk: int):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404("Not found.")
    return obj


def streak_length(streak: Streak, *, today: dt.date) -> int:
    return streak_days.day_count(start=streak.start_date, on=today, ended_on=streak.ended_on)


@dataclass
class StreakFigures:
    """What the dashboard and the API show about a member's streaks."""

    today: dt.date
    streak: Streak | None
    days: int
    hours_since_contact: int | None
    previous_milestone: int
    next_milestone: int
    progress_percent: int
    longest_days: int
    total_days: int
    streak_count: int
    urges_held: int
    starts_in_future: bool

    @property
    def days_to_next(self) -> int:
        return self.next_milestone - self.days


def figures_for(*, user: User, now: dt.datetime | None = None) -> StreakFigures:
    """All the numbers of the dashboard in two queries, whatever the length of the history."""
    now = now or timezone.now()
    today = streak_days.local_today(user.zone, now=now)
    streaks = list(
        streaks_for(user=user).only("start_date", "ended_on", "last_contact_at", "end_kind", "user_id")
    )
    return _figures(user=user, streaks=streaks, today=today, now=now)


def _figures(
    *, user: User, streaks: list[Streak], today: dt.date, now: dt.datetime, urges_held: int | None = None
) -> StreakFigures:
    active = next((streak for streak in streaks if streak.ended_on is None), None)
    lengths = [streak_length(streak, today=today) for streak in streaks]
    days = streak_length(active, today=today) if active else 0
    previous = streak_days.milestone_previous(days)
    upcoming = streak_days.milestone_next(days)
    hours = None
    if active is not None and active.last_contact_at is not None:
        hours = max(0, int((now - active.last_contact_at).total_seconds() // 3600))
    return StreakFigures(
        today=today,
        streak=active,
        days=days,
        hours_since_contact=hours,
        previous_milestone=previous,
        next_milestone=upcoming,
        progress_percent=int(100 * (days - previous) / (upcoming - previous)),
        longest_days=max(lengths, default=0),
        total_days=sum(lengths),
        streak_count=len(streaks),
        urges_held=urges_for(user=user).filter(held_on=True).count() if urges_held is None else urges_held,
        starts_in_future=active is not None and active.start_date > today,
    )


@dataclass
class Heatmap:
    # The top-left corner of each day's square, by kind of day ("none", "clean", "checkin", "slip").
    squares: dict[str, list[tuple[int, int]]]
    months: list[tuple[int, str]]
    clean_days: int
    checkins: int
    slips: int
    width: int
    height: int
    first_day: dt.date
    last_day: dt.date
    checked_in_today: bool = False
    legend: list[tuple[str, str]] = field(
        default_factory=lambda: [
            ("none", "Before or between streaks"),
            ("clean", "No contact"),
            ("checkin", "Checked in"),
            ("slip", "Contact recorded"),
        ]
    )


CELL = 13
GAP = 3
TOP = 18


def heatmap_for(*, user: User, streaks: list[Streak], today: dt.date) -> Heatmap:
    """The last 12 months as a grid of weeks (Monday first), drawn as SVG by the template."""
    first_day = today - dt.timedelta(days=today.weekday() + 7 * (HEATMAP_WEEKS - 1))
    # The days checked in and the days of a slip that ended a streak, in one query.
    checkins = checkins_for(user=user).filter(day__gte=first_day).annotate(mark=Value("checkin"))
    slips = (
        slips_for(user=user)
        .filter(day__gte=first_day, ended_streak=True, undone_at__isnull=True)
        .annotate(mark=Value("slip"))
    )
    marked = (
        checkins.order_by()
        .values_list("day", "mark")
        .union(slips.order_by().values_list("day", "mark"), all=True)
        .order_by()
    )
    # Days as ordinals, and each day's state in a list indexed from the first day: one pass over
    # the year with a few integer comparisons a day, whatever the number of streaks.
    first, last = first_day.toordinal(), today.toordinal()
    states = ["none"] * (last - first + 1)
    for streak in streaks:
        end = streak.ended_on.toordinal() - 1 if streak.ended_on is not None else last
        for index in range(max(streak.start_date.toordinal(), first) - first, min(end, last) - first + 1):
            states[index] = "clean"
    for day, mark in marked:
        index = day.toordinal() - first
        if 0 <= index < len(states) and states[index] != "slip":
            states[index] = "slip" if mark == "slip" else "checkin"
    squares: dict[str, list[tuple[int, int]]] = {}
    for index, state in enumerate(states):
        week, weekday = divmod(index, 7)
        squares.setdefault(state, []).append((week * (CELL + GAP), TOP + weekday * (CELL + GAP)))
    # Today is under way: like the day count, it counts once it is over.
    clean_days = sum(1 for state in states[:-1] if state in ("clean", "checkin"))
    months = []
    month = first_day.replace(day=1)
    while month <= today:
        if month >= first_day:
            months.append(((month - first_day).days // 7 * (CELL + GAP), month.strftime("%b")))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return Heatmap(
        squares=squares,
        months=months,
        clean_days=clean_days,
        checkins=len(squares.get("checkin", [])),
        slips=len(squares.get("slip", [])),
        width=HEATMAP_WEEKS * (CELL + GAP),
        height=TOP + 7 * (CELL + GAP),
        first_day=first_day,
        last_day=today,
        checked_in_today=states[-1] == "checkin",
    )


# A line in the site's voice for the celebration of each milestone; the others get the default.
CELEBRATION_LINES = {
    1: "The first day is often the hardest one, and you did it.",
    3: "Three days. The first fog is lifting: keep going, gently.",
    7: "A whole week without contact. That took real strength.",
    14: "Two weeks. You are learning to live for yourself again.",
    30: "A month of choosing yourself. Look how far you have come.",
    90: "Three months. This is what moving on looks like.",
    365: "A whole year. Every one of those days was yours.",
}
CELEBRATION_LINE = "Every one of these days was a choice you made for yourself. Be proud of it."


@dataclass
class Celebration:
    """A milestone reached and not yet celebrated with the member: shown once, until they close it."""

    award: MilestoneAward

    @property
    def days(self) -> int:
        return self.award.days

    @property
    def line(self) -> str:
        return CELEBRATION_LINES.get(self.award.days, CELEBRATION_LINE)


def celebration_among(awards: list[MilestoneAward]) -> Celebration | None:
    """The celebration for the highest milestone of the current streak the member has not seen."""
    waiting = [award for award in awards if award.celebrated_at is None]
    return Celebration(award=max(waiting, key=lambda award: award.days)) if waiting else None


def celebration_for(*, user: User) -> Celebration | None:
    """The celebration waiting for the member, in one query."""
    award = (
        awards_for(user=user)
        .filter(streak__ended_on__isnull=True, celebrated_at__isnull=True)
        .order_by("-days")
        .first()
    )
    return Celebration(award=award) if award is not None else None


MOOD_CHART_DAYS = 90
MOOD_STEP = 5  # pixels per day
MOOD_ROW = 22  # pixels per mood level
MOOD_LEFT = 66  # room for the mood names
MOOD_TOP = 10
# Entries further apart than this are not joined by the line: a gap is shown as a gap.
MOOD_JOIN_DAYS = 7


@dataclass
class MoodPoint:
    day: dt.date
    mood: int
    label: str
    x: int
    y: int


@dataclass
class MoodWeek:
    first_day: dt.date
    days_noted: int
    average: float | None


@dataclass
class MoodChart:
    """The moods noted in check-ins over the last 90 days, drawn as SVG by the template, with the
    same in words (a summary and a table by week) for those who do not see the drawing."""

    first_day: dt.date
    last_day: dt.date
    points: list[MoodPoint]
    lines: list[str]  # SVG polyline points, one per run of entries close together
    levels: list[tuple[int, str]]  # (y, mood name), best at the top
    months: list[tuple[int, str]]
    weeks: list[MoodWeek]
    width: int
    height: int
    grid_left: int = MOOD_LEFT - 4

    @property
    def days_noted(self) -> int:
        return len(self.points)

    @property
    def average(self) -> float | None:
        return _average([point.mood for point in self.points])

    @property
    def average_label(self) -> str:
        return MOOD_LABELS[round(self.average)] if self.average is not None else ""

    @property
    def lowest(self) -> MoodPoint | None:
        return min(self.points, key=lambda point: (point.mood, -point.day.toordinal()), default=None)

    @property
    def highest(self) -> MoodPoint | None:
        return max(self.points, key=lambda point: (point.mood, point.day.toordinal()), default=None)

    @property
    def recent_average(self) -> float | None:
        """The last 30 days, beside the 60 before them: a direction of travel, in words."""
        since = self.last_day - dt.timedelta(days=29)
        return _average([point.mood for point in self.points if point.day >= since])

    @property
    def earlier_average(self) -> float | None:
        since = self.last_day - dt.timedelta(days=29)
        return _average([point.mood for point in self.points if point.day < since])


def _average(moods: list[int]) -> float | None:
    return round(sum(moods) / len(moods), 1) if moods else None


def mood_chart_for(*, user: User, today: dt.date) -> MoodChart:
    """The last 90 days of moods in one query, whatever the number of check-ins."""
    first_day = today - dt.timedelta(days=MOOD_CHART_DAYS - 1)
    moods = (
        checkins_for(user=user)
        .filter(day__gte=first_day, day__lte=today, mood__isnull=False)
        .order_by("day")
        .values_list("day", "mood")
    )
    points = [
        MoodPoint(
            day=day,
            mood=mood,
            label=f"{day:%a %d %b %Y}: {MOOD_LABELS[mood].lower()}",
            x=MOOD_LEFT + (day - first_day).days * MOOD_STEP,
            y=MOOD_TOP + (5 - mood) * MOOD_ROW,
        )
        for day, mood in moods
        if mood is not None
    ]
    lines: list[list[MoodPoint]] = []
    for point in points:
        if lines and (point.day - lines[-1][-1].day).days <= MOOD_JOIN_DAYS:
            lines[-1].append(point)
        else:
            lines.append([point])
    weeks = []
    for start in range(0, MOOD_CHART_DAYS, 7):
        week_first = first_day + dt.timedelta(days=start)
        week_moods = [p.mood for p in points if week_first <= p.day < week_first + dt.timedelta(days=7)]
        weeks.append(MoodWeek(first_day=week_first, days_noted=len(week_moods), average=_average(week_moods)))
    months = [
        (MOOD_LEFT + offset * MOOD_STEP, day.strftime("%b"))
        for offset in range(MOOD_CHART_DAYS - 4)  # a month's name needs room to the end
        if (day := first_day + dt.timedelta(days=offset)).day == 1
    ]
    return MoodChart(
        first_day=first_day,
        last_day=today,
        points=points,
        lines=[" ".join(f"{p.x},{p.y}" for p in line) for line in lines if len(line) > 1],
        levels=[(MOOD_TOP + (5 - mood) * MOOD_ROW, MOOD_LABELS[mood]) for mood in range(5, 0, -1)],
        months=months,
        weeks=weeks,
        width=MOOD_LEFT + MOOD_CHART_DAYS * MOOD_STEP,
        height=MOOD_TOP + 4 * MOOD_ROW + 28,
    )


@dataclass
class Dashboard:
    figures: StreakFigures
    heatmap: Heatmap
    checked_in_today: bool
    awards: list[MilestoneAward]
    # The highest milestone the day count has reached before the sweep or a check-in awarded it:
    # the page offers to celebrate it at once, since a GET writes nothing.
    milestone_to_celebrate: int | None
    reason: Reason | None = None  # one of the member's reasons, a different one each day
    celebration: Celebration | None = None
    # The contact that started the current streak afresh, while it can still be undone.
    undoable_slip_id: int | None = None
    today: "DayRituals | None" = None


# The morning pledge is offered until early afternoon, the evening review from late afternoon on,
# both in the member's own time.
PLEDGE_UNTIL = dt.time(14, 0)
REVIEW_FROM = dt.time(17, 0)


@dataclass
class DayRituals:
    """The morning pledge and the evening review of the member's local day, and which to offer now."""

    day: dt.date
    pledged: bool
    reviewed: bool
    morning: bool
    evening: bool

    @property
    def offer_pledge(self) -> bool:
        return self.morning and not self.pledged

    @property
    def offer_review(self) -> bool:
        return self.evening and not self.reviewed


@dataclass
class DashboardRows:
    """What the dashboard reads from the database about the member's own streaks on a given day:
    kept in the cache (streaks.cache) until one of them changes or the day does."""

    streaks: list[Streak]
    urges_held: int
    heatmap: Heatmap
    reason: Reason | None
    pledged: bool
    reviewed: bool
    # The contact that started the current streak afresh, and when it was recorded.
    last_slip: tuple[int, dt.datetime] | None


def dashboard_rows(*, user: User, today: dt.date) -> DashboardRows:
    """Five queries, whatever the length of the history."""
    # The contact that ended the streak before this one.
    previous = Slip.objects.filter(
        streak__user_id=OuterRef("user_id"),
        streak__ended_on__lt=OuterRef("start_date"),
        ended_streak=True,
        undone_at__isnull=True,
    ).order_by("-streak__ended_on", "-id")
    streaks: list[Streak] = list(
        streaks_for(user=user)
        .only("start_date", "ended_on", "last_contact_at", "end_kind", "user_id")
        .annotate(
            last_slip_id=Subquery(previous.values("pk")[:1]),
            last_slip_at=Subquery(previous.values("created_at")[:1]),
        )
    )
    active = next((streak for streak in streaks if streak.ended_on is None), None)
    last_slip = None
    if active is not None and active.last_slip_id is not None:  # type: ignore[attr-defined]
        last_slip = (active.last_slip_id, active.last_slip_at)  # type: ignore[attr-defined]
    urges_held, pledged, reviewed = (
        User.objects.filter(pk=user.pk)
        .annotate(
            urges_held=Subquery(
                urges_for(user=user)
                .filter(held_on=True)
                .order_by()
                .values("user_id")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            pledged=Exists(Pledge.objects.filter(user=OuterRef("pk"), day=today)),
            reviewed=Exists(
                CheckIn.objects.filter(user=OuterRef("pk"), day=today, reviewed_at__isnull=False)
            ),
        )
        .values_list("urges_held", "pledged", "reviewed")
        .get()
    )
    return DashboardRows(
        streaks=streaks,
        urges_held=urges_held or 0,
        heatmap=heatmap_for(user=user, streaks=streaks, today=today),
        reason=reason_of_the_day(user=user, today=today),
        pledged=pledged,
        reviewed=reviewed,
        last_slip=last_slip,
    )


def dashboard_for(*, user: User) -> Dashboard:
    """Everything on the dashboard: the member's own rows, kept in the cache until they change
    (five queries when they are not there), and the current streak's awards (one query), which
    the milestone sweep adds for every member at once."""
    now = timezone.now()
    local = now.astimezone(user.zone)
    today = local.date()
    rows = streaks_cache.member_kept(
        user_id=user.pk,
        name=f"dashboard:{today.isoformat()}",
        compute=lambda: dashboard_rows(user=user, today=today),
    )
    figures = _figures(user=user, streaks=rows.streaks, today=today, now=now, urges_held=rows.urges_held)
    awards = []
    if figures.streak is not None:
        awards = list(MilestoneAward.objects.filter(streak=figures.streak).order_by("-days"))
        for award in awards:
            award.streak = figures.streak  # for its reached_on, without a query each
    reached = figures.previous_milestone
    awarded = {award.days for award in awards}
    undoable = rows.last_slip if rows.last_slip and rows.last_slip[1] > now - SLIP_UNDO_WINDOW else None
    return Dashboard(
        figures=figures,
        heatmap=rows.heatmap,
        checked_in_today=rows.heatmap.checked_in_today,
        awards=awards,
        milestone_to_celebrate=reached if reached and reached not in awarded else None,
        reason=rows.reason,
        celebration=celebration_among(awards),
        undoable_slip_id=undoable[0] if undoable else None,
        today=DayRituals(
            day=today,
            pledged=rows.pledged,
            reviewed=rows.reviewed,
            morning=local.time() < PLEDGE_UNTIL,
            evening=local.time() >= REVIEW_FROM,
        ),
    )


@dataclass
class History:
    streaks: list[Streak]
    figures: StreakFigures


def history_for(*, user: User) -> History:
    """Every streak, newest first, with its awards and slips and `length` set on each."""
    now = timezone.now()
    today = streak_days.local_today(user.zone, now=now)
    streaks = list(
        streaks_for(user=user).prefetch_related(
            Prefetch("awards", queryset=MilestoneAward.objects.order_by("days")),
            Prefetch("slips", queryset=Slip.objects.order_by("day", "id")),
        )
    )
    for streak in streaks:
        streak.length = streak_length(streak, today=today)  # type: ignore[attr-defined]
    return History(streaks=streaks, figures=_figures(user=user, streaks=streaks, today=today, now=now))


def reasons_for(*, user: User) -> QuerySet[Reason]:
    return Reason.objects.filter(user=user).order_by("position", "id")


def reason_get(*, user: User, reason_id: int) -> Reason:
    return _get(reasons_for(user=user), reason_id)


def reason_of_the_day(*, user: User, today: dt.date) -> Reason | None:
    """One of the member's reasons, a different one each day, going round the list."""
    reasons = list(reasons_for(user=user))
    return reasons[today.toordinal() % len(reasons)] if reasons else None


def letters_for(*, user: User) -> QuerySet[Letter]:
    return Letter.objects.filter(user=user).order_by("-created_at", "-id")


def letter_get(*, user: User, letter_id: int) -> Letter:
    return _get(letters_for(user=user), letter_id)


# The journal: one timeline of everything the member logged and wrote for themselves.

JOURNAL_KINDS = {
    "checkin": "Check-ins",
    "pledge": "Morning pledges",
    "urge": "Urges",
    "slip": "Contact recorded",
    "milestone": "Milestones",
    "letter": "Unsent letters",
}


@dataclass
class JournalEntry:
    kind: str
    pk: int
    day: dt.date
    at: dt.datetime | None
    item: Any = None


def _journal_rows(*, user: User, kind: str | None, month: dt.date | None) -> QuerySet:
    """(kind, pk, local day, moment) of every entry, newest first, as one UNION query.

    Days are taken in the member's zone; check-ins and slips are dated by the day they are about.
    """
    zone = user.zone
    sources = {
        "checkin": checkins_for(user=user).annotate(on=F("day"), moment=F("created_at")),
        "pledge": pledges_for(user=user).annotate(on=F("day"), moment=F("created_at")),
        "urge": urges_for(user=user).annotate(
            on=TruncDate("occurred_at", tzinfo=zone), moment=F("occurred_at")
        ),
        "slip": slips_for(user=user).annotate(on=F("day"), moment=F("created_at")),
        "milestone": awards_for(user=user).annotate(on=_reached_on(), moment=F("awarded_at")),
        "letter": letters_for(user=user).annotate(
            on=TruncDate("created_at", tzinfo=zone), moment=F("created_at")
        ),
    }
    parts = []
    for name, queryset in sources.items():
        if kind and name != kind:
            continue
        if month is not None:
            next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            queryset = queryset.filter(on__gte=month, on__lt=next_month)
        parts.append(
            queryset.order_by()
            .annotate(entry_kind=Value(name, output_field=CharField()))
            .values_list("entry_kind", "pk", "on", "moment")
        )
    first, *rest = parts
    return (
        first.union(*rest, all=True).order_by("-on", "-moment", "-pk")
        if rest
        else first.order_by("-on", "-moment", "-pk")
    )


class _DatePlusDays(Func):
    """A date plus a whole number of days, in SQL (PostgreSQL adds them; SQLite has date())."""

    output_field = DateField()
    template = "(%(expressions)s)"
    arg_joiner = " + "

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '+' || ",
            **extra_context,
        )


def _reached_on() -> Func:
    """MilestoneAward.reached_on in SQL: the streak's start date plus the milestone's days."""
    return _DatePlusDays(F("streak__start_date"), F("days"))


def journal_page(
    *, user: User, kind: str | None = None, month: dt.date | None = None, page: Any = 1, per_page: int = 20
) -> Page:
    """A page of the journal, each entry with its object: a fixed number of queries per page."""
    paginator = Paginator(_journal_rows(user=user, kind=kind, month=month), per_page)
    current = paginator.get_page(page)
    entries = [JournalEntry(kind=k, pk=pk, day=on, at=moment) for k, pk, on, moment in current.object_list]
    loaders = {
        "checkin": checkins_for,
        "pledge": pledges_for,
        "urge": urges_for,
        "slip": slips_for,
        "milestone": awards_for,
        "letter": letters_for,
    }
    for name, load in loaders.items():
        ids = [entry.pk for entry in entries if entry.kind == name]
        if ids:
            found = load(user=user).filter(pk__in=ids).in_bulk()
            for entry in entries:
                if entry.kind == name:
                    entry.item = found.get(entry.pk)
    current.object_list = entries
    return current


@dataclass
class PartnerProgress:
    """What a partner may see of a member, and only this: the current count and its milestones."""

    handle: str
    since: dt.datetime | None
    days: int
    milestones: list[int]


def partners_progress(*, user: User, now: dt.datetime | None = None) -> list[PartnerProgress]:
    """The member's partners with their day counts, each in the partner's own calendar: three
    queries, however many partners."""
    now = now or timezone.now()
    partners = [
        (account_selectors.partner_of(partnership, user=user), partnership.accepted_at)
        for partnership in account_selectors.partnerships_of(user=user).only(
            "inviter_id",
            "invitee_id",
            "accepted_at",
            *(f"{side}__{name}" for side in ("inviter", "invitee") for name in ("handle", "timezone")),
        )
    ]
    if not partners:
        return []
    active = {
        streak.user_id: streak
        for streak in Streak.objects.filter(
            user_id__in=[partner.pk for partner, _ in partners], ended_on__isnull=True
        ).only("user_id", "start_date", "ended_on")
    }
    awarded: dict[int, list[int]] = {}
    for streak_id, days in (
        MilestoneAward.objects.filter(streak__in=[streak.pk for streak in active.values()])
        .order_by("days")
        .values_list("streak_id", "days")
    ):
        awarded.setdefault(streak_id, []).append(days)
    progress = []
    for partner, since in partners:
        streak = active.get(partner.pk)
        today = streak_days.local_today(partner.zone, now=now)
        progress.append(
            PartnerProgress(
                handle=partner.handle,
                since=since,
                days=streak_length(streak, today=today) if streak else 0,
                milestones=awarded.get(streak.pk, []) if streak else [],
            )
        )
    return progress
