"""Forms for the safety plan (one line per item) and the safety settings."""

from django import forms

from accounts.models import QUICK_EXIT_CHOICES

from .countries import country_name, country_names, zone_country
from .models import PLAN_MAX_ITEMS, PLAN_STEPS, SafetyPlan


class SafetyPlanForm(forms.Form):
    def __init__(self, *args, plan: SafetyPlan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, heading, hint in PLAN_STEPS:
            self.fields[name] = forms.CharField(
                label=heading,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=f"{hint} One per line, up to {PLAN_MAX_ITEMS} lines.",
                initial="\n".join(getattr(plan, name)),
            )

    def steps(self) -> dict[str, list[str]]:
        return {name: self.cleaned_data[name].splitlines() for name, _heading, _hint in PLAN_STEPS}


class SafetySettingsForm(forms.Form):
    quick_exit_url = forms.ChoiceField(
        label="Quick exit takes me to",
        choices=QUICK_EXIT_CHOICES,
        widget=forms.RadioSelect,
    )
    discreet = forms.BooleanField(
        label="Discreet mode",
        required=False,
        help_text=(
            "For a shared phone or computer. Browser tabs show “Notes” with a plain icon, and our e-mails "
            "arrive from “Community notes” titled “A message from your community”, with no day counts and "
            "nothing about no contact in the subject or the first lines."
        ),
    )
    country = forms.ChoiceField(
        label="My country",
        required=False,
        help_text="Its crisis lines are shown first on the help page.",
    )

    def __init__(self, *args, timezone: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from_zone = zone_country(timezone)
        automatic = f"From my time zone ({country_name(from_zone)})" if from_zone else "Not set"
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", automatic), *country_names().items()]
