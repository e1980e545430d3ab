"""What other apps keep about a member, for the data export and the account deletion.

accounts knows none of those apps: each registers, in its AppConfig.ready(), an exporter
`(user) -> dict` giving its section of the export and an eraser `(user, keep_posts) -> None`
deleting (or, for forum posts the member chose to leave, anonymising) what it holds.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress

from . import selectors
from .models import Block, DataExport, MobileDevice, Notification, PushSubscription, SosAlert, SosReply, User

PUSH_SETTINGS_FIELDS = (
    "push_on_milestone",
    "push_on_reply",
    "push_on_mention",
    "push_on_moderation",
    "push_on_partner",
    "push_on_sos",
    "push_on_reminder",
    "push_on_right_now",
    "quiet_hours_start",
    "quiet_hours_end",
    "quiet_hours_sos_breaks_through",
)

Exporter = Callable[[User], dict[str, Any]]
Eraser = Callable[[User, bool], None]


@dataclass(frozen=True)
class Section:
    exporter: Exporter
    eraser: Eraser


_sections: dict[str, Section] = {}


def register(name: str, *, exporter: Exporter, eraser: Eraser) -> None:
    _sections[name] = Section(exporter=exporter, eraser=eraser)


def registered_sections() -> dict[str, Section]:
    return dict(_sections)


def member_data(*, user: User) -> dict[str, Any]:
    """Everything kept about `user`: their account, then each registered app's section."""
    data = {"account": account_section(user)}
    for name, section in _sections.items():
        data[name] = section.exporter(user)
    return data


def member_erase_sections(*, user: User, keep_posts: bool) -> None:
    """Let every registered app erase what it holds about `user`."""
    for section in _sections.values():
        section.eraser(user, keep_posts)


def _moment(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def account_section(user: User) -> dict[str, Any]:
    return {
        "profile": {
            "handle": user.handle,
            "email": user.email,
            "bio": user.bio,
            "timezone": user.timezone,
            "streak_visibility": user.streak_visibility,
            "email_on_milestone": user.email_on_milestone,
            "email_on_reply": user.email_on_reply,
            "email_on_moderation": user.email_on_moderation,
            "email_on_partner": user.email_on_partner,
            "email_on_right_now": user.email_on_right_now,
            "listener": user.listener,
            **{field: getattr(user, field) for field in PUSH_SETTINGS_FIELDS},
            "member_since": _moment(user.date_joined),
            "last_login": _moment(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("id")
        ],
        "blocked_members": [
            {"handle": handle, "since": _moment(created_at)}
            for handle, created_at in Block.objects.filter(blocker=user)
            .order_by("created_at", "id")
            .values_list("blocked__handle", "created_at")
        ],
        # Who my partners are, never what they shared with me: their counts are theirs.
        "partners": [
            {
                "handle": selectors.partner_of(partnership, user=user).handle,
                "since": _moment(partnership.accepted_at),
            }
            for partnership in selectors.partnerships_of(user=user)
        ],
        "partner_invites_sent": [
            {
                "to": invite.invitee.handle if invite.invitee else None,
                "created_at": _moment(invite.created_at),
                "expires_at": _moment(invite.expires_at),
            }
            for invite in selectors.partner_invites_sent(user=user).order_by("created_at", "id")
        ],
        "sos_sent": [
            {"message": message, "created_at": _moment(created_at)}
            for message, created_at in SosAlert.objects.filter(sender=user)
            .order_by("created_at", "id")
            .values_list("message", "created_at")
        ],
        "sos_answers_written": [
            {"body": body, "created_at": _moment(created_at)}
            for body, created_at in SosReply.objects.filter(author=user)
            .order_by("created_at", "id")
            .values_list("body", "created_at")
        ],
        "notifications": [
            {
                "kind": note.kind,
                "title": note.title,
                "body": note.body,
                "url": note.url,
                "created_at": _moment(note.created_at),
                "read_at": _moment(note.read_at),
            }
            for note in Notification.objects.filter(recipient=user).order_by("created_at", "id")
        ],
        # A push token is a key to the member's phone: the export shows only its last characters.
        "devices": [
            {
                "platform": platform,
                "name": name,
                "token_ends_with": token[-6:],
                "registered_at": _moment(created_at),
            }
            for platform, name, token, created_at in MobileDevice.objects.filter(user=user)
            .order_by("created_at", "id")
            .values_list("platform", "name", "token", "created_at")
        ],
        "browsers_notified": [
            {"push_service": urlsplit(endpoint).hostname, "registered_at": _moment(created_at)}
            for endpoint, created_at in PushSubscription.objects.filter(user=user)
            .order_by("created_at", "id")
            .values_list("endpoint", "created_at")
        ],
        "data_exports": [
            {"requested_at": _moment(created_at), "status": status}
            for created_at, status in DataExport.objects.filter(user=user)
            .order_by("created_at", "id")
            .values_list("created_at", "status")
        ],
    }
