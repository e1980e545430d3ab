"""Forms of the streak pages. Times typed by the member are read in their own time zone."""

from django import forms

from .models import Streak, Urge

MOOD_CHOICES = [
    ("", "Rather not say"),
    ("1", "1 · Very low"),
    ("2", "2 · Low"),
    ("3", "3 · Okay"),
    ("4", "4 · Good"),
    ("5", "5 · Very good"),
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


class StartForm(forms.Form):
    start_date = forms.DateField(
        label="First day without contact",
        widget=DateInput,
        help_text="Today, or the day you already started: every day you have held counts.",
    )
    last_contact_at = forms.DateTimeField(
        label="When was the last contact?",
        required=False,
        widget=DateTimeInput,
        help_text="If you know it, we also show the hours since then.",
    )


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
