"""Template helpers for forum pages."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number: int) -> str:
    """The current query string with another page number, so filters survive paging."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.filter
def is_unread(thread) -> bool:
    """True for a thread opened before that has had activity since."""
    last_read_at = getattr(thread, "last_read_at", None)
    return last_read_at is not None and thread.last_activity_at > last_read_at
