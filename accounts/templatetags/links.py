"""{% link name %} and {% link name value %}: {% url %} for the links on every page (the menu,
the footer, the member's home), each pattern reversed once per process (community.links)."""

from django import template

from community.links import link as _link

register = template.Library()


@register.simple_tag
def link(name: str, value: int | str | None = None) -> str:
    return _link(name, value)
