"""Times on pages, in the zone activated for the request (the member's own, UTC for visitors)."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def local_time(value: dt.datetime | None, pattern: str = "j M Y, H:i") -> str:
    """`value` in the current zone; UTC is named, since a visitor's zone is not known."""
    if value is None:
        return ""
    text = date_format(timezone.localtime(value), pattern)
    return f"{text} UTC" if timezone.get_current_timezone_name() == "UTC" else text
