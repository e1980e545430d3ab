"""Template helpers for the quick exit shown on every page."""

from django import template

from accounts.models import QUICK_EXIT_CHOICES, QUICK_EXIT_DEFAULT

register = template.Library()


@register.simple_tag(takes_context=True)
def quick_exit_url(context: template.Context) -> str:
    """The member's chosen neutral site; visitors get the default search engine."""
    user = context.get("user")
    return getattr(user, "quick_exit_url", "") or QUICK_EXIT_DEFAULT


@register.simple_tag(takes_context=True)
def quick_exit_site(context: template.Context) -> str:
    return dict(QUICK_EXIT_CHOICES)[quick_exit_url(context)]
