"""Account forms: allauth's sign-up worded for handles, and the profile settings."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from .signup import TimezoneField


class LocalTimeField(forms.TimeField):
    """An optional time of day in the member's own zone, picked with the browser's time input."""

    widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class SignupForm(AllauthSignupForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        handle = self.fields["username"]
        handle.label = "Handle"
        handle.help_text = "3 to 30 letters, digits or underscores. Other members only ever see this name."
        handle.widget.attrs["placeholder"] = "e.g. hopeful_sam"
        self.fields["email"].label = "E-mail address"
        self.fields["email"].help_text = "Never shown to anyone. We use it to verify your account."


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "E-mail address"
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me logged in on this device"


class ProfileForm(forms.Form):
    handle = forms.CharField(
        label="Handle",
        max_length=30,
        help_text="3 to 30 letters, digits or underscores. The only name other members see.",
    )
    bio = forms.CharField(
        label="About me",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Optional, up to 1,000 characters. Markdown is allowed. Please leave out anything that identifies you or your ex.",
    )
    timezone = TimezoneField(prefill_from_browser=False)
    streak_visibility = forms.ChoiceField(
        label="Who can see my streak",
        choices=[("only_me", "Only me"), ("members", "Members"), ("everyone", "Everyone")],
        widget=forms.RadioSelect,
    )
    email_on_milestone = forms.BooleanField(label="When I reach a milestone", required=False)
    email_on_reply = forms.BooleanField(label="Replies and mentions", required=False)
    email_on_moderation = forms.BooleanField(label="Moderators' decisions on my posts", required=False)
    email_on_partner = forms.BooleanField(
        label="My accountability partners: invites, and when one needs support", required=False
    )
    email_on_right_now = forms.BooleanField(
        label="When someone asks for support right now (if I am a listener)", required=False
    )
    listener = forms.BooleanField(
        label="I am a listener",
        required=False,
        help_text="When someone asks the community for support right now, a few listeners are told "
        "at once so that someone answers soon. You can stop at any time.",
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )
    posts = forms.ChoiceField(
        label="Your forum posts",
        choices=[
            ("keep", "Keep them, shown as written by “a former member”, so replies still make sense"),
            (
                "delete",
                "Delete them (in threads you started that others answered, their replies stay and your "
                "words are removed)",
            ),
        ],
        widget=forms.RadioSelect,
    )


class PushSettingsForm(forms.Form):
    """Which notifications are pushed to the member's browsers and phones, and quiet hours."""

    push_on_milestone = forms.BooleanField(label="When I reach a milestone", required=False)
    push_on_reply = forms.BooleanField(label="Replies to my posts", required=False)
    push_on_mention = forms.BooleanField(label="When someone mentions me", required=False)
    push_on_moderation = forms.BooleanField(label="Moderators' decisions on my posts", required=False)
    push_on_partner = forms.BooleanField(label="Partner invites and answers", required=False)
    push_on_sos = forms.BooleanField(label="When a partner needs support", required=False)
    push_on_reminder = forms.BooleanField(label="My daily reminder", required=False)
    push_on_right_now = forms.BooleanField(
        label="Someone asks for support right now (as a listener)", required=False
    )
    quiet_hours_start = LocalTimeField(
        label="Quiet from",
        help_text="In your time zone. Leave both empty for no quiet hours.",
    )
    quiet_hours_end = LocalTimeField(
        label="Quiet until",
        help_text="Earlier than the start means overnight, such as 22:00 until 07:00.",
    )
    quiet_hours_sos_breaks_through = forms.BooleanField(
        label="A partner's SOS still reaches me in quiet hours", required=False
    )
