"""A member's personal safety plan, and the crisis lines of each country."""

import re

from django.conf import settings
from django.db import models

# The six steps of the Stanley-Brown safety plan, in order: field name, heading, what to write.
PLAN_STEPS = [
    (
        "warning_signs",
        "My warning signs",
        "Thoughts, moods or situations that tell me a crisis may be coming.",
    ),
    (
        "coping_on_my_own",
        "Things I can do on my own to feel better",
        "A walk, music, a shower, a breathing exercise...",
    ),
    (
        "distractions",
        "People and places that take my mind off it",
        "A friend to have coffee with, a park, a café, the gym...",
    ),
    (
        "people_to_ask",
        "People I can ask for help",
        "Names and numbers, written for you alone: the site never contacts them.",
    ),
    (
        "professionals",
        "Professionals and crisis lines I can call",
        "My doctor or therapist, a crisis line, the emergency number.",
    ),
    (
        "safe_surroundings",
        "How I make my surroundings safe",
        "What I can put away or ask someone to keep for me.",
    ),
]
PLAN_STEP_NAMES = [name for name, _heading, _hint in PLAN_STEPS]
PLAN_MAX_ITEMS = 10
PLAN_ITEM_MAX_LENGTH = 300


class SafetyPlan(models.Model):
    """Private to its author, like their notes: nobody else ever reads it, moderators included."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    warning_signs = models.JSONField(default=list, blank=True)
    coping_on_my_own = models.JSONField(default=list, blank=True)
    distractions = models.JSONField(default=list, blank=True)
    people_to_ask = models.JSONField(default=list, blank=True)
    professionals = models.JSONField(default=list, blank=True)
    safe_surroundings = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Safety plan of {self.user_id}"

    def steps(self) -> list[tuple[str, str, str, list[str]]]:
        """(name, heading, hint, items) for each step, in the plan's order."""
        return [(name, heading, hint, getattr(self, name)) for name, heading, hint in PLAN_STEPS]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in PLAN_STEP_NAMES)


class CrisisLine(models.Model):
    """A helpline, kept as data so it can be corrected in the admin without a release.

    A blank country is the international fallback, shown to everyone.
    """

    country = models.CharField(
        max_length=2,
        blank=True,
        db_index=True,
        help_text="ISO 3166 code, such as GB; blank for international.",
    )
    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=40, blank=True, help_text="As people dial it, such as 116 123.")
    text = models.CharField("Text (SMS)", max_length=40, blank=True)
    url = models.URLField("Website", blank=True)
    hours = models.CharField(max_length=80, blank=True, help_text="Such as “24 hours, every day”.")
    description = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(help_text="Where these details were checked.")
    checked_on = models.DateField(help_text="When they were last checked against the source.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within the country.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["country", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country or 'international'})"

    @property
    def phone_href(self) -> str:
        return "tel:" + re.sub(r"[^\d+]", "", self.phone) if self.phone else ""

    @property
    def text_href(self) -> str:
        return "sms:" + re.sub(r"[^\d+]", "", self.text) if self.text else ""
