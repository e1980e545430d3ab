"""Celery tasks for milestones: thin, they take ids, call services and hold the retry policy."""

import functools
import logging

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


class OutboxTask(DjangoTask):
    """Enqueued after commit; if the broker is unreachable the request still succeeds, because
    the award row stays undelivered and the milestone sweep enqueues it again later."""

    # None like Celery's own delay_on_commit; celery-types declares an AsyncResult it never returns.
    def delay_on_commit(self, *args, **kwargs) -> None:  # type: ignore[override]
        transaction.on_commit(functools.partial(self._delay_or_leave_for_sweep, *args, **kwargs))

    def _delay_or_leave_for_sweep(self, *args, **kwargs) -> None:
        try:
            self.delay(*args, **kwargs)
        except (OperationalError, ConnectionError, OSError):
            logger.warning("Broker unreachable; %s%r is left for the sweep.", self.name, args, exc_info=True)


@shared_task(
    base=OutboxTask,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
    soft_time_limit=30,
    time_limit=45,
)
def milestone_congratulate(self, award_id: int) -> bool:
    """Send the in-app and e-mail congratulation for one award, exactly once."""
    from .services import award_deliver

    return award_deliver(award_id=award_id)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def milestones_sweep(full: bool = False) -> int:
    """Every few minutes: award milestones reached by the passing of time, and deliver them.
    Once a day with `full`: look at every milestone, however long ago it was reached."""
    from .services import milestones_sweep as sweep

    award_ids = sweep(full=full)
    for award_id in award_ids:
        milestone_congratulate.delay(award_id)
    return len(award_ids)
