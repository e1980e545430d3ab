"""The API's throttles, counting on the rate-limit cache like allauth's limits: during a Redis
outage they go on counting in each process's memory instead of letting everything through.

A module of their own: DRF imports the default throttle classes while defining APIView, so their
module must not import rest_framework.views itself.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings

from community.cache import ratelimit_cache


class _RateFromSettings(throttling.SimpleRateThrottle):
    """Reads its rate from the settings at each request, as the view reads its throttles: DRF reads
    them once, when the class is defined, so a changed setting would otherwise never apply."""

    cache = ratelimit_cache

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES[str(self.scope)]
        return None if rate is None else str(rate)


class AnonRateThrottle(_RateFromSettings, throttling.AnonRateThrottle):
    """Every request of a visitor who is not signed in, counted by address."""


class UserRateThrottle(_RateFromSettings, throttling.UserRateThrottle):
    """Every request of a signed-in member."""


class WriteRateThrottle(UserRateThrottle):
    """Every request that changes state, with its own, lower, allowance."""

    scope = "write"

    def allow_request(self, request, view) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


class TypingRateThrottle(WriteRateThrottle):
    """Live previews and drafts, sent as a member types: more often than other writes, but bounded."""

    scope = "typing"
