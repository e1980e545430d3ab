"""Rate limits: DRF's throttles on every API request, and allauth's limits on a real (Redis) cache.

The test settings switch DRF's project-wide throttles off so other tests can send requests freely;
here they are put back, with small rates, through the settings.
"""

import uuid

import pytest
import redis
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from accounts.services import data_export_request
from community.api import ApiView
from community.settings import base
from tests.conftest import REDIS_URL
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def rates(settings):
    """Puts the production throttles back, with the rates a test gives."""

    def set_rates(**rates: str) -> None:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_CLASSES": base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"],
            "DEFAULT_THROTTLE_RATES": {"anon": "1000/min", "user": "1000/min", "write": "1000/min", **rates},
        }

    return set_rates


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert response.json() == {"message": response.json()["message"], "errors": {}}
    assert "try again" in response.json()["message"]
    assert 0 < int(response["Retry-After"]) <= 60


def _api_views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and prefix.startswith("api/v1/"):
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None and not view_class.__module__.startswith("drf_spectacular"):
                yield prefix + str(pattern.pattern), view_class


def test_every_api_view_has_the_shared_throttles():
    """A view on DRF's own APIView would not have them: its reads would be unlimited."""
    bare = [
        route
        for route, view_class in _api_views(get_resolver().url_patterns)
        if not issubclass(view_class, ApiView)
    ]
    assert not bare, "API views not based on community.api.ApiView: " + ", ".join(bare)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/me/", "/api/v1/me/export/", "/api/v1/forum/blocks/"])
def test_a_members_reads_are_throttled(rates, url):
    rates(user="3/min")
    member = UserFactory()
    data_export_request(user=member)
    client = APIClient()
    client.force_authenticate(member)
    answers = [client.get(url) for _ in range(4)]
    assert [answer.status_code for answer in answers[:3]] == [200, 200, 200]
    assert_throttled(answers[3])
    # Another member has their own allowance.
    other = APIClient()
    other.force_authenticate(UserFactory())
    assert other.get("/api/v1/me/").status_code == 200


@pytest.mark.django_db
def test_writes_have_a_lower_allowance_of_their_own(rates):
    rates(write="2/min")
    client = APIClient()
    client.force_authenticate(UserFactory())
    answers = [client.patch("/api/v1/me/", {"bio": str(number)}, format="json") for number in range(3)]
    assert [answer.status_code for answer in answers[:2]] == [200, 200]
    assert_throttled(answers[2])
    assert client.get("/api/v1/me/").status_code == 200
    urge = {"strength": 2, "action": "text"}
    assert_throttled(client.post("/api/v1/streaks/urges/create/", urge, format="json"))


@pytest.mark.django_db
def test_the_write_allowance_covers_forum_writes_and_moderation(rates, moderator):
    rates(write="1/min")
    client = APIClient()
    client.force_authenticate(moderator)
    assert client.post("/api/v1/notifications/read/", {}, format="json").status_code == 200
    assert_throttled(client.post("/api/v1/forum/blocks/", {"handle": "nobody_here"}, format="json"))
    assert_throttled(client.post("/api/v1/forum/moderation/members/nobody_here/suspend/", {}, format="json"))


@pytest.mark.django_db
def test_visitors_are_throttled_by_address(rates):
    rates(anon="2/min")
    member = UserFactory()
    visitor = APIClient()
    answers = [visitor.get(f"/api/v1/members/{member.handle}/") for _ in range(3)]
    assert [answer.status_code for answer in answers[:2]] == [200, 200]
    assert_throttled(answers[2])
    # A signed-in member is counted apart.
    signed_in = APIClient()
    signed_in.force_authenticate(member)
    assert signed_in.get(f"/api/v1/members/{member.handle}/").status_code == 200


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
