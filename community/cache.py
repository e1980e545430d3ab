"""The version keys that make cached values stale at once when what they were made from changes,
and the cache that rate limits count on, which falls back to this process's memory during an outage.

The default cache is django-redis ignoring connection errors (settings): while Redis cannot be
reached every read is a miss, which every caller here already handles, so an outage costs speed,
never a page.
"""

import logging
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.utils.connection import ConnectionProxy
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


class RateLimitCache(BaseCache):
    """Counts on Redis, shared by every process; while Redis is unreachable, in this process's memory.

    Failing closed would refuse every log-in during an outage, failing open would allow unlimited
    password guesses: counting per process for a while is neither. After a failure Redis is left
    alone for RETRY_AFTER seconds, so a Redis that does not answer costs one timeout, not one per
    call; counts made in memory meanwhile are not carried over when it answers again.
    """

    RETRY_AFTER = 10
    # Per process, shared by the threads' instances of the alias, like LocMemCache's storage.
    _failed_at: ClassVar[dict[str, float]] = {}

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self._server = server
        options = {**params.get("OPTIONS", {}), "IGNORE_EXCEPTIONS": False}
        self._redis = RedisCache(server, {**params, "OPTIONS": options})
        self._memory = LocMemCache(f"ratelimit:{server}", {**params, "OPTIONS": {}})

    def _call(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        failed_at = self._failed_at.get(self._server)
        if failed_at is None or time.monotonic() - failed_at > self.RETRY_AFTER:
            try:
                result = getattr(self._redis, operation)(*args, **kwargs)
            except (RedisConnectionError, RedisTimeoutError) as error:
                self._failed_at[self._server] = time.monotonic()
                logger.warning(
                    "Redis unreachable: rate limits are counted in this process's memory for now (%s)", error
                )
            else:
                self._failed_at.pop(self._server, None)
                return result
        return getattr(self._memory, operation)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta=delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        return self._call("clear")

    def close(self, **kwargs):
        self._redis.close(**kwargs)


# What allauth's rate limits and the API's throttles count on (settings CACHES["ratelimit"]).
ratelimit_cache: BaseCache = ConnectionProxy(caches, "ratelimit")  # type: ignore[assignment]


# Version keys: cached values are stored beside the version they were computed under, so bumping
# a version makes every value computed before it stale at once, without finding or deleting them.

VERSION_TTL = 60 * 60 * 24 * 7


def _fresh_version() -> int:
    # A random start, never a number used before, in case a version key expired or was evicted.
    return secrets.randbelow(900_000_000) + 100_000_000


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
    started = {key: _fresh_version() for key in keys if found.get(key) is None}
    if started:
        # add() keeps a value another process set meanwhile; read those back so both agree.
        kept = [key for key, added in _add_many(started).items() if not added]
        if kept:
            found = {**found, **cache.get_many(kept)}
    return [found.get(key) or started[key] for key in keys]


def _add_many(values: dict[str, int]) -> dict[str, bool]:
    """cache.add() of each version, in one round trip to Redis (a pipeline of SET NX) rather than
    one each: a page computed with an empty cache starts a version per thread it lists.

    While Redis is unreachable nothing is added, as add() answers then."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return {key: bool(cache.add(key, value, VERSION_TTL)) for key, value in values.items()}
    client = backend.client
    try:
        pipeline = client.get_client(write=True).pipeline()
        for key, value in values.items():
            client.set(key, value, VERSION_TTL, client=pipeline, nx=True)
        return dict(zip(values, (bool(added) for added in pipeline.execute()), strict=True))
    except (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError) as error:
        logger.warning("Redis unreachable: versions start in this process only (%s)", error)
        return dict.fromkeys(values, False)


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
