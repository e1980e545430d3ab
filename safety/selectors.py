"""Reads for a member's safety: their plan, their country and the crisis lines to show them."""

from dataclasses import dataclass

from accounts.models import User

from .countries import country_name, zone_country
from .models import CrisisLine, SafetyPlan


def safety_plan_of(*, user: User) -> SafetyPlan:
    """The member's own plan; an unsaved empty one if they have not written it yet."""
    return SafetyPlan.objects.filter(user=user).first() or SafetyPlan(user=user)


def member_country(*, user: User) -> str:
    """The country they chose, or else the one of their time zone ("" if it has none, like UTC)."""
    return user.country or zone_country(user.timezone)


@dataclass(frozen=True)
class CountryLines:
    country: str
    name: str
    lines: list[CrisisLine]


def crisis_lines(*, country: str = "") -> tuple[list[CountryLines], list[CrisisLine]]:
    """(lines by country, with `country`'s first, the international fallback), in one query."""
    by_country: dict[str, list[CrisisLine]] = {}
    international = []
    for line in CrisisLine.objects.filter(is_active=True):
        if line.country:
            by_country.setdefault(line.country, []).append(line)
        else:
            international.append(line)
    groups = sorted(
        (
            CountryLines(country=code, name=country_name(code), lines=lines)
            for code, lines in by_country.items()
        ),
        key=lambda group: (group.country != country, group.name),
    )
    return groups, international
