"""Background work for members' privacy: building a data export and erasing an account."""

from celery import shared_task


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
    soft_time_limit=120,
    time_limit=150,
)
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


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    soft_time_limit=240,
    time_limit=300,
)
def account_erase(user_id: int) -> bool:
    """Erase a member who asked for it; running it again after success does nothing."""
    from .services import account_erase as erase

    return erase(user_id=user_id)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def account_erasures_resume() -> int:
    """Enqueue the erasure of accounts whose deletion was asked for a while ago but is still there
    (the broker was down, or a worker was lost)."""
    from .selectors import account_deletions_overdue

    user_ids = list(account_deletions_overdue())
    for user_id in user_ids:
        account_erase.delay(user_id)
    return len(user_ids)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def data_exports_purge() -> int:
    """Hourly: forget the contents of exports whose link has expired."""
    from . import services

    return services.data_exports_purge_expired()
