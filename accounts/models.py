"""Members, who blocks whom, and the in-app notification inbox."""

import uuid
import zoneinfo
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Greatest, Least, Lower

from .validators import HANDLE_MAX_LENGTH, handle_validators, validate_timezone

# Everyday sites a quick exit can land on: nothing on them hints at where the member was.
QUICK_EXIT_CHOICES = [
    ("https://www.google.com/", "Google search"),
    ("https://duckduckgo.com/", "DuckDuckGo search"),
    ("https://www.bing.com/", "Bing search"),
    ("https://weather.com/", "The Weather Channel"),
    ("https://www.bbc.com/weather", "BBC Weather"),
    ("https://www.bbc.com/news", "BBC News"),
    ("https://news.google.com/", "Google News"),
]
QUICK_EXIT_DEFAULT = QUICK_EXIT_CHOICES[0][0]


class MemberManager(UserManager["User"]):
    def _create_user_object(
        self, handle: str, email: str | None, password: str | None, **extra_fields: Any
    ) -> "User":
        user = self.model(handle=handle, email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        return user

    def _create_user(
        self, handle: str, email: str | None, password: str | None, **extra_fields: Any
    ) -> "User":
        user = self._create_user_object(handle, email, password, **extra_fields)
        user.save(using=self._db)
        return user

    # Django's createsuperuser and allauth pass the USERNAME_FIELD by name, so the first argument is
    # `handle` where UserManager has `username`.
    def create_user(  # type: ignore[override]
        self, handle: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(handle, email, password, **extra_fields)

    def create_superuser(  # type: ignore[override]
        self, handle: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(handle, email, password, **extra_fields)

    def get_by_natural_key(self, handle: str | None) -> "User":
        return self.get(handle__iexact=handle)


class User(AbstractUser):
    """A member, known to others only by their handle."""

    class StreakVisibility(models.TextChoices):
        ONLY_ME = "only_me", "Only me"
        MEMBERS = "members", "Members"
        EVERYONE = "everyone", "Everyone"

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]

    handle = models.CharField(
        max_length=HANDLE_MAX_LENGTH,
        unique=True,
        validators=handle_validators,
        help_text="3 to 30 letters, digits or underscores. The only name other members see.",
    )
    bio = models.TextField(blank=True, max_length=1000)
    bio_html = models.TextField(blank=True, editable=False)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    streak_visibility = models.CharField(
        max_length=10, choices=StreakVisibility.choices, default=StreakVisibility.MEMBERS
    )
    email_on_milestone = models.BooleanField("E-mail me when I reach a milestone", default=True)
    email_on_reply = models.BooleanField("E-mail me about replies and mentions", default=True)
    email_on_moderation = models.BooleanField("E-mail me when a moderator decides on my post", default=True)
    email_on_partner = models.BooleanField(
        "E-mail me about my accountability partners", default=True, db_default=True
    )
    # Safety settings, read on every page (quick exit, discreet title), so kept on the member's row;
    # with defaults in the database too, for rows inserted in bulk with SQL.
    quick_exit_url = models.URLField(
        "Quick exit goes to",
        max_length=200,
        choices=QUICK_EXIT_CHOICES,
        default=QUICK_EXIT_DEFAULT,
        db_default=QUICK_EXIT_DEFAULT,
    )
    quick_exit_explained = models.BooleanField(default=False, db_default=False, editable=False)
    discreet = models.BooleanField("Discreet mode", default=False, db_default=False)
    # A listener is told when someone asks the community for support right now.
    listener = models.BooleanField(
        "I am a listener",
        default=False,
        db_default=False,
        help_text="Be told when someone asks the community for support right now.",
    )
    email_on_right_now = models.BooleanField(
        "E-mail me when someone asks for support right now", default=False, db_default=False
    )
    country = models.CharField(
        max_length=2,
        blank=True,
        default="",
        db_default="",
        help_text="ISO 3166 code; blank: from the time zone.",
    )

    # Push to this member's browsers and app, per kind of notification, and the hours it waits.
    push_on_milestone = models.BooleanField("When I reach a milestone", default=True, db_default=True)
    push_on_reply = models.BooleanField("Replies to my posts", default=True, db_default=True)
    push_on_mention = models.BooleanField("When someone mentions me", default=True, db_default=True)
    push_on_moderation = models.BooleanField(
        "Moderators' decisions on my posts", default=True, db_default=True
    )
    push_on_partner = models.BooleanField("Partner invites and answers", default=True, db_default=True)
    push_on_sos = models.BooleanField("When a partner needs support", default=True, db_default=True)
    push_on_reminder = models.BooleanField("My daily reminder", default=True, db_default=True)
    push_on_right_now = models.BooleanField(
        "Someone asks for support right now (as a listener)", default=True, db_default=True
    )
    # Local times in the member's zone; both set means quiet hours are on (they may cross midnight).
    # Both or neither: services.push_settings_update sees to it.
    quiet_hours_start = models.TimeField("Quiet from", null=True, blank=True)
    quiet_hours_end = models.TimeField("Quiet until", null=True, blank=True)
    quiet_hours_sos_breaks_through = models.BooleanField(
        "A partner's SOS still reaches me in quiet hours", default=True, db_default=True
    )

    USERNAME_FIELD = "handle"
    REQUIRED_FIELDS = ["email"]

    objects: ClassVar[MemberManager] = MemberManager()

    class Meta:
        permissions = [("moderate", "Can moderate the community")]
        constraints = [
            models.UniqueConstraint(Lower("handle"), name="accounts_user_handle_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.handle

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def is_moderator(self) -> bool:
        return self.has_perm("accounts.moderate")


class Block(models.Model):
    """`blocker` no longer sees `blocked`'s posts and cannot be mentioned by them."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocked_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="accounts_block_unique"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="accounts_block_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"


class Partnership(models.Model):
    """Two members who keep each other company: each sees the other's day count, milestones and
    SOS, and nothing else.

    It starts as an invite, to a member by handle or as a private link (no invitee until someone
    holding it accepts), and is a partnership once accepted. Declined or ended, the row is deleted.
    """

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Partners"

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_invites_sent"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partner_invites_received",
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One invite or partnership per pair, whoever asked first.
            models.UniqueConstraint(
                Least("inviter", "invitee"),
                Greatest("inviter", "invitee"),
                condition=models.Q(invitee__isnull=False),
                name="accounts_partnership_pair_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(inviter=models.F("invitee")), name="accounts_partnership_not_self"
            ),
            models.CheckConstraint(
                condition=models.Q(status="invited") | models.Q(invitee__isnull=False),
                name="accounts_partnership_active_has_two",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inviter_id} and {self.invitee_id} ({self.status})"


class SosAlert(models.Model):
    """ "I need support right now": every partner of `sender` is alerted; each may answer once."""

    MESSAGE_MAX_LENGTH = 280

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sos_alerts")
    message = models.TextField(blank=True, max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["sender", "-created_at"], name="accounts_sos_sender_idx")]

    def __str__(self) -> str:
        return f"SOS from {self.sender_id} at {self.created_at}"


class SosReply(models.Model):
    """A partner's one short private answer to an SOS, shown in the sender's inbox."""

    BODY_MAX_LENGTH = 500

    alert = models.ForeignKey(SosAlert, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sos_replies")
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "author"], name="accounts_sos_one_reply_each")
        ]

    def __str__(self) -> str:
        return f"Reply of {self.author_id} to SOS {self.alert_id}"


class Notification(models.Model):
    """An in-app notification in a member's inbox; the row is also the outbox of its e-mail."""

    class Kind(models.TextChoices):
        MILESTONE = "milestone", "Milestone"
        REPLY = "reply", "Reply"
        MENTION = "mention", "Mention"
        MODERATION = "moderation", "Moderation"
        ACCOUNT = "account", "Your account"
        PARTNER = "partner", "Partners"
        SOS = "sos", "A partner's SOS"
        REMINDER = "reminder", "Daily reminder"
        RIGHT_NOW = "right_now", "Someone asks for support now"

    class EmailState(models.TextChoices):
        NONE = "none", "No e-mail"
        PENDING = "pending", "To be e-mailed"
        SENT = "sent", "E-mailed"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The push channel has its own state on the same row: each channel is delivered once.
    push_state = models.CharField(
        max_length=10, choices=EmailState.choices, default=EmailState.NONE, db_default=EmailState.NONE
    )
    pushed_at = models.DateTimeField(null=True, blank=True)
    # A push held by the member's quiet hours waits until then; the sweep sends it.
    push_held_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="accounts_notif_unread_idx"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_state="pending"),
                name="accounts_notif_email_due_idx",
            ),
            models.Index(
                fields=["created_at"],
                condition=models.Q(push_state="pending"),
                name="accounts_notif_push_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PushSubscription(models.Model):
    """A browser where the member turned on "Notify me on this device" (Web Push)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Push subscription {self.pk} of {self.user_id}"


class MobileDevice(models.Model):
    """The member's phone, where the app registered for push: an FCM (Android) or APNs (iOS) token.

    A token identifies one install of the app, so it is unique: when someone else signs in on that
    phone, the token moves to them.
    """

    class Platform(models.TextChoices):
        FCM = "fcm", "Android (FCM)"
        APNS = "apns", "iOS (APNs)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="devices")
    platform = models.CharField(max_length=4, choices=Platform.choices)
    token = models.CharField(max_length=512, unique=True)
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} device {self.pk} of {self.user_id}"


class PushDelivery(models.Model):
    """One notification pushed to one browser or phone: so each gets it once, even when another
    device of the member failed and the push is retried."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="push_deliveries")
    device = models.ForeignKey(MobileDevice, on_delete=models.CASCADE, null=True, related_name="+")
    subscription = models.ForeignKey(PushSubscription, on_delete=models.CASCADE, null=True, related_name="+")
    delivered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "device"],
                condition=models.Q(device__isnull=False),
                name="accounts_pushdelivery_device_once",
            ),
            models.UniqueConstraint(
                fields=["notification", "subscription"],
                condition=models.Q(subscription__isnull=False),
                name="accounts_pushdelivery_subscription_once",
            ),
            models.CheckConstraint(
                condition=models.Q(device__isnull=True) ^ models.Q(subscription__isnull=True),
                name="accounts_pushdelivery_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"Push of {self.notification_id}"


class DataExport(models.Model):
    """A member's download of all their data, built in the background, offered for a few days.

    The JSON is kept in the database, so the web and the worker need not share a disk.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be prepared"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    content = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField()
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_export_user_idx")]

    def __str__(self) -> str:
        return f"Data export {self.token} ({self.status})"


class AccountDeletion(models.Model):
    """A member asked to delete their account; the row goes with the account once it is erased.

    It is the outbox of the erasing task: one left behind means the erasure still has to run.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_deletion"
    )
    keep_posts = models.BooleanField()
    requested_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Deletion of {self.user_id}"
