"""Streaks without contact, daily check-ins, urges held, slips and the milestones they earn."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Streak(models.Model):
    """Days without contact, counted from a local start date in the member's own calendar."""

    class EndKind(models.TextChoices):
        REACHED_OUT = "reached_out", "I reached out"
        ANSWERED = "answered", "I answered my ex"
        LOGISTICS = "logistics", "Logistics (children, a lease, shared things)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="streaks")
    start_date = models.DateField()
    last_contact_at = models.DateTimeField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_kind = models.CharField(max_length=20, choices=EndKind.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(ended_on__isnull=True), name="streaks_one_active_per_member"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start_date")),
                name="streaks_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(
                fields=["start_date"], condition=Q(ended_on__isnull=True), name="streaks_active_start_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} from {self.start_date}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


MOOD_LABELS = {1: "Very low", 2: "Low", 3: "Okay", 4: "Good", 5: "Very good"}


class CheckIn(models.Model):
    """One per member and local day: "I held on today", with an optional mood and private note."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    streak = models.ForeignKey(Streak, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField()
    mood = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(blank=True, max_length=2000)
    # Set when the member answered the evening review ("How was today?") with this check-in.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="streaks_one_checkin_per_day"),
            models.CheckConstraint(
                condition=Q(mood__isnull=True) | Q(mood__gte=1, mood__lte=5), name="streaks_checkin_mood_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.day}"

    @property
    def mood_label(self) -> str:
        return MOOD_LABELS.get(self.mood, "") if self.mood is not None else ""


class Urge(models.Model):
    """A moment the member wanted to make contact, and whether they held on."""

    class Action(models.TextChoices):
        CALL = "call", "Call"
        TEXT = "text", "Text"
        MESSAGE = "message", "Message"
        SOCIAL_MEDIA = "social_media", "Look at their social media"
        SHOW_UP = "show_up", "Show up where they are"
        OTHER = "other", "Something else"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="urges")
    streak = models.ForeignKey(Streak, on_delete=models.SET_NULL, null=True, blank=True, related_name="urges")
    occurred_at = models.DateTimeField()
    strength = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    action = models.CharField(max_length=20, choices=Action.choices)
    ex_reached_out = models.BooleanField("My ex reached out", default=False)
    held_on = models.BooleanField(default=True)
    note = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["user", "held_on"], name="streaks_urge_user_held_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(strength__gte=1, strength__lte=5), name="streaks_urge_strength_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.occurred_at}"


# A slip recorded by mistake can be undone for this long after it was recorded.
SLIP_UNDO_WINDOW = dt.timedelta(hours=24)


class Slip(models.Model):
    """Contact happened. Recorded without judgement; it may end the streak, history stays."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slips")
    streak = models.ForeignKey(Streak, on_delete=models.CASCADE, related_name="slips")
    day = models.DateField()
    kind = models.CharField(max_length=20, choices=Streak.EndKind.choices)
    note = models.TextField(blank=True, max_length=2000)
    ended_streak = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Undone as recorded by mistake: the row stays, the streak runs on as if it never ended.
    undone_at = models.DateTimeField(null=True, blank=True)
    # The awards the slip took away, as they were (delivered or not), so an undo puts them back
    # without congratulating twice.
    withdrawn_awards = models.JSONField(default=list, db_default=[], blank=True)

    class Meta:
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.day}"

    @property
    def undo_until(self) -> dt.datetime:
        return self.created_at + SLIP_UNDO_WINDOW

    @property
    def can_undo(self) -> bool:
        """Recorded by mistake? It can be undone for a day after it was recorded."""
        return self.undone_at is None and timezone.now() < self.undo_until


class MilestoneAward(models.Model):
    """A milestone a streak reached; the row is also the outbox of its congratulation."""

    streak = models.ForeignKey(Streak, on_delete=models.CASCADE, related_name="awards")
    days = models.PositiveIntegerField()
    awarded_at = models.DateTimeField()
    notify = models.BooleanField(default=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    # When the member saw its celebration card and closed it (or shared the milestone): the card
    # shows on their next visits until then, and never after.
    celebrated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-days"]
        constraints = [
            models.UniqueConstraint(fields=["streak", "days"], name="streaks_award_once_per_milestone"),
        ]
        indexes = [
            models.Index(
                fields=["awarded_at"],
                condition=Q(notify=True, delivered_at__isnull=True),
                name="streaks_award_undelivered_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.days} days (streak {self.streak_id})"

    @property
    def reached_on(self) -> dt.date:
        """The day the milestone was reached in the member's calendar: a back-dated start reaches
        its milestones on past days, whenever the award row was written."""
        return self.streak.start_date + dt.timedelta(days=self.days)


class StreakPreferences(models.Model):
    """A member's choices about how their streak is counted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="streak_preferences"
    )
    logistics_ends_streak = models.BooleanField(
        "Contact about logistics (children, a lease, shared things) ends my streak", default=False
    )
    reminder_time = models.TimeField(
        "Remind me to check in at",
        null=True,
        blank=True,
        help_text="In your own time zone; empty for no reminder.",
    )
    pledge_reminder_time = models.TimeField(
        "Remind me to make my morning pledge at",
        null=True,
        blank=True,
        help_text="In your own time zone; empty for no reminder.",
    )
    review_reminder_time = models.TimeField(
        "Remind me of the evening review at",
        null=True,
        blank=True,
        help_text="In your own time zone; empty for no reminder.",
    )

    def __str__(self) -> str:
        return f"Preferences of {self.user_id}"


class Reason(models.Model):
    """One of the member's own reasons for keeping no contact: private, in the order they chose."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reasons")
    text = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["user", "position"], name="streaks_reason_user_pos_idx")]

    def __str__(self) -> str:
        return f"Reason {self.pk} of {self.user_id}"


class Letter(models.Model):
    """A letter to the ex that is never sent anywhere: written to let it out, kept private."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letters")
    body = models.TextField(max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    glad_at = models.DateTimeField("Glad I didn't send it", null=True, blank=True)
    # "Read it again tomorrow": the member's local day to be reminded, in their morning, and when
    # the reminder went out (once).
    read_again_on = models.DateField(null=True, blank=True)
    read_again_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="streaks_letter_user_idx"),
            models.Index(
                fields=["read_again_on"],
                condition=Q(read_again_on__isnull=False, read_again_sent_at__isnull=True),
                name="streaks_letter_again_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Letter {self.pk} of {self.user_id}"


class Pledge(models.Model):
    """The morning pledge, "Today I keep no contact": one tap, once per member and local day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pledges")
    day = models.DateField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="streaks_one_pledge_per_day")]

    def __str__(self) -> str:
        return f"Pledge of {self.user_id} on {self.day}"


class Reminder(models.Model):
    """A daily reminder (to check in, to pledge, to review the day), sent to a member on one of
    their local days: one row per member, day and kind, so two sweeps at once, or a day that
    repeats an hour, remind once."""

    class Kind(models.TextChoices):
        CHECKIN = "checkin", "Check in"
        PLEDGE = "pledge", "Morning pledge"
        REVIEW = "review", "Evening review"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()
    kind = models.CharField(
        max_length=10, choices=Kind.choices, default=Kind.CHECKIN, db_default=Kind.CHECKIN
    )
    sent_at = models.DateTimeField()
    # Which sweep wrote the row: the one that did sends the reminder.
    run = models.UUIDField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day", "kind"], name="streaks_one_reminder_per_day_and_kind"
            )
        ]
        indexes = [models.Index(fields=["run"], name="streaks_reminder_run_idx")]

    def __str__(self) -> str:
        return f"Reminder of {self.user_id} on {self.day}"
