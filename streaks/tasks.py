"""Celery tasks for milestones: thin, they take ids, call services and hold the retry policy."""

from celery import shared_task

from community.outbox import OutboxTask


@shared_task(base=OutboxTask)
def milestone_congratulate(award_id: int) -> bool:
    """Send the in-app and e-mail congratulation for one award, exactly once."""
    from .services import award_deliver

    return award_deliver(award_id=award_id)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=75)
def milestones_sweep(full: bool = False) -> int:
    """Every few minutes: award milestones reached by the passing of time, and deliver them.
    Once a day with `full`: look at every milestone, however long ago it was reached."""
    from .services import milestones_sweep as sweep

    award_ids = sweep(full=full)
    for award_id in award_ids:
        milestone_congratulate.delay(award_id)
    return len(award_ids)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def reminders_send() -> int:
    """Every few minutes: the daily reminders whose local time has come."""
    from .services import reminders_send as send

    return send()


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def letters_read_again_send() -> int:
    """Every few minutes: "read it again tomorrow" reminders whose local morning has come."""
    from .services import letters_read_again_send as send

    return send()
