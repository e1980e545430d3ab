"""Point this test process's Celery at a real broker for the length of a test."""

from collections.abc import Iterator
from contextlib import contextmanager

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
        for group in (pools.producers, pools.connections):
            pool = dict.pop(group, key, None)
            if pool is not None:
                pool.force_close_all()
        if app._pool is not None:
            app._pool.force_close_all()
        app.conf.update(saved_conf)
        app._pool, app.amqp._producer_pool = saved_pools
