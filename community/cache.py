"""Redis cache that degrades to "no cache" while Redis cannot be reached, instead of failing pages,
and the version keys that make cached values stale at once when what they were made from changes.

Django's Redis backend raises on every call when the server is down; a cache miss is what every
caller here already handles, so an outage costs speed, never a page.
"""

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction
from django.utils.crypto import get_random_string
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _warn(operation: str, error: Exception) -> None:
    logger.warning("Redis cache unreachable during %s: %s", operation, error)


class ForgivingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        # Django makes a new redis.Redis for every call, and each one builds its table of about 200
        # reply handlers: a millisecond or two per page. The client is safe to share, like its pool.
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]  # Django's, not in its stubs
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client

    def get(self, key, default):
        try:
            return super().get(key, default)
        except UNREACHABLE as error:
            _warn("get", error)
            return default

    def get_many(self, keys):
        try:
            return super().get_many(keys)
        except UNREACHABLE as error:
            _warn("get_many", error)
            return {}

    def has_key(self, key):
        try:
            return super().has_key(key)
        except UNREACHABLE as error:
            _warn("has_key", error)
            return False

    def add(self, key, value, timeout):
        try:
            return super().add(key, value, timeout)
        except UNREACHABLE as error:
            _warn("add", error)
            return False

    def set(self, key, value, timeout):
        try:
            super().set(key, value, timeout)
        except UNREACHABLE as error:
            _warn("set", error)

    def set_many(self, data, timeout):
        try:
            return super().set_many(data, timeout)
        except UNREACHABLE as error:
            _warn("set_many", error)
            return list(data)

    def touch(self, key, timeout):
        try:
            return super().touch(key, timeout)
        except UNREACHABLE as error:
            _warn("touch", error)
            return False

    def delete(self, key):
        try:
            return super().delete(key)
        except UNREACHABLE as error:
            _warn("delete", error)
            return False

    def delete_many(self, keys):
        try:
            return super().delete_many(keys)
        except UNREACHABLE as error:
            _warn("delete_many", error)
            return None

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE as error:
            _warn("clear", error)
            return False

    def incr(self, key, delta):
        try:
            return super().incr(key, delta)
        except UNREACHABLE as error:
            _warn("incr", error)
            raise ValueError(f"Key '{key}' could not be incremented: the cache is unreachable.") from error


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ForgivingRedisCacheClient


# Version keys: cached values are stored beside the version they were computed under, so bumping
# a version makes every value computed before it stale at once, without finding or deleting them.

VERSION_TTL = 60 * 60 * 24 * 7


def _fresh_version() -> int:
    # A random start, never a number used before, in case a version key expired or was evicted.
    return int(get_random_string(9, "123456789"))


def bump(keys: Iterable[str]) -> None:
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, _fresh_version(), VERSION_TTL)


def bump_on_commit(keys: Iterable[str]) -> None:
    """Make what depends on `keys` stale now and again once the transaction commits.

    Now, so the writer's own next read in the transaction is fresh; after the commit, because a
    reader in between may have stored what it read before the commit under the new version.
    """
    keys = list(keys)
    bump(keys)
    transaction.on_commit(lambda: bump(keys))


def versions(keys: Sequence[str], found: dict[str, Any] | None = None) -> list[int]:
    """The current value of each version key, starting those that are missing.

    `found` may hold keys already read in the same round trip.
    """
    if found is None:
        found = cache.get_many(keys)
    result = []
    for key in keys:
        value = found.get(key)
        if value is None:
            value = _fresh_version()
            # add() keeps a value another process set meanwhile; read it back so both agree.
            if not cache.add(key, value, VERSION_TTL):
                value = cache.get(key, value)
        result.append(value)
    return result


def get_or_compute[T](*, key: str, version_key: str, compute: Callable[[], T], timeout: int) -> T:
    """The value kept under `key` if it was computed under the current version, else `compute()`.

    One round trip to the cache when the value is there; the cache being unreachable only means
    computing every time.
    """
    found = cache.get_many([version_key, key])
    stored = found.get(key)
    (version,) = versions([version_key], found)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    cache.set(key, (version, value), timeout)
    return value
