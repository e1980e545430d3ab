"""Rate limits: DRF's write throttle on every API write, and allauth's limits on a real (Redis) cache.

The test settings switch DRF's default throttles off so other tests can write freely; here they
are put back, or set low, on purpose.
"""

import uuid

import pytest
import redis
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from community.api import WriteRateThrottle
from community.settings import base
from tests.conftest import REDIS_URL
from tests.factories import PASSWORD, UserFactory

WRITE_METHODS = {"post", "put", "patch", "delete"}


def _api_views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and prefix.startswith("api/v1/"):
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None:
                yield prefix + str(pattern.pattern), view_class


def test_every_api_write_is_throttled():
    unthrottled = [
        f"{method.upper()} /{route}"
        for route, view_class in _api_views(get_resolver().url_patterns)
        for method in WRITE_METHODS
        if hasattr(view_class, method)
        and not any(issubclass(throttle, WriteRateThrottle) for throttle in view_class.throttle_classes)
    ]
    assert not unthrottled, "writes without WriteRateThrottle: " + ", ".join(unthrottled)


def test_reads_and_writes_have_a_default_throttle_outside_tests():
    throttles = base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    assert "community.throttling.AnonRateThrottle" in throttles
    assert "community.throttling.UserRateThrottle" in throttles
    assert set(base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]) >= {"anon", "user", "write"}


@pytest.mark.django_db
def test_the_write_throttle_answers_429_with_retry_after_and_leaves_reads_alone(monkeypatch):
    monkeypatch.setattr(WriteRateThrottle, "rate", "3/min", raising=False)
    client = APIClient()
    client.force_authenticate(UserFactory())
    answers = [
        client.post("/api/v1/streaks/urges/create/", {"strength": 2, "action": "text"}, format="json")
        for _ in range(4)
    ]
    assert [answer.status_code for answer in answers] == [201, 201, 201, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert answers[-1].json()["message"]
    assert client.get("/api/v1/streaks/urges/").status_code == 200
    # Another member has their own allowance.
    other = APIClient()
    other.force_authenticate(UserFactory())
    response = other.post("/api/v1/streaks/urges/create/", {"strength": 2, "action": "text"}, format="json")
    assert response.status_code == 201


@pytest.mark.django_db
def test_the_write_throttle_covers_forum_writes_and_moderation(monkeypatch, moderator):
    monkeypatch.setattr(WriteRateThrottle, "rate", "1/min", raising=False)
    client = APIClient()
    client.force_authenticate(moderator)
    assert client.post("/api/v1/notifications/read/", {}, format="json").status_code == 200
    response = client.post("/api/v1/forum/blocks/", {"handle": "nobody_here"}, format="json")
    assert response.status_code == 429
    assert "Retry-After" in response


# allauth's rate limits on Redis, the cache production uses


@pytest.fixture
def redis_cache():
    """The Redis caches under a prefix of the test's own; yields a function listing its keys."""
    prefix = f"security-test-{uuid.uuid4().hex}"
    client = redis.Redis.from_url(REDIS_URL)
    # Not the `settings` fixture: the caches must be local again before the shared fixture clears
    # them after the test, or that would empty the whole Redis database others use.
    with override_settings(CACHES=base.redis_caches(REDIS_URL, key_prefix=prefix)):
        yield lambda: list(client.scan_iter(match=f"{prefix}:*"))
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.mark.redis
@pytest.mark.django_db
def test_failed_log_ins_are_limited_on_redis(client, redis_cache):
    member = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": member.email, "password": "a-wrong-guess"})
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert b"Too many failed login attempts" in response.content
    assert any(b":allauth:rl:" in key for key in redis_cache()), "the limits were counted on Redis"


@pytest.mark.redis
@pytest.mark.django_db
def test_failed_app_log_ins_are_limited_on_redis(redis_cache):
    member = UserFactory()
    api = APIClient()
    for _ in range(5):
        api.post(
            "/_allauth/app/v1/auth/login", {"email": member.email, "password": "a-wrong-guess"}, format="json"
        )
    response = api.post(
        "/_allauth/app/v1/auth/login", {"email": member.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "too_many_login_attempts"
    assert not response.json().get("meta", {}).get("session_token")


@pytest.mark.redis
@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_address_on_redis(client, redis_cache):
    member = UserFactory()
    statuses = [
        client.post(reverse("account_reset_password"), {"email": member.email}).status_code for _ in range(7)
    ]
    assert statuses[:5] == [302] * 5
    assert 429 in statuses[5:]


@pytest.mark.redis
@pytest.mark.django_db
def test_sign_ups_are_limited_per_address_on_redis(redis_cache):
    api = APIClient()
    statuses = []
    for number in range(22):
        data = {
            "email": f"newcomer{number}@example.com",
            "username": f"newcomer_{number}",
            "password": PASSWORD,
            "timezone": "Europe/Paris",
        }
        statuses.append(api.post("/_allauth/app/v1/auth/signup", data, format="json").status_code)
    assert 429 in statuses
    assert statuses.index(429) == 20
