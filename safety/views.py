"""Safety pages: help right now, the member's safety plan and their safety settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.requests import AuthenticatedHttpRequest

from . import selectors, services
from .countries import country_name
from .forms import SafetyPlanForm, SafetySettingsForm


def crisis_resources(request: HttpRequest) -> HttpResponse:
    """Open to everyone; a member sees their own plan first, then their country's lines."""
    plan = None
    country = ""
    if request.user.is_authenticated:
        plan = selectors.safety_plan_of(user=request.user)
        country = selectors.member_country(user=request.user)
    groups, international = selectors.crisis_lines(country=country)
    context = {
        "plan": plan,
        "country": country,
        "country_name": country_name(country) if country else "",
        "groups": groups,
        "international": international,
        "quick_exit_for_everyone": True,
    }
    return render(request, "crisis_resources.html", context)


@login_required
def safety_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    plan = selectors.safety_plan_of(user=request.user)
    form = SafetyPlanForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_plan_save(user=request.user, steps=form.steps())
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field, field_errors)
        else:
            messages.success(request, "Your safety plan is saved. It is yours alone: nobody else can see it.")
            return redirect("safety_plan")
    return render(request, "safety/plan.html", {"form": form, "plan": plan})


@login_required
def safety_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    initial = {field: getattr(user, field) for field in services.SAFETY_SETTINGS_FIELDS}
    form = SafetySettingsForm(request.POST or None, initial=initial, timezone=user.timezone)
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_settings_update(user=user, data=form.cleaned_data)
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field, field_errors)
        else:
            messages.success(request, "Your safety settings are saved.")
            return redirect("safety_settings")
    return render(request, "safety/settings.html", {"form": form})


@login_required
@require_POST
def quick_exit_explained(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.quick_exit_explained(user=request.user)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back)
