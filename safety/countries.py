"""Countries and the country of a time zone, from the tz database files that tzdata ships.

Python's zoneinfo knows no countries; tzdata carries zone.tab (zone -> country), iso3166.tab
(country -> name) and tzdata.zi, whose "L" lines resolve old names such as US/Eastern.
"""

from functools import cache
from importlib.resources import files


def _lines(name: str) -> list[str]:
    text = (files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


# iso3166.tab's short names, where people look for another one.
_NAMES_PEOPLE_LOOK_FOR = {"GB": "United Kingdom"}


@cache
def country_names() -> dict[str, str]:
    """ISO 3166 code -> English name, sorted by name."""
    pairs = (
        (code, _NAMES_PEOPLE_LOOK_FOR.get(code, name))
        for code, name, *_ in (line.split("\t") for line in _lines("iso3166.tab"))
    )
    return dict(sorted(pairs, key=lambda pair: pair[1]))


@cache
def _zone_countries() -> dict[str, str]:
    zones = {}
    for line in _lines("zone.tab"):
        code, _coordinates, zone = line.split("\t")[:3]
        zones[zone] = code
    for line in _lines("tzdata.zi"):
        if line.startswith("L "):
            _kind, target, link = line.split()
            if target in zones:
                zones.setdefault(link, zones[target])
    return zones


def zone_country(zone: str) -> str:
    """The country of an IANA time zone ("Europe/Paris" -> "FR"); "" for UTC and the like."""
    return _zone_countries().get(zone, "")


def country_name(code: str) -> str:
    return country_names().get(code, code)
