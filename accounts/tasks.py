"""Background work for members: notification e-mails, building a data export, erasing an account."""

from celery import shared_task

from community.outbox import OutboxTask


@shared_task(base=OutboxTask)
def notification_email_deliver(notification_id: int) -> bool:
    """E-mail one notification, exactly once, if the member wants e-mail of that kind."""
    from .services import notification_email_deliver as deliver

    return deliver(notification_id=notification_id)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=75)
def notification_emails_resend() -> int:
    """Every few minutes: enqueue again the e-mails of notifications still unsent a while after
    they were written (the broker was down, a worker was lost)."""
    from .services import notification_emails_due

    notification_ids = notification_emails_due()
    for notification_id in notification_ids:
        notification_email_deliver.delay(notification_id)
    return len(notification_ids)


@shared_task(base=OutboxTask)
def notification_push_deliver(notification_id: int) -> bool:
    """Push one notification to the member's devices, exactly once; retried while the push service
    is unreachable."""
    from .services import notification_push_deliver as deliver

    return deliver(notification_id=notification_id)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=75)
def notification_pushes_resend() -> int:
    """Every few minutes: enqueue again the pushes still unsent a while after they were written."""
    from .services import notification_pushes_due

    notification_ids = notification_pushes_due()
    for notification_id in notification_ids:
        notification_push_deliver.delay(notification_id)
    return len(notification_ids)


@shared_task(base=OutboxTask, bind=True, max_retries=3, soft_time_limit=60, time_limit=75)
def data_export_build(self, export_id: int) -> bool:
    """Prepare one export; after the last failed try the member is told it could not be prepared."""
    from . import services

    try:
        built = services.data_export_build(export_id=export_id)
    except Exception:
        if self.request.retries >= self.max_retries:
            services.data_export_fail(export_id=export_id)
        raise
    services.data_exports_purge_expired()
    return built


@shared_task(base=OutboxTask, soft_time_limit=60, time_limit=75)
def account_erase(user_id: int) -> bool:
    """Erase a member who asked for it; running it again after success does nothing."""
    from .services import account_erase as erase

    return erase(user_id=user_id)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=75)
def account_erasures_resume() -> int:
    """Enqueue the erasure of accounts whose deletion was asked for a while ago but is still there
    (the broker was down, or a worker was lost)."""
    from .selectors import account_deletions_overdue

    user_ids = list(account_deletions_overdue())
    for user_id in user_ids:
        account_erase.delay(user_id)
    return len(user_ids)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=75)
def data_exports_purge() -> int:
    """Hourly: forget the contents of exports whose link has expired."""
    from . import services

    return services.data_exports_purge_expired()
