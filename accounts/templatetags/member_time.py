"""Times on pages, in the zone activated for the request (the member's own, UTC for visitors)."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dates import MONTHS_3

register = template.Library()


DEFAULT = "j M Y, H:i"


@register.filter
def local_time(value: dt.datetime | None, pattern: str = DEFAULT) -> str:
    """`value` in the current zone; UTC is named, since a visitor's zone is not known."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    if pattern == DEFAULT:
        # What date_format gives for the default pattern, without parsing it for every time on a page.
        text = f"{local.day} {MONTHS_3[local.month].title()} {local.year}, {local.hour:02}:{local.minute:02}"
    else:
        text = date_format(local, pattern)
    return f"{text} UTC" if timezone.get_current_timezone_name() == "UTC" else text
