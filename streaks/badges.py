"""The milestone badge: an SVG image with the day count and the site's name, nothing about the member."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.csp import CSP

from .models import MilestoneAward

# An image needs nothing from anywhere: opened on its own, it may run nothing and load nothing.
BADGE_CSP = {"default-src": [CSP.NONE], "frame-ancestors": [CSP.NONE]}


def badge_svg(*, days: int) -> str:
    """The badge for a number of days. Only the count and the site's name go in: no handle, no
    dates, so it can be shared anywhere without saying who or when."""
    return render_to_string(
        "streaks/badge.svg",
        {"days": days, "unit": "day" if days == 1 else "days", "site_name": settings.SITE_NAME},
    )


def badge_response(award: MilestoneAward) -> HttpResponse:
    """The badge as a download: an attachment, never rendered in the site's origin as a page."""
    response = HttpResponse(badge_svg(days=award.days), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="no-contact-{award.days}-days.svg"'
    response["X-Content-Type-Options"] = "nosniff"
    response._csp_config = BADGE_CSP  # type: ignore[attr-defined]
    return response
