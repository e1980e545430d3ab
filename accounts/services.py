"""Every change to a member's account, blocks and notifications goes through here."""

import json
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.core.mail import EmailMessage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from community.cache import bump_on_commit, ratelimit_cache
from community.exceptions import ApplicationError
from community.mail import email_render, message_id
from community.outbox import REDELIVER_AFTER, enqueue_on_commit
from community.text import render_markdown

from . import cache as keys
from . import mobile_push, privacy, push, selectors
from .models import (
    AccountDeletion,
    Block,
    DataExport,
    MobileDevice,
    Notification,
    Partnership,
    PushDelivery,
    PushSubscription,
    SosAlert,
    SosReply,
    User,
)
from .validators import is_reserved_handle

PROFILE_FIELDS = (
    "handle",
    "bio",
    "timezone",
    "streak_visibility",
    "email_on_milestone",
    "email_on_reply",
    "email_on_moderation",
    "email_on_partner",
    "email_on_right_now",
    "listener",
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


@transaction.atomic
def block_create(*, blocker: User, blocked: User) -> Block:
    """Blocking wins over everything: it also ends a partnership or an invite between the two."""
    if blocker.pk == blocked.pk:
        raise ApplicationError("You cannot block yourself.")
    block, _ = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    selectors.partnerships_between(first=blocker, second=blocked).delete()
    return block


def block_delete(*, blocker: User, blocked: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


# Accountability partners

PARTNERS_MAX = 5
PARTNER_INVITE_LIFETIME = timedelta(days=7)
# Invites waiting for an answer: enough for a few people one trusts, not a way to spam.
PARTNER_INVITES_WAITING_MAX = 10


def _members_lock(*members: User) -> None:
    """Lock the members' rows, always in the same order, so that two partnerships formed at the same
    time cannot take either member beyond PARTNERS_MAX."""
    list(User.objects.select_for_update().filter(pk__in=[m.pk for m in members]).order_by("pk"))


def _partners_full(member: User) -> bool:
    return selectors.partners_of(user=member).count() >= PARTNERS_MAX


@transaction.atomic
def partner_invite(*, inviter: User, handle: str = "") -> Partnership:
    """Invite a member by handle to be partners, or (without a handle) make a private link that
    whoever the inviter gives it to may accept. Either expires in PARTNER_INVITE_LIFETIME."""
    now = timezone.now()
    _members_lock(inviter)
    if _partners_full(inviter):
        raise ApplicationError(
            f"You already have {PARTNERS_MAX} partners, the most there can be. "
            "To invite someone new, you can end a partnership first.",
            status=409,
        )
    waiting = Partnership.objects.filter(
        inviter=inviter, status=Partnership.Status.INVITED, expires_at__gt=now
    ).count()
    if waiting >= PARTNER_INVITES_WAITING_MAX:
        raise ApplicationError(
            "You have many invites waiting for an answer. Please wait for some of them, or withdraw one.",
            status=409,
        )
    invitee = None
    if handle:
        invitee = User.objects.filter(handle__iexact=handle, is_active=True).first()
        if invitee is None:
            raise ApplicationError("There is no member with that handle.", field="handle")
        if invitee.pk == inviter.pk:
            raise ApplicationError("That is your own handle: invite someone you trust.", field="handle")
        if selectors.is_blocked_either_way(first=inviter, second=invitee):
            raise ApplicationError("You cannot invite this member.", field="handle")
        between = selectors.partnerships_between(first=inviter, second=invitee)
        # A lapsed invite does not stand in the way of a new one.
        between.filter(status=Partnership.Status.INVITED, expires_at__lte=now).delete()
        existing = between.first()
        if existing is not None and existing.status == Partnership.Status.ACTIVE:
            raise ApplicationError("You are already partners.", field="handle")
        if existing is not None and existing.inviter_id == inviter.pk:
            return existing
        if existing is not None:
            raise ApplicationError(
                "They have already invited you: you can accept their invite on your partners page.",
                field="handle",
            )
    invite = Partnership(
        inviter=inviter, invitee=invitee, created_at=now, expires_at=now + PARTNER_INVITE_LIFETIME
    )
    invite.full_clean()
    invite.save()
    if invitee is not None:
        notification_create(
            recipient=invitee,
            kind=Notification.Kind.PARTNER,
            title=f"{inviter.handle} would like you as an accountability partner",
            body="Partners see each other's day count and milestones, and can ask each other for "
            "support. You can accept or decline.",
            url=reverse("partners:invite", args=[invite.token]),
        )
    return invite


@transaction.atomic
def partner_invite_accept(*, user: User, token: uuid.UUID | str) -> Partnership:
    """Accept an invite sent to `user` or a link they were given; they become partners."""
    invite = selectors.partner_invite_for(user=user, token=token, lock=True)
    if invite.status == Partnership.Status.ACTIVE:
        if user.pk in (invite.inviter_id, invite.invitee_id):
            return invite
        raise ApplicationError("This invite link has already been used.", status=410)
    if invite.inviter_id == user.pk:
        raise ApplicationError("This is your own invite: give the link to someone you trust.")
    now = timezone.now()
    if invite.expires_at <= now:
        raise ApplicationError("This invite has expired. You could ask for a new one.", status=410)
    inviter = invite.inviter
    if not inviter.is_active or selectors.is_blocked_either_way(first=user, second=inviter):
        raise ApplicationError("You cannot become partners with this member.")
    _members_lock(user, inviter)
    between = selectors.partnerships_between(first=user, second=inviter).exclude(pk=invite.pk)
    if between.filter(status=Partnership.Status.ACTIVE).exists():
        raise ApplicationError("You are already partners.")
    if _partners_full(user):
        raise ApplicationError(
            f"You already have {PARTNERS_MAX} partners, the most there can be. "
            "You can end a partnership first, then accept.",
            status=409,
        )
    if _partners_full(inviter):
        raise ApplicationError(
            f"{inviter.handle} already has {PARTNERS_MAX} partners, the most there can be.", status=409
        )
    between.delete()  # an invite the other way round is answered by this one
    invite.invitee = user
    invite.status = Partnership.Status.ACTIVE
    invite.accepted_at = now
    invite.full_clean()
    invite.save()
    notification_create(
        recipient=inviter,
        kind=Notification.Kind.PARTNER,
        title=f"{user.handle} is now your accountability partner",
        body="You can see each other's day count and milestones on your dashboard.",
        url=reverse("partners:list"),
    )
    return invite


def partner_invite_delete(*, user: User, token: uuid.UUID | str) -> None:
    """Decline an invite (or a link one was given), or withdraw one's own; the inviter is not told."""
    invite = selectors.partner_invite_for(user=user, token=token)
    if invite.status == Partnership.Status.INVITED:
        invite.delete()


def partnership_end(*, user: User, partner: User) -> None:
    """Either side ends it, at any time; the other only stops seeing them among their partners."""
    ended, _ = (
        selectors.partnerships_between(first=user, second=partner)
        .filter(status=Partnership.Status.ACTIVE)
        .delete()
    )
    if not ended:
        raise ApplicationError("You are not partners with this member.", status=404)


# SOS: "I need support right now"

SOS_PER_HOUR = 3


@transaction.atomic
def sos_send(*, sender: User, message: str = "") -> SosAlert:
    """Alert every partner of `sender` at once (in-app, and by e-mail if they allow it), with a link
    to answer privately. At most SOS_PER_HOUR an hour, so it cannot become a way to harass."""
    _members_lock(sender)  # two taps at once count as two against the limit
    now = timezone.now()
    recent = SosAlert.objects.filter(sender=sender, created_at__gt=now - timedelta(hours=1)).count()
    if recent >= SOS_PER_HOUR:
        raise ApplicationError(
            f"You have asked your partners for support {SOS_PER_HOUR} times in the last hour, the most "
            "we send so that alerts keep their weight. You can still post in the forum, or see the help "
            "available right now.",
            status=429,
        )
    blocked = Block.objects.filter(Q(blocker=sender) | Q(blocked=sender)).values_list(
        "blocker_id", "blocked_id"
    )
    blocked_ids = {member_id for pair in blocked for member_id in pair} - {sender.pk}
    recipients = list(selectors.partners_of(user=sender).exclude(pk__in=blocked_ids))
    if not recipients:
        raise ApplicationError(
            "You have no partners to alert yet. You can invite someone you trust, post in the forum, "
            "or see the help available right now."
        )
    message = message.strip()
    if len(message) > SosAlert.MESSAGE_MAX_LENGTH:
        raise ApplicationError(
            f"Please keep the message under {SosAlert.MESSAGE_MAX_LENGTH} characters.", field="message"
        )
    alert = SosAlert(sender=sender, message=message, created_at=now)
    alert.full_clean()
    alert.save()
    url = reverse("partners:sos", args=[alert.pk])
    for partner in recipients:
        notification_create(
            recipient=partner,
            kind=Notification.Kind.SOS,
            title=f"{sender.handle} needs support right now",
            body=alert.message or f"{sender.handle} is having a hard moment and reached out to you.",
            url=url,
        )
    return alert


@transaction.atomic
def sos_reply(*, user: User, alert_id: int, body: str) -> SosReply:
    """A partner's one short private answer, delivered to the SOS sender's inbox."""
    alert = selectors.sos_get_for_partner(user=user, alert_id=alert_id)
    body = body.strip()
    if not body:
        raise ApplicationError("Please write a few words to send.", field="body")
    if len(body) > SosReply.BODY_MAX_LENGTH:
        raise ApplicationError(
            f"Please keep your answer under {SosReply.BODY_MAX_LENGTH} characters.", field="body"
        )
    if SosReply.objects.filter(alert=alert, author=user).exists():
        raise ApplicationError("You have already answered this SOS.", status=409)
    reply = SosReply(alert=alert, author=user, body=body, created_at=timezone.now())
    reply.full_clean()
    try:
        with transaction.atomic():
            reply.save()
    except IntegrityError as error:
        raise ApplicationError("You have already answered this SOS.", status=409) from error
    notification_create(
        recipient=alert.sender,
        kind=Notification.Kind.SOS,
        title=f"{user.handle} answered your SOS",
        body=body,
        url=reverse("accounts:notifications"),
    )
    return reply


def _notifications_changed(*, user_ids: Iterable[int]) -> None:
    """The unread counts of these members are stale (see selectors.notifications_unread_count)."""
    bump_on_commit([keys.notifications_version_key(user_id=user_id) for user_id in set(user_ids)])


# The member's setting that decides whether they want an e-mail of each kind of notification.
# Kinds not listed (their own account: an export they asked for) are always e-mailed.
EMAIL_PREFERENCE: dict[str, str] = {
    Notification.Kind.MILESTONE: "email_on_milestone",
    Notification.Kind.REPLY: "email_on_reply",
    Notification.Kind.MENTION: "email_on_reply",
    Notification.Kind.MODERATION: "email_on_moderation",
    Notification.Kind.PARTNER: "email_on_partner",
    Notification.Kind.SOS: "email_on_partner",
    Notification.Kind.RIGHT_NOW: "email_on_right_now",
}


def _wants_email(*, recipient: User, kind: str) -> bool:
    preference = EMAIL_PREFERENCE.get(kind)
    return (
        recipient.is_active
        and bool(recipient.email)
        and (preference is None or getattr(recipient, preference))
    )


def notification_create(
    *, recipient: User, kind: str, title: str, body: str = "", url: str = "", enqueue_email: bool = True
) -> Notification:
    """A notification in the member's inbox, and its e-mail if they want e-mail of this kind.

    The row is the e-mail's outbox: it is enqueued once the transaction commits, and the sweep
    enqueues it again if that was lost. `enqueue_email=False` when the caller sends the e-mail
    itself in its transaction, with notification_email_send (a milestone, with its award).
    """
    wants_email = _wants_email(recipient=recipient, kind=kind)
    now = timezone.now()
    wants_push = push.wants_push(member=recipient, kind=kind) and bool(
        _push_recipient_ids(recipient_ids=[recipient.pk])
    )
    held_until = push.push_held_until(member=recipient, kind=kind, now=now) if wants_push else None
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        title=title,
        body=body,
        url=url,
        email_state=Notification.EmailState.PENDING if wants_email else Notification.EmailState.NONE,
        push_state=Notification.EmailState.PENDING if wants_push else Notification.EmailState.NONE,
        push_held_until=held_until,
    )
    _notifications_changed(user_ids=[recipient.pk])
    if wants_email and enqueue_email:
        from .tasks import notification_email_deliver as deliver_task

        enqueue_on_commit(deliver_task, notification.pk)
    if wants_push and held_until is None:
        _enqueue_push(notification_id=notification.pk)
    return notification


def _push_recipient_ids(*, recipient_ids: list[int]) -> set[int]:
    """Which of these members have a browser or a phone to push to, on the channels that are on."""
    found: set[int] = set()
    if push.web_push_enabled():
        found |= set(
            PushSubscription.objects.filter(user_id__in=recipient_ids).values_list("user_id", flat=True)
        )
    platforms = mobile_push.enabled_platforms()
    if platforms:
        found |= set(
            MobileDevice.objects.filter(user_id__in=recipient_ids, platform__in=platforms).values_list(
                "user_id", flat=True
            )
        )
    return found


def _enqueue_push(*, notification_id: int) -> None:
    from .tasks import notification_push_deliver as push_task

    enqueue_on_commit(push_task, notification_id)


def notification_push_deliver(*, notification_id: int) -> bool:
    """Push a notification to each of the member's browsers and phones, exactly once each.
    Returns whether it reached one now.

    Like the e-mail: the row is locked while pushing. Each device reached is written down (a
    PushDelivery), so a retry after another device failed does not push twice. A service that says
    a device is gone has it deleted; one that fails raises once the others are done, and the task
    retries with backoff. A member in their quiet hours gets it when they end (the sweep sends it).
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, push_state=Notification.EmailState.PENDING)
            .first()
        )
        if notification is None:
            return False
        recipient, now = notification.recipient, timezone.now()
        if not push.wants_push(member=recipient, kind=notification.kind):
            notification.push_state = Notification.EmailState.NONE
            notification.save(update_fields=["push_state"])
            return False
        held_until = push.push_held_until(member=recipient, kind=notification.kind, now=now)
        if held_until is not None:
            notification.push_held_until = held_until
            notification.save(update_fields=["push_held_until"])
            return False
        reached, failure = _push_to_devices(notification=notification)
        if failure is None:
            reached_any = reached or notification.push_deliveries.exists()
            notification.push_state = (
                Notification.EmailState.SENT if reached_any else Notification.EmailState.NONE
            )
            notification.pushed_at = now if reached_any else None
            notification.save(update_fields=["push_state", "pushed_at"])
    if failure is not None:
        raise failure
    return reached


def _push_to_devices(*, notification: Notification) -> tuple[bool, push.PushServiceUnavailable | None]:
    """Push to each browser and phone not reached yet, writing down each one reached. Returns
    whether one was reached now, and a failure if a push service failed (the others still go)."""
    content = push.push_content(notification)
    done = PushDelivery.objects.filter(notification=notification)
    targets: list[PushSubscription | MobileDevice] = []
    if push.web_push_enabled():
        targets += PushSubscription.objects.filter(user=notification.recipient).exclude(
            pk__in=done.filter(subscription__isnull=False).values("subscription_id")
        )
    targets += MobileDevice.objects.filter(
        user=notification.recipient, platform__in=mobile_push.enabled_platforms()
    ).exclude(pk__in=done.filter(device__isnull=False).values("device_id"))
    reached, failure = False, None
    for target in targets:
        try:
            if isinstance(target, MobileDevice):
                delivered = mobile_push.device_send(device=target, content=content)
            else:
                delivered = push.web_push_send(subscription=target, content=content)
        except push.PushServiceUnavailable as error:
            failure = error
            continue
        if delivered:
            PushDelivery.objects.create(
                notification=notification,
                delivered_at=timezone.now(),
                device=target if isinstance(target, MobileDevice) else None,
                subscription=target if isinstance(target, PushSubscription) else None,
            )
            reached = True
    return reached, failure


def notification_pushes_due(*, now: datetime | None = None) -> list[int]:
    """Pushes for the sweep: still unsent a while after they were written, or held by quiet hours
    that have ended."""
    now = now or timezone.now()
    due = Notification.objects.filter(push_state=Notification.EmailState.PENDING).filter(
        Q(push_held_until__isnull=True, created_at__lte=now - REDELIVER_AFTER) | Q(push_held_until__lte=now)
    )
    return list(due.order_by("pk").values_list("pk", flat=True))


def push_subscribe(*, user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """This browser may be pushed to ("Notify me on this device"). An endpoint is one browser's: it
    moves to whoever subscribes with it last."""
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "created_at": timezone.now()},
    )
    return subscription


def push_unsubscribe(*, user: User, endpoint: str) -> None:
    deleted, _ = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    if not deleted:
        raise ApplicationError("This device is not registered for notifications.", status=404)


DEVICES_MAX = 10


@transaction.atomic
def device_register(*, user: User, platform: str, token: str, name: str = "") -> tuple[MobileDevice, bool]:
    """The app on this phone may be pushed to. Returns the device and whether it is new for `user`.

    A token is one install of the app: registering it again only renames it, and when another
    member signs in on that phone, it moves to them (the previous member no longer gets pushes
    there). At most DEVICES_MAX phones per member.
    """
    _members_lock(user)  # two registrations at once cannot go beyond the limit
    device = MobileDevice.objects.select_for_update().filter(token=token).first()
    if device is not None and device.user_id == user.pk:
        if device.name != name or device.platform != platform:
            device.name, device.platform = name, platform
            device.full_clean()
            device.save(update_fields=["name", "platform"])
        return device, False
    if MobileDevice.objects.filter(user=user).count() >= DEVICES_MAX:
        raise ApplicationError(
            f"You already receive notifications on {DEVICES_MAX} devices, the most there can be. "
            "You can remove one you no longer use, then add this one.",
            field="token",
        )
    if device is None:
        device = MobileDevice(token=token)
    device.user, device.platform, device.name, device.created_at = user, platform, name, timezone.now()
    device.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            device.save()
    except IntegrityError:
        # Registered by someone else at the same moment: the last to sign in on the phone has it.
        MobileDevice.objects.filter(token=token).update(
            user=user, platform=platform, name=name, created_at=device.created_at
        )
        device = MobileDevice.objects.get(token=token)
    return device, True


def device_unregister(*, user: User, device_key: str) -> None:
    """Stop pushing to one of the member's phones, named by its token or its id."""
    devices = MobileDevice.objects.filter(user=user)
    by_id = device_key.isdigit() and len(device_key) <= 18
    deleted, _ = (devices.filter(pk=int(device_key)) if by_id else devices.filter(token=device_key)).delete()
    if not deleted:
        raise ApplicationError("This device is not registered for notifications.", status=404)


PUSH_SETTINGS_FIELDS = privacy.PUSH_SETTINGS_FIELDS


def push_settings_update(*, user: User, data: dict[str, Any]) -> User:
    """Which kinds of notification to push, and quiet hours; both times or neither."""
    changes = {field: data[field] for field in PUSH_SETTINGS_FIELDS if field in data}
    for field in ("quiet_hours_start", "quiet_hours_end"):
        if changes.get(field) is not None:
            # A local time of day, to the minute: an offset sent with it is dropped, the zone decides.
            changes[field] = changes[field].replace(second=0, microsecond=0, tzinfo=None)
    start = changes.get("quiet_hours_start", user.quiet_hours_start)
    end = changes.get("quiet_hours_end", user.quiet_hours_end)
    if (start is None) != (end is None):
        missing = "quiet_hours_end" if end is None else "quiet_hours_start"
        raise ApplicationError("Please give both the start and the end of your quiet hours.", field=missing)
    if start is not None and start == end:
        raise ApplicationError(
            "Quiet hours need to end at another time than they start.", field="quiet_hours_end"
        )
    changed = [field for field, value in changes.items() if getattr(user, field) != value]
    if changed:
        for field in changed:
            setattr(user, field, changes[field])
        User.objects.filter(pk=user.pk).update(**{field: changes[field] for field in changed})
    return user


def notification_email_deliver(*, notification_id: int) -> bool:
    """E-mail a notification, exactly once. Returns whether it was sent now.

    The row is locked while the e-mail is sent, and marked in the same transaction: a retry or a
    second delivery of the task finds it done. A member who turned that kind of e-mail off (or
    left) in the meantime gets none.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, email_state=Notification.EmailState.PENDING)
            .first()
        )
        if notification is None:
            return False
        recipient = notification.recipient
        if not _wants_email(recipient=recipient, kind=notification.kind):
            notification.email_state = Notification.EmailState.NONE
            notification.save(update_fields=["email_state"])
            return False
        context = {
            "member": recipient,
            "notification": notification,
            "link": f"{settings.SITE_URL}{notification.url}" if notification.url else "",
        }
        message = email_render(
            to=recipient.email,
            zone=recipient.zone,
            template=(f"email/notifications/{notification.kind}", "email/notifications/notification"),
            context=context,
            headers={"Message-ID": message_id(f"notification-{notification.pk}")},
        )
        notification_email_send(notification=notification, message=message)
    return True


def notification_email_send(*, notification: Notification, message: EmailMessage) -> None:
    """Send a notification's e-mail and mark it sent; the caller holds the row's lock."""
    message.send()
    notification.email_state = Notification.EmailState.SENT
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["email_state", "emailed_at"])


def notification_emails_due(*, now: datetime | None = None) -> list[int]:
    """Notifications whose e-mail is still unsent a while after they were written: the task was
    lost (the broker was down, a worker died) or kept failing. For the sweep to enqueue again."""
    now = now or timezone.now()
    due = Notification.objects.filter(
        email_state=Notification.EmailState.PENDING, created_at__lte=now - REDELIVER_AFTER
    )
    return list(due.order_by("pk").values_list("pk", flat=True))


def notifications_create(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    deliver: bool = False,
) -> int:
    """The same notification for many members in one statement; `deliver` also e-mails and pushes
    it to those who want it, each channel through the row's outbox, as notification_create does."""
    return notifications_create_linked(
        links=[(recipient, url) for recipient in recipients],
        kind=kind,
        title=title,
        body=body,
        deliver=deliver,
    )


def notifications_create_linked(
    *, links: Iterable[tuple[User, str]], kind: str, title: str, body: str = "", deliver: bool = False
) -> int:
    """Like notifications_create, each notification with its own link (a member may get several)."""
    links = list(links)
    now = timezone.now()
    pushed_to = (
        _push_recipient_ids(recipient_ids=[r.pk for r, _ in links if push.wants_push(member=r, kind=kind)])
        if deliver
        else set()
    )
    rows = [
        Notification(
            recipient=recipient,
            kind=kind,
            title=title,
            body=body,
            url=url,
            email_state=Notification.EmailState.PENDING
            if deliver and _wants_email(recipient=recipient, kind=kind)
            else Notification.EmailState.NONE,
            push_state=Notification.EmailState.PENDING
            if recipient.pk in pushed_to
            else Notification.EmailState.NONE,
            push_held_until=push.push_held_until(member=recipient, kind=kind, now=now)
            if recipient.pk in pushed_to
            else None,
        )
        for recipient, url in links
    ]
    created = Notification.objects.bulk_create(rows)
    _notifications_changed(user_ids=[row.recipient_id for row in created])
    if deliver:
        from .tasks import notification_email_deliver as deliver_task

        for row in created:
            if row.email_state == Notification.EmailState.PENDING:
                enqueue_on_commit(deliver_task, row.pk)
            if row.push_state == Notification.EmailState.PENDING and row.push_held_until is None:
                _enqueue_push(notification_id=row.pk)
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
    enqueue_on_commit(build_task, export.pk)
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
        until = timezone.localtime(export.expires_at, user.zone)
        notification_create(
            recipient=user,
            kind=Notification.Kind.ACCOUNT,
            title="Your data is ready to download",
            body=f"The link works until {until:%d %B %Y, %H:%M} ({user.timezone}), and only once you "
            "have logged in to your account.",
            url=reverse("accounts:export_download", args=[export.token]),
        )
    return True


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
    # Counted like the sign-in limits, so a Redis outage neither locks out nor lifts the limit.
    counter = ratelimit_cache
    key = keys.delete_password_failures_key(user_id=user.pk)
    if counter.get(key, 0) >= DELETE_PASSWORD_TRIES:
        raise ApplicationError(
            "That was several wrong passwords in a row, so we paused this for a while. "
            "Please try again in 15 minutes.",
            field="password",
            status=429,
            retry_after=int(DELETE_PASSWORD_WINDOW.total_seconds()),
        )
    if password and user.check_password(password):
        return
    counter.add(key, 0, timeout=int(DELETE_PASSWORD_WINDOW.total_seconds()))
    counter.incr(key)
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
    enqueue_on_commit(erase_task, locked.pk)
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
        # Their SOS words leave with them from their partners' inboxes too.
        sos_urls = [
            reverse("partners:sos", args=[pk])
            for pk in SosAlert.objects.filter(sender=user).values_list("pk", flat=True)
        ]
        Notification.objects.filter(kind=Notification.Kind.SOS, url__in=sos_urls).delete()
        Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
        DataExport.objects.filter(user=user).delete()
        if user.email:
            # The last word to a member who left: it is done, and the door stays open.
            farewell = email_render(
                to=user.email,
                zone=user.zone,
                template="email/accounts/account_deleted",
                context={"member": user, "signup_url": f"{settings.SITE_URL}/accounts/signup/"},
            )
            transaction.on_commit(farewell.send, robust=True)
        user.delete()
    return True


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
    prefix = getattr(store, "cache_key_prefix", None)
    if prefix is not None:  # sessions also kept in the cache (cached_db): gone from there too
        caches[settings.SESSION_CACHE_ALIAS].delete_many([prefix + key for key in keys])
    return deleted
