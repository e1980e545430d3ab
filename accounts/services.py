"""Every change to a member's account, blocks and notifications goes through here."""

import json
from collections.abc import Iterable
from datetime import timedelta
from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from community.cache import bump_on_commit
from community.exceptions import ApplicationError
from community.text import render_markdown

from . import privacy, selectors
from .models import AccountDeletion, Block, DataExport, Notification, User
from .validators import is_reserved_handle

PROFILE_FIELDS = (
    "handle",
    "bio",
    "timezone",
    "streak_visibility",
    "email_on_milestone",
    "email_on_reply",
    "email_on_moderation",
)


def profile_update(*, user: User, data: dict[str, Any]) -> User:
    """Update the fields of a member's own profile; unknown fields are ignored.

    Refused input raises ApplicationError or ValidationError and leaves `user` as it was.
    """
    changed = [field for field in PROFILE_FIELDS if field in data and getattr(user, field) != data[field]]
    if not changed:
        return user
    if "bio" in changed:
        changed.append("bio_html")
    previous = {field: getattr(user, field) for field in changed}
    try:
        for field in changed:
            setattr(user, field, data[field] if field != "bio_html" else render_markdown(data["bio"]))
        if "handle" in changed:
            _check_handle_free(user)
        user.full_clean(exclude=["password"])
        with transaction.atomic():
            user.save(update_fields=changed)
    except IntegrityError as error:
        _restore(user, previous)
        raise ApplicationError("That handle is already taken.", field="handle") from error
    except Exception:
        _restore(user, previous)
        raise
    return user


def _check_handle_free(user: User) -> None:
    if is_reserved_handle(user.handle):
        raise ApplicationError("That handle is reserved. Please choose another.", field="handle")
    if User.objects.filter(handle__iexact=user.handle).exclude(pk=user.pk).exists():
        raise ApplicationError("That handle is already taken.", field="handle")


def _restore(user: User, previous: dict[str, Any]) -> None:
    for field, value in previous.items():
        setattr(user, field, value)


def block_create(*, blocker: User, blocked: User) -> Block:
    if blocker.pk == blocked.pk:
        raise ApplicationError("You cannot block yourself.")
    block, _ = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    return block


def block_delete(*, blocker: User, blocked: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


def _notifications_changed(*, user_ids: Iterable[int]) -> None:
    """The unread counts of these members are stale (see selectors.notifications_unread_count)."""
    bump_on_commit([selectors.notifications_version_key(user_id=user_id) for user_id in set(user_ids)])


def notification_create(
    *, recipient: User, kind: str, title: str, body: str = "", url: str = ""
) -> Notification:
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, title=title, body=body, url=url
    )
    _notifications_changed(user_ids=[recipient.pk])
    return notification


def notifications_create(
    *, recipients: Iterable[User], kind: str, title: str, body: str = "", url: str = ""
) -> int:
    rows = [Notification(recipient=r, kind=kind, title=title, body=body, url=url) for r in recipients]
    created = Notification.objects.bulk_create(rows)
    _notifications_changed(user_ids=[row.recipient_id for row in created])
    return len(created)


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark some (or, with no ids, all) of a member's unread notifications as read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(Q(pk__in=list(ids)))
    marked = unread.update(read_at=timezone.now())
    if marked:
        _notifications_changed(user_ids=[user.pk])
    return marked


# Data export and account deletion

EXPORT_LIFETIME = timedelta(days=7)
# A request still being prepared after this long is taken as lost, and a new one may start.
EXPORT_PATIENCE = timedelta(hours=1)
EXPORT_FORMAT = "no-contact-export/1"


def _enqueue_on_commit(task: Any, *args: Any) -> None:
    """Enqueue once the transaction commits; a broker outage is logged, never shown to the member."""
    transaction.on_commit(lambda: task.delay(*args), robust=True)


@transaction.atomic
def data_export_request(*, user: User) -> DataExport:
    """Ask for a download of all one's data; one at a time, a new one replaces the previous link."""
    from .tasks import data_export_build as build_task

    User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time per member
    now = timezone.now()
    pending = DataExport.objects.filter(
        user=user, status=DataExport.Status.PENDING, created_at__gte=now - EXPORT_PATIENCE
    ).first()
    if pending is not None:
        return pending
    DataExport.objects.filter(user=user).delete()
    export = DataExport(user=user, created_at=now)
    export.full_clean()
    export.save()
    _enqueue_on_commit(build_task, export.pk)
    return export


def data_export_build(*, export_id: int) -> bool:
    """Write the member's data into the export, and tell them it is ready. False if nothing to do."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=export_id, status=DataExport.Status.PENDING)
            .first()
        )
        if export is None or not export.user.is_active:
            return False
        user = export.user
        now = timezone.now()
        data = {"format": EXPORT_FORMAT, "exported_at": now.isoformat(), **privacy.member_data(user=user)}
        export.content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        export.status = DataExport.Status.READY
        export.ready_at = now
        export.expires_at = now + EXPORT_LIFETIME
        export.full_clean()
        export.save()
        url = reverse("accounts:export_download", args=[export.token])
        notification_create(
            recipient=user,
            kind=Notification.Kind.ACCOUNT,
            title="Your data is ready to download",
            body="The link works for 7 days, and only for you once you have logged in.",
            url=url,
        )
        transaction.on_commit(lambda: _data_export_email(export=export, url=url), robust=True)
    return True


def _data_export_email(*, export: DataExport, url: str) -> None:
    user = export.user
    if not user.email:
        return
    until = timezone.localtime(export.expires_at, user.zone)
    send_mail(
        subject=f"[{settings.SITE_NAME}] Your data is ready to download",
        message="\n".join(
            [
                f"Hello {user.handle},",
                "",
                "The copy of your data you asked for is ready:",
                f"{settings.SITE_URL}{url}",
                "",
                f"The link works until {until:%d %B %Y, %H:%M} ({user.timezone}), and only once you "
                "have logged in to your account.",
                "",
                "If you did not ask for it, you can ignore this e-mail; you may want to change your password.",
            ]
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def data_export_fail(*, export_id: int) -> None:
    """Preparing the export kept failing: say so, so the member can ask again."""
    DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING).update(
        status=DataExport.Status.FAILED
    )


def data_exports_purge_expired() -> int:
    """Forget the contents of exports whose link has expired; returns how many were cleared."""
    return DataExport.objects.filter(expires_at__lte=timezone.now()).exclude(content="").update(content="")


DELETE_PASSWORD_TRIES = 5
DELETE_PASSWORD_WINDOW = timedelta(minutes=15)


def _password_confirm(*, user: User, password: str) -> None:
    """The member's current password, with a few tries only: a session left open on a shared
    device must not become a way to guess it."""
    key = f"accounts:delete-password-failures:{user.pk}"
    if cache.get(key, 0) >= DELETE_PASSWORD_TRIES:
        raise ApplicationError(
            "That was several wrong passwords in a row, so we paused this for a while. "
            "Please try again in 15 minutes.",
            field="password",
            status=429,
        )
    if password and user.check_password(password):
        return
    cache.add(key, 0, timeout=int(DELETE_PASSWORD_WINDOW.total_seconds()))
    cache.incr(key)
    raise ApplicationError(
        "That is not your current password, so nothing has changed. Please try again.",
        field="password",
    )


@transaction.atomic
def account_delete_request(*, user: User, password: str, keep_posts: bool) -> AccountDeletion:
    """The member confirms with their password; the account stops working at once, and is erased
    in the background (forum posts kept as "a former member" or deleted, as they chose)."""
    from .tasks import account_erase as erase_task

    _password_confirm(user=user, password=password)
    locked = User.objects.select_for_update().get(pk=user.pk)
    deletion, _ = AccountDeletion.objects.update_or_create(
        user=locked, defaults={"keep_posts": keep_posts, "requested_at": timezone.now()}
    )
    # An inactive member is logged out of every browser and app on their next request.
    User.objects.filter(pk=locked.pk).update(is_active=False)
    user.is_active = False
    _enqueue_on_commit(erase_task, locked.pk)
    return deletion


def account_erase(*, user_id: int) -> bool:
    """Erase a member who asked for it: every app's data, then the account itself.

    Afterwards the e-mail address and the handle are free to sign up again. False if there was
    nothing to erase (already done, perhaps by another worker at the same time).
    """
    deletion = AccountDeletion.objects.select_related("user").filter(user_id=user_id).first()
    if deletion is None:
        return False
    sessions_end(user=deletion.user)
    with transaction.atomic():
        deletion = (
            AccountDeletion.objects.select_for_update().select_related("user").filter(user_id=user_id).first()
        )
        if deletion is None:
            return False
        user = deletion.user
        privacy.member_erase_sections(user=user, keep_posts=deletion.keep_posts)
        EmailAddress.objects.filter(user=user).delete()
        Notification.objects.filter(recipient=user).delete()
        Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
        DataExport.objects.filter(user=user).delete()
        email, handle = user.email, user.handle
        user.delete()
        transaction.on_commit(lambda: _account_deleted_email(email=email, handle=handle), robust=True)
    return True


def _account_deleted_email(*, email: str, handle: str) -> None:
    """The last word to a member who left: it is done, and the door stays open."""
    if not email:
        return
    send_mail(
        subject=f"[{settings.SITE_NAME}] Your account is deleted",
        message="\n".join(
            [
                f"Hello {handle},",
                "",
                "Your account and your data are now deleted, as you asked.",
                "",
                "Thank you for being part of the community. If you ever want to come back, you are "
                f"welcome to join again with this e-mail address: {settings.SITE_URL}/accounts/signup/",
                "",
                "Take good care of yourself.",
            ]
        ),
        from_email=None,
        recipient_list=[email],
    )


def sessions_end(*, user: User) -> int:
    """Delete every session of `user`: browser logins and the mobile app's session tokens alike
    (allauth's headless tokens are Django sessions). Returns how many were deleted.

    The session table is not indexed by member, so this reads the unexpired sessions in chunks;
    it runs in the background, and the member is already inactive, so no session works meanwhile.
    """
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore()
    get_model = getattr(store, "get_model_class", None)
    if get_model is None:
        return 0
    model = get_model()
    member = str(user.pk)
    keys = [
        key
        for key, data in model.objects.filter(expire_date__gt=timezone.now())
        .values_list("session_key", "session_data")
        .iterator(chunk_size=2000)
        if store.decode(data).get(SESSION_KEY) == member
    ]
    deleted, _ = model.objects.filter(session_key__in=keys).delete()
    return deleted
