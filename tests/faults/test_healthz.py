"""/healthz for load balancers: 200 when the database, the cache and the broker answer, 503 and
which one failed otherwise; quickly either way, never cached, and nothing more than that."""

import time

import pytest
from django.test import override_settings

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db]


def _cache_on(redis_url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_healthz_answers_200_when_everything_answers(client, broker):
    with override_settings(CACHES=_cache_on(broker.url)):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_healthz_answers_503_quickly_and_says_what_is_down_when_redis_is_stopped(client, broker):
    with override_settings(CACHES=_cache_on(broker.url)), broker.down():
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "unavailable", "broker": "unavailable"},
    }
    assert elapsed < 3, f"the health check took {elapsed:.1f}s"
    assert "no-cache" in response["Cache-Control"]
