"""Template helpers for forum pages."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number: int) -> str:
    """The current query string with another page number, so filters survive paging."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
