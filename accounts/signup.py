"""Sign-up fields added to allauth's form (kept apart: allauth imports this while building its own)."""

from django import forms

from .validators import available_timezones, validate_timezone


def timezone_choices() -> list[tuple[str, str]]:
    return [(zone, zone.replace("_", " ")) for zone in sorted(available_timezones())]


class TimezoneField(forms.ChoiceField):
    def __init__(self, *, prefill_from_browser: bool = True, **kwargs) -> None:
        kwargs.setdefault("label", "Time zone")
        if prefill_from_browser:
            kwargs.setdefault(
                "help_text", "Your days are counted in this zone. We pre-fill it from your device."
            )
        else:
            kwargs.setdefault("help_text", "Your days are counted in this zone.")
        super().__init__(choices=timezone_choices, validators=[validate_timezone], **kwargs)
        if prefill_from_browser:
            # static/js/site.js replaces the default with the device's zone; a saved choice stays.
            self.widget.attrs["data-browser-timezone"] = "true"

    def validate(self, value) -> None:
        # Membership is checked by validate_timezone, with a kinder message than the default.
        if value in self.empty_values and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class SignupExtraForm(forms.Form):
    """Fields added to allauth's sign-up, on the web and in the headless API alike."""

    timezone = TimezoneField(initial="UTC")

    def signup(self, request, user) -> None:
        user.timezone = self.cleaned_data["timezone"]
        user.save(update_fields=["timezone"])
