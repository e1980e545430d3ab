"""Validation of the handle a member is known by, and of IANA time zones."""

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

HANDLE_MIN_LENGTH = 3
HANDLE_MAX_LENGTH = 30

validate_handle_characters = RegexValidator(
    regex=r"^[A-Za-z0-9_]+\Z",
    message="A handle may use only letters, digits and underscores.",
    code="invalid_handle",
)


def validate_handle_length(value: str) -> None:
    if not HANDLE_MIN_LENGTH <= len(value) <= HANDLE_MAX_LENGTH:
        raise ValidationError(
            f"A handle is {HANDLE_MIN_LENGTH} to {HANDLE_MAX_LENGTH} characters long.",
            code="handle_length",
        )


handle_validators: list[Callable[[str], None]] = [validate_handle_characters, validate_handle_length]


def is_reserved_handle(value: str) -> bool:
    """Names that would pass for the site or its moderators (allauth refuses them at sign-up)."""
    return value.lower() in {name.lower() for name in settings.ACCOUNT_USERNAME_BLACKLIST}


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(
            "Please choose a time zone from the list, such as Europe/Paris.", code="invalid_timezone"
        )


_ZONES: frozenset[str] | None = None


def available_timezones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(zoneinfo.available_timezones())
    return _ZONES
