"""Background work that must not be lost: a row is the outbox, a task delivers it once.

A service writes the row (an award, a notification, a deletion request) in its transaction and
calls `enqueue_on_commit`. If the broker is unreachable the request still answers; the row stays
undelivered and a beat sweep enqueues it again. The task locks the row, does the work, marks it
done in the same transaction: a task that finds it done does nothing.
"""

import datetime as dt
import logging
from typing import Any

from celery import Task
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# A row still undelivered this long after it was written is enqueued again by its sweep: longer
# than a delivery takes when all is well, so the sweep does not race the first task.
REDELIVER_AFTER = dt.timedelta(minutes=5)


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Enqueue `task(*args)` once the current transaction commits (at once outside of one).

    An unreachable broker is logged, never shown to the member: the row the task delivers is
    still undelivered, and its sweep enqueues it again once the broker is back.
    """

    def enqueue() -> None:
        try:
            task.delay(*args)
        except (OperationalError, ConnectionError, OSError):
            logger.warning("Broker unreachable; %s%r is left for the sweep.", task.name, args, exc_info=True)

    transaction.on_commit(enqueue)


class OutboxTask(DjangoTask):
    """Delivers one outbox row: acknowledged only once done, so a worker lost in the middle leaves
    the message to another; retried with backoff on any error.

    Time limits and the longest retry wait stay below the broker's visibility timeout
    (CELERY_BROKER_TRANSPORT_OPTIONS), or Redis would hand the message to a second worker.
    A failure that outlasts the retries is left to the sweep.
    """

    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = (Exception,)
    retry_backoff = True
    retry_backoff_max = 60
    retry_jitter = True
    max_retries = 8
    soft_time_limit = 30
    time_limit = 45
