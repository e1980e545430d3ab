"""Point this test process's Celery at a real broker for the length of a test."""

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from kombu import pools
from kombu.utils.collections import eqhash

from community.celery import app


@contextmanager
def celery_broker(url: str, **conf) -> Iterator[None]:
    """Enqueue on `url` instead of running tasks in-process.

    The application's broker pools are set aside, not closed (they may serve other tests in this
    process), and the pools made for `url` are closed and forgotten afterwards: kombu keeps pools
    per broker address for the life of the process, and a closed one would fail every later test.
    """
    settings = {"task_always_eager": False, "broker_url": url, **conf}
    saved_conf = {key: app.conf[key] for key in settings}
    saved_pools = (app._pool, app.amqp._producer_pool)
    app.conf.update(settings)
    app._pool = app.amqp._producer_pool = None
    try:
        yield
    finally:
        key = eqhash(app.connection_for_write())
        used = app._pool
        # Put everything back first: closing a pool to a Redis that is gone may raise.
        app.conf.update(saved_conf)
        app._pool, app.amqp._producer_pool = saved_pools
        for pool in (dict.pop(pools.producers, key, None), dict.pop(pools.connections, key, None), used):
            # With `url` the application's own broker, kombu's pool may be the one set aside.
            if pool is not None and all(pool is not kept for kept in saved_pools):
                with suppress(Exception):
                    pool.force_close_all()
