"""Forms of the streak pages. Times typed by the member are read in their own time zone."""

import zoneinfo
from typing import Any

from django import forms

from accounts.forms import LocalTimeField
from accounts.signup import TimezoneField
from accounts.validators import available_timezones

from .models import MOOD_LABELS, Streak, Urge
from .selectors import JOURNAL_KINDS
from .services import SHARE_MESSAGE_MAX

MOOD_CHOICES = [("", "Rather not say")] + [
    (str(mood), f"{mood} · {label}") for mood, label in MOOD_LABELS.items()
]
STRENGTH_CHOICES = [
    ("1", "1 · A passing thought"),
    ("2", "2 · Noticeable"),
    ("3", "3 · Strong"),
    ("4", "4 · Very strong"),
    ("5", "5 · Overwhelming"),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class WelcomeForm(forms.Form):
    """The first run: when the count begins, and the time zone it is counted in."""

    began = forms.ChoiceField(
        label="When did your no contact begin?",
        choices=[
            ("today", "Today is my first day"),
            ("held", "I have already held some days"),
            ("last_contact", "I know when the last contact was"),
        ],
        initial="today",
        widget=forms.RadioSelect,
    )
    days_held = forms.IntegerField(
        label="Days I have already held", required=False, min_value=0, max_value=36500
    )
    last_contact_at = forms.DateTimeField(
        label="The last contact was on", required=False, widget=DateTimeInput
    )
    timezone = TimezoneField(prefill_from_browser=False, help_text="Your days turn over at midnight here.")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # static/js/site.js sets this to the device's zone, which the member confirms by starting.
        self.fields["timezone"].widget.attrs["data-device-timezone"] = "true"

    def zone(self, default: zoneinfo.ZoneInfo) -> zoneinfo.ZoneInfo:
        """The zone chosen in the submitted form, to read the typed time in; else `default`."""
        chosen = self.data.get("timezone", "")
        return zoneinfo.ZoneInfo(chosen) if chosen in available_timezones() else default

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        began = data.get("began")
        if began == "held" and data.get("days_held") is None:
            self.add_error("days_held", "How many days have you already held?")
        if began == "last_contact" and data.get("last_contact_at") is None:
            self.add_error("last_contact_at", "When was the last contact?")
        return data

    def welcome_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "zone_name": data["timezone"],
            "days_held": data["days_held"] if data["began"] == "held" else None,
            "last_contact_at": data["last_contact_at"] if data["began"] == "last_contact" else None,
        }


class CheckInForm(forms.Form):
    day = forms.DateField(
        label="Day",
        required=False,
        widget=DateInput,
        help_text="Leave as today, or pick a past day of your streak.",
    )
    mood = forms.TypedChoiceField(
        label="How are you feeling?",
        choices=MOOD_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="A private note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only you can see it.",
    )


class ReviewForm(forms.Form):
    mood = forms.TypedChoiceField(
        label="How was today?",
        choices=MOOD_CHOICES,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose how today was."},
    )
    note = forms.CharField(
        label="A few words about today",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional, and only you can see it. It is kept with today's check-in.",
    )


class UrgeForm(forms.Form):
    strength = forms.TypedChoiceField(
        label="How strong is it?", choices=STRENGTH_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    action = forms.ChoiceField(label="What did you want to do?", choices=Urge.Action.choices)
    ex_reached_out = forms.BooleanField(label="My ex reached out to me", required=False)
    held_on = forms.TypedChoiceField(
        label="Did you hold on?",
        choices=[("yes", "Yes, I held on"), ("no", "No, there was contact")],
        coerce=lambda value: value == "yes",
        initial="yes",
        widget=forms.RadioSelect,
    )
    occurred_at = forms.DateTimeField(
        label="When", required=False, widget=DateTimeInput, help_text="Leave empty for right now."
    )
    note = forms.CharField(
        label="A private note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class SlipForm(forms.Form):
    day = forms.DateField(label="When did it happen?", widget=DateInput)
    kind = forms.ChoiceField(label="What happened?", choices=Streak.EndKind.choices, widget=forms.RadioSelect)
    restart_on = forms.DateField(
        label="Start again on",
        required=False,
        widget=DateInput,
        help_text="Leave empty to start the day after. Your history and total days stay.",
    )
    note = forms.CharField(
        label="A private note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PreferencesForm(forms.Form):
    logistics_ends_streak = forms.BooleanField(
        label="Contact about logistics (children, a lease, shared things) ends my streak", required=False
    )


class ReasonForm(forms.Form):
    text = forms.CharField(
        label="A reason",
        max_length=300,
        help_text="For example: “I deserve someone who chooses me.” Only you can see it.",
    )


class LetterForm(forms.Form):
    body = forms.CharField(
        label="Your letter",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Say everything you want to say. It is never sent: only you can read it.",
    )


class LetterWriteForm(LetterForm):
    read_again = forms.BooleanField(
        label="Remind me to read it again tomorrow morning",
        required=False,
        help_text="A notification at 9:00 tomorrow, in your time zone. It does not include your words.",
    )


class ShareForm(forms.Form):
    message = forms.CharField(
        label="A few words of your own",
        required=False,
        max_length=SHARE_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Added below your milestone. Like every post, it may be read by a moderator first.",
    )


class CheckInEditForm(CheckInForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["day"]  # a check-in stays on its day


class UrgeEditForm(UrgeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["occurred_at"]  # an urge stays at its moment


class JournalFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Show", required=False, choices=[("", "Everything"), *JOURNAL_KINDS.items()]
    )
    month = forms.DateField(
        label="Month",
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class UrgeHeldForm(forms.Form):
    """The one tap at the end of the urge screen; how strong it was may be said, or not."""

    started_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    strength = forms.TypedChoiceField(
        label="How strong was it?",
        choices=STRENGTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class ReminderForm(forms.Form):
    reminder_time = LocalTimeField(
        label="Remind me to check in at",
        help_text="In your own time zone. Leave empty for no reminder. None comes on a day you already checked in.",
    )
    pledge_reminder_time = LocalTimeField(
        label="Remind me of the morning pledge at",
        help_text="Leave empty for none. None comes on a day you already pledged.",
    )
    review_reminder_time = LocalTimeField(
        label="Remind me of the evening review at",
        help_text="Leave empty for none. None comes on a day you already looked back on.",
    )
