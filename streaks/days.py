"""Counting days in a member's own calendar, and the milestone ladder. Pure functions."""

import datetime as dt
import zoneinfo
from collections.abc import Iterator

from django.utils import timezone

MILESTONE_LADDER = (1, 3, 7, 14, 21, 30, 45, 60, 90, 100, 180, 270, 365)
YEAR = 365


def local_today(zone: str | zoneinfo.ZoneInfo, *, now: dt.datetime | None = None) -> dt.date:
    """The calendar date it is now in `zone`."""
    if isinstance(zone, str):
        zone = zoneinfo.ZoneInfo(zone)
    return (now or timezone.now()).astimezone(zone).date()


def day_count(*, start: dt.date, on: dt.date, ended_on: dt.date | None = None) -> int:
    """Whole calendar days from `start` to `on` (stopping at `ended_on`); DST changes nothing."""
    last = min(on, ended_on) if ended_on is not None else on
    return max(0, (last - start).days)


def milestones() -> Iterator[int]:
    """1, 3, 7 ... 365, then every 365 days, without end."""
    yield from MILESTONE_LADDER
    years = 2
    while True:
        yield years * YEAR
        years += 1


def milestones_reached(days: int) -> list[int]:
    reached: list[int] = []
    for milestone in milestones():
        if milestone > days:
            return reached
        reached.append(milestone)
    return reached  # pragma: no cover - the ladder never ends


def milestone_next(days: int) -> int:
    return next(milestone for milestone in milestones() if milestone > days)


def milestone_previous(days: int) -> int:
    """The highest milestone reached, or 0."""
    reached = milestones_reached(days)
    return reached[-1] if reached else 0
