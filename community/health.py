"""/healthz for load balancers and operators: do the database, the cache and the broker answer?"""

import logging
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait

from django.core.cache import cache
from django.db import connection, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .celery import app as celery_app

logger = logging.getLogger(__name__)

# Each check gets this long; a load balancer calls often and must hear back quickly.
HEALTH_CHECK_TIMEOUT = 2


def _database() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connections.close_all()  # this thread's own connection


def _cache() -> None:
    key, token = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, token, timeout=10)
    # The cache may swallow its errors (pages go on without it): only reading back tells.
    if cache.get(key) != token:
        raise ConnectionError("the cache did not keep a value")
    cache.delete(key)


def _broker() -> None:
    with celery_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=0, timeout=HEALTH_CHECK_TIMEOUT)


HEALTH_CHECKS: dict[str, Callable[[], None]] = {"database": _database, "cache": _cache, "broker": _broker}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and operators: 200 when the database, the cache and the broker answer,
    503 otherwise. Says which, and nothing else (no versions, no addresses, no errors)."""
    executor = ThreadPoolExecutor(max_workers=len(HEALTH_CHECKS), thread_name_prefix="healthz")
    futures = {name: executor.submit(check) for name, check in HEALTH_CHECKS.items()}
    wait(futures.values(), timeout=HEALTH_CHECK_TIMEOUT)
    executor.shutdown(wait=False)  # a check that hangs must not hold the answer
    checks = {}
    for name, future in futures.items():
        failure = future.exception() if future.done() else TimeoutError(name)
        if failure is not None:
            logger.warning("Health check %s failed: %r", name, failure)
        checks[name] = "ok" if failure is None else "unavailable"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )
