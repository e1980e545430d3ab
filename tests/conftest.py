"""Shared fixtures, and the rule for tests that need real services.

A test marked `postgres`, `redis` or `worker` runs when the service is reachable and is skipped
with the reason when not; with REQUIRE_SERVICES=1 (CI) a missing service fails the test instead.
"""

import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import ModeratorFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).parent / "e2e" / "node_modules" / "axe-core" / "axe.min.js"


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=1):
            return True
    except OSError:
        return False


def _missing_service(item: pytest.Item) -> str | None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "needs PostgreSQL: run with DATABASE_URL=postgres://..."
    if (item.get_closest_marker("redis") or item.get_closest_marker("worker")) and not _reachable(
        REDIS_URL, 6379
    ):
        return f"needs Redis at {REDIS_URL}"
    if item.get_closest_marker("browser"):
        if not shutil.which(CHROMIUM):
            return f"needs Debian's chromium at {CHROMIUM}"
        if not AXE_SCRIPT.exists():
            return "needs axe-core: npm ci --prefix tests/e2e"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A transactional test ends by emptying the database, data migrations included (the
    # Moderators group, the forum's categories and crisis phrases): restore them for the next.
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and "serialized_rollback" not in marker.kwargs:
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True), append=False
            )


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = _missing_service(item)
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    from community.cache import ratelimit_cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    ratelimit_cache.clear()
    yield
    cache.clear()
    ratelimit_cache.clear()


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def other_member(db):
    return UserFactory()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def member_api(member):
    client = APIClient()
    client.force_authenticate(member)
    return client


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
