"""Rate limits while Redis is stopped: counted in the process's memory, so a member can still log in
and nobody can guess passwords or write without limit."""

import logging

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from community.api import WriteRateThrottle
from community.settings.base import redis_caches
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def redis_stopped(settings, private_redis):
    settings.CACHES = redis_caches(private_redis.url)
    with private_redis.down():
        yield


def test_a_member_logs_in_while_redis_is_down(client, redis_stopped, caplog):
    member = UserFactory()
    with caplog.at_level(logging.WARNING, logger="community.cache"):
        response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)
    assert "rate limits are counted in this process's memory" in caplog.text


def test_wrong_passwords_are_still_limited_while_redis_is_down(client, redis_stopped):
    member = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": member.email, "password": "a-wrong-guess"})
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert b"Too many failed login attempts" in response.content


def test_api_writes_are_still_throttled_while_redis_is_down(redis_stopped, monkeypatch):
    monkeypatch.setattr(WriteRateThrottle, "rate", "3/min", raising=False)
    api = APIClient()
    api.force_authenticate(UserFactory())
    statuses = [
        api.post(
            "/api/v1/streaks/urges/create/", {"strength": 2, "action": "text"}, format="json"
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
