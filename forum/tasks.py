"""E-mails about forum activity, sent in the background after the in-app notification is saved."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from accounts.models import Notification

EMAIL_PREFERENCE: dict[str, str] = {
    Notification.Kind.REPLY: "email_on_reply",
    Notification.Kind.MENTION: "email_on_reply",
    Notification.Kind.MODERATION: "email_on_moderation",
}


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_kwargs={"max_retries": 5},
    soft_time_limit=30,
    time_limit=45,
)
def notification_email_send(notification_id: int) -> bool:
    """E-mail one forum notification, if the member asked for that kind of e-mail."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        return False
    recipient = notification.recipient
    preference = EMAIL_PREFERENCE.get(notification.kind)
    if (
        preference is None
        or not getattr(recipient, preference)
        or not recipient.is_active
        or not recipient.email
    ):
        return False
    lines = [notification.title]
    if notification.body:
        lines += ["", notification.body]
    if notification.url:
        lines += ["", f"{settings.SITE_URL}{notification.url}"]
    lines += ["", "You can change which e-mails you receive in your settings."]
    send_mail(
        subject=f"[{settings.SITE_NAME}] {notification.title}",
        message="\n".join(lines),
        from_email=None,
        recipient_list=[recipient.email],
    )
    return True
