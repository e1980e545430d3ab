"""The API's default throttles, counting on the rate-limit cache like allauth's limits: during a
Redis outage they go on counting in each process's memory instead of letting everything through.

A module of their own: DRF imports the default throttle classes while defining APIView, so their
module must not import rest_framework.views itself.
"""

from rest_framework import throttling

from community.cache import ratelimit_cache


class AnonRateThrottle(throttling.AnonRateThrottle):
    cache = ratelimit_cache


class UserRateThrottle(throttling.UserRateThrottle):
    cache = ratelimit_cache
