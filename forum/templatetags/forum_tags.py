"""Template helpers for forum pages."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from accounts.templatetags.links import link

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number: int) -> str:
    """The current query string with another page number, so filters survive paging."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.filter
def ago(moment: datetime) -> str:
    """How long ago, as "3 hours ago", or "just now" within the first minute (not "0 minutes ago")."""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment)} ago"


# {% link %} in forum pages too, without loading a second library.
register.simple_tag(link, name="link")
