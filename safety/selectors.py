"""Reads for a member's safety: their plan, their country and the crisis lines to show them."""

from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr

from django.core.cache import cache
from django.db.models import Q

from accounts.models import User

from .cache import erased_address_key
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


def discreet_addresses(*, addresses: Iterable[str]) -> set[str]:
    """Which of these e-mail addresses (lowercased) belong to a member in discreet mode.

    Also those of discreet members erased in the last day: their goodbye e-mail leaves after the
    account is gone, and must be as discreet as the rest.
    """
    wanted = {parseaddr(address)[1].lower() for address in addresses} - {""}
    if not wanted:
        return set()
    matches = Q()
    for address in wanted:
        matches |= Q(email__iexact=address) | Q(emailaddress__email__iexact=address)
    found = User.objects.filter(matches, discreet=True).values_list("email", "emailaddress__email")
    discreet = {address.lower() for pair in found for address in pair if address} & wanted
    erased = cache.get_many([erased_address_key(address) for address in wanted - discreet])
    return discreet | {address for address in wanted if erased_address_key(address) in erased}
