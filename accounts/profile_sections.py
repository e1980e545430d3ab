"""Sections other apps add to a member's public profile, so accounts needs to know none of them.

An app registers a function `(member, viewer) -> dict | None` in its AppConfig.ready(); the dict
has a "template" to include on the page and "data" for the API; None means nothing to show.
"""

from collections.abc import Callable
from typing import Any

from .models import User

Section = dict[str, Any]
SectionProvider = Callable[[User, User | None], Section | None]

_providers: dict[str, SectionProvider] = {}


def register(name: str, provider: SectionProvider) -> None:
    _providers[name] = provider


def profile_sections(*, member: User, viewer: User | None) -> dict[str, Section]:
    sections = {}
    for name, provider in _providers.items():
        section = provider(member, viewer)
        if section is not None:
            sections[name] = section
    return sections
