"""Streak pages: dashboard, start, check-in, urge, slip, history and sharing a milestone."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.requests import AuthenticatedHttpRequest
from community.exceptions import ApplicationError

from . import days as streak_days
from . import selectors, services
from .badges import badge_response
from .forms import (
    CheckInEditForm,
    CheckInForm,
    JournalFilterForm,
    LetterForm,
    LetterWriteForm,
    PreferencesForm,
    ReasonForm,
    ReminderForm,
    ReviewForm,
    ShareForm,
    SlipForm,
    UrgeEditForm,
    UrgeForm,
    UrgeHeldForm,
    WelcomeForm,
)
from .models import CheckIn


def _valid(request: AuthenticatedHttpRequest, form: forms.Form) -> bool:
    """Validate with typed times read in the member's own zone."""
    with timezone.override(request.user.zone):
        return form.is_valid()


def _apply(form: forms.Form, action) -> bool:
    """Run a service; turn a refusal into a form error. Returns whether it succeeded."""
    try:
        action()
    except ApplicationError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        return True
    return False


def home(request: HttpRequest) -> HttpResponse:
    """The site's front door: a member's home is their count; visitors get the landing page."""
    if request.user.is_authenticated:
        return dashboard(cast(AuthenticatedHttpRequest, request))
    return render(request, "home.html")


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = selectors.dashboard_for(user=request.user)
    context = {"data": data, "figures": data.figures, "heatmap": data.heatmap}
    context["partners"] = selectors.partners_progress(user=request.user)
    if data.figures.streak is None:
        context["welcome_form"] = WelcomeForm(initial={"timezone": request.user.timezone})
    return render(request, "streaks/dashboard.html", context)


@login_required
@require_POST
def milestones_celebrate(request: AuthenticatedHttpRequest) -> HttpResponse:
    awards = services.milestones_check(user=request.user)
    if awards:
        days = max(award.days for award in awards)
        messages.success(request, f"{days} days without contact. Well done: every one of them counts.")
    return redirect("streaks:dashboard")


@login_required
@require_POST
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The first run's welcome: the time zone confirmed, and the count begins."""
    form = WelcomeForm(request.POST)
    with timezone.override(form.zone(default=request.user.zone)):
        valid = form.is_valid()
    if valid and _apply(form, lambda: services.streak_welcome(user=request.user, **form.welcome_arguments())):
        messages.success(request, "Your count has begun. One day at a time: we are with you.")
        return redirect("home")
    request.user.refresh_from_db()
    data = selectors.dashboard_for(user=request.user)
    if data.figures.streak is not None:
        # Sent twice, or from a second tab: the count is already running, which is what they wanted.
        messages.info(request, "Your count is already running.")
        return redirect("home")
    context = {"data": data, "figures": data.figures, "heatmap": data.heatmap, "welcome_form": form}
    return render(request, "streaks/dashboard.html", context, status=400)


@login_required
def checkin(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = streak_days.local_today(request.user.zone)
    todays = selectors.checkin_on(user=request.user, day=today)
    initial = {"day": today, "mood": todays.mood, "note": todays.note} if todays else {"day": today}
    form = CheckInForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and _valid(request, form):
        result: dict[str, Any] = {}

        def record() -> None:
            result["checkin"], result["created"] = services.checkin_record(
                user=request.user, **form.cleaned_data
            )

        if _apply(form, record):
            added = form.cleaned_data["mood"] is not None or bool(form.cleaned_data["note"])
            message = _checkin_message(
                checkin=result["checkin"], created=result["created"], added=added, today=today
            )
            messages.success(request, message)
            return redirect("streaks:dashboard")
    preferences = services.preferences_get(user=request.user)
    context = {
        "form": form,
        "today": today,
        "updating": todays is not None,
        "reminder_form": ReminderForm(
            initial={field: getattr(preferences, field) for field in services.REMINDER_FIELDS.values()}
        ),
    }
    return render(request, "streaks/checkin.html", context)


def _checkin_message(*, checkin: CheckIn, created: bool, added: bool, today: dt.date) -> str:
    if created:
        return "Checked in. Another day held: well done."
    day = "today" if checkin.day == today else f"{checkin.day:%-d %B}"
    if added:
        return f"Updated {day}'s check-in." if checkin.day == today else f"Updated your check-in for {day}."
    return f"You had already checked in for {day}. That counts."


@login_required
def urge(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The urge moment: a timer, a slow breath, one of my reasons, three ways through, one tap."""
    now = timezone.now()
    context = {
        "ends_at": now + services.URGE_MOMENT,
        "minutes": int(services.URGE_MOMENT.total_seconds() // 60),
        "reason": selectors.reason_of_the_day(
            user=request.user, today=streak_days.local_today(request.user.zone)
        ),
        "forum_url": reverse("forum:thread_new", args=[services.URGE_FORUM_CATEGORY]),
        "held_form": UrgeHeldForm(initial={"started_at": now.isoformat()}),
    }
    return render(request, "streaks/urge_moment.html", context)


@login_required
@require_POST
def urge_held(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UrgeHeldForm(request.POST)
    form.is_valid()  # both fields are optional: a wrong value is simply not used
    urge = services.urge_held(
        user=request.user,
        started_at=form.cleaned_data.get("started_at"),
        strength=form.cleaned_data.get("strength"),
    )
    messages.success(
        request,
        "You held on, and that is real strength. It is logged; add details below only if you want to.",
    )
    return redirect("streaks:urge_edit", urge_id=urge.pk)


@login_required
def urge_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UrgeForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and _valid(request, form)
        and _apply(form, lambda: services.urge_log(user=request.user, **form.cleaned_data))
    ):
        if form.cleaned_data["held_on"]:
            messages.success(request, "Logged. You held on, and that is real strength.")
        else:
            messages.info(request, "Logged. If there was contact, you can record it whenever you are ready.")
        return redirect("streaks:dashboard")
    return render(request, "streaks/urge.html", {"form": form})


@login_required
def slip(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = streak_days.local_today(request.user.zone)
    form = SlipForm(request.POST if request.method == "POST" else None, initial={"day": today})
    preferences = services.preferences_get(user=request.user)
    if request.method == "POST" and _valid(request, form):
        result: dict[str, Any] = {}

        def record() -> None:
            result["slip"] = services.slip_record(user=request.user, **form.cleaned_data)

        if _apply(form, record):
            if result["slip"].ended_streak:
                messages.success(
                    request,
                    "Thank you for being honest with yourself. Your days still count, and a fresh start has begun.",
                )
            else:
                messages.success(request, "Noted. Logistics do not end your streak: it keeps going.")
            return redirect("streaks:dashboard")
    context = {
        "form": form,
        "preferences_form": PreferencesForm(
            initial={"logistics_ends_streak": preferences.logistics_ends_streak}
        ),
    }
    return render(request, "streaks/slip.html", context)


@login_required
def slip_undo(request: AuthenticatedHttpRequest, slip_id: int) -> HttpResponse:
    """Undo contact recorded by mistake: a confirm page, then the undo."""
    slip = selectors.slip_get(user=request.user, slip_id=slip_id)
    error = None
    if request.method == "POST":
        try:
            services.slip_undo(user=request.user, slip_id=slip.pk)
        except ApplicationError as refused:
            error = refused.message
        else:
            messages.success(request, "Undone. Your streak runs on as if that contact was never recorded.")
            return redirect("streaks:dashboard")
    return render(
        request, "streaks/slip_undo.html", {"slip": slip, "error": error}, status=400 if error else 200
    )


@login_required
@require_POST
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST)
    if form.is_valid():
        services.preferences_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Your choice is saved.")
    return redirect("streaks:slip")


@login_required
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    history = selectors.history_for(user=request.user)
    return render(request, "streaks/history.html", {"streaks": history.streaks, "figures": history.figures})


@login_required
def share(request: AuthenticatedHttpRequest, award_id: int) -> HttpResponse:
    """Share a milestone in the forum, with a few words of the member's own if they like."""
    award = selectors.award_get(user=request.user, award_id=award_id)
    form = ShareForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.milestone_share(user=request.user, award_id=award.pk, **form.cleaned_data)
        except ApplicationError as error:
            if error.field != "message":
                messages.error(request, error.message)
                return redirect("streaks:history")
            form.add_error("message", error.message)
        else:
            if thread.opening_post.is_crisis:
                messages.warning(
                    request,
                    "Your milestone is shared. It sounds like things are very hard right now too: you "
                    "matter, and people are ready to listen, day and night. Here is who you can reach.",
                )
                return redirect("crisis_resources")
            messages.success(request, services.milestone_share_message(thread))
            return redirect("streaks:history")
    status = 400 if request.method == "POST" else 200
    return render(request, "streaks/share.html", {"award": award, "form": form}, status=status)


@login_required
@require_POST
def milestone_celebrated(request: AuthenticatedHttpRequest, award_id: int) -> HttpResponse:
    """The celebration card was closed: it does not come back."""
    services.milestone_celebrated(user=request.user, award_id=award_id)
    return redirect("streaks:dashboard")


@login_required
def badge(request: AuthenticatedHttpRequest, award_id: int) -> HttpResponse:
    return badge_response(selectors.award_get(user=request.user, award_id=award_id))


@login_required
def reasons(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(form, lambda: services.reason_add(user=request.user, **form.cleaned_data))
    ):
        messages.success(request, "Added to your reasons.")
        return redirect("streaks:reasons")
    context = {"form": form, "reasons": list(selectors.reasons_for(user=request.user))}
    return render(request, "streaks/reasons.html", context)


@login_required
def reason_edit(request: AuthenticatedHttpRequest, reason_id: int) -> HttpResponse:
    reason = selectors.reason_get(user=request.user, reason_id=reason_id)
    form = ReasonForm(request.POST if request.method == "POST" else None, initial={"text": reason.text})
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form, lambda: services.reason_edit(user=request.user, reason_id=reason.pk, **form.cleaned_data)
        )
    ):
        messages.success(request, "Your reason is saved.")
        return redirect("streaks:reasons")
    return render(request, "streaks/reason_edit.html", {"form": form, "reason": reason})


@login_required
@require_POST
def reason_move(request: AuthenticatedHttpRequest, reason_id: int) -> HttpResponse:
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.reason_move(user=request.user, reason_id=reason_id, offset=offset)
    return redirect("streaks:reasons")


@login_required
@require_POST
def reason_delete(request: AuthenticatedHttpRequest, reason_id: int) -> HttpResponse:
    services.reason_delete(user=request.user, reason_id=reason_id)
    messages.success(request, "Removed from your reasons.")
    return redirect("streaks:reasons")


@login_required
def letters(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "streaks/letters.html", {"letters": list(selectors.letters_for(user=request.user))}
    )


@login_required
def letter_write(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = LetterWriteForm(request.POST if request.method == "POST" else None)
    result: dict[str, Any] = {}

    def write() -> None:
        result["letter"] = services.letter_write(user=request.user, **form.cleaned_data)

    if request.method == "POST" and form.is_valid() and _apply(form, write):
        message = "Your letter is kept here, for you only. It has not been sent to anyone."
        if result["letter"].read_again_on:
            message += " We will remind you to read it again tomorrow morning."
        messages.success(request, message)
        return redirect("streaks:letter", letter_id=result["letter"].pk)
    return render(request, "streaks/letter_form.html", {"form": form})


@login_required
def letter(request: AuthenticatedHttpRequest, letter_id: int) -> HttpResponse:
    return render(
        request,
        "streaks/letter.html",
        {"letter": selectors.letter_get(user=request.user, letter_id=letter_id)},
    )


@login_required
def letter_edit(request: AuthenticatedHttpRequest, letter_id: int) -> HttpResponse:
    letter = selectors.letter_get(user=request.user, letter_id=letter_id)
    form = LetterForm(request.POST if request.method == "POST" else None, initial={"body": letter.body})
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form, lambda: services.letter_edit(user=request.user, letter_id=letter.pk, **form.cleaned_data)
        )
    ):
        messages.success(request, "Saved. Still private, still unsent.")
        return redirect("streaks:letter", letter_id=letter.pk)
    return render(request, "streaks/letter_form.html", {"form": form, "letter": letter})


@login_required
@require_POST
def letter_glad(request: AuthenticatedHttpRequest, letter_id: int) -> HttpResponse:
    services.letter_mark_glad(user=request.user, letter_id=letter_id)
    messages.success(request, "Noted. Holding it back was a kindness to yourself.")
    return redirect("streaks:letter", letter_id=letter_id)


@login_required
@require_POST
def letter_delete(request: AuthenticatedHttpRequest, letter_id: int) -> HttpResponse:
    services.letter_delete(user=request.user, letter_id=letter_id)
    messages.success(request, "The letter is deleted.")
    return redirect("streaks:letters")


@login_required
def journal(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everything the member logged and wrote, newest first, filtered by kind and month."""
    filters = JournalFilterForm(request.GET)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    page = selectors.journal_page(
        user=request.user,
        kind=chosen.get("kind") or None,
        month=chosen.get("month"),
        page=request.GET.get("page"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "chart": selectors.mood_chart_for(
            user=request.user, today=streak_days.local_today(request.user.zone)
        ),
    }
    return render(request, "streaks/journal.html", context)


@login_required
def checkin_edit(request: AuthenticatedHttpRequest, checkin_id: int) -> HttpResponse:
    checkin = selectors.checkin_get(user=request.user, checkin_id=checkin_id)
    form = CheckInEditForm(
        request.POST if request.method == "POST" else None,
        initial={"mood": checkin.mood, "note": checkin.note},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form, lambda: services.checkin_edit(user=request.user, checkin_id=checkin.pk, **form.cleaned_data)
        )
    ):
        messages.success(request, "Your check-in is saved.")
        return redirect("streaks:journal")
    return render(
        request, "streaks/entry_edit.html", {"form": form, "title": "Edit a check-in", "entry": checkin}
    )


@login_required
@require_POST
def checkin_delete(request: AuthenticatedHttpRequest, checkin_id: int) -> HttpResponse:
    services.checkin_delete(user=request.user, checkin_id=checkin_id)
    messages.success(request, "The check-in is deleted. Your days without contact still count.")
    return redirect("streaks:journal")


@login_required
def urge_edit(request: AuthenticatedHttpRequest, urge_id: int) -> HttpResponse:
    urge = selectors.urge_get(user=request.user, urge_id=urge_id)
    initial = {
        "strength": urge.strength,
        "action": urge.action,
        "held_on": "yes" if urge.held_on else "no",
        "ex_reached_out": urge.ex_reached_out,
        "note": urge.note,
    }
    form = UrgeEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(form, lambda: services.urge_edit(user=request.user, urge_id=urge.pk, **form.cleaned_data))
    ):
        messages.success(request, "The urge is saved.")
        return redirect("streaks:journal")
    return render(request, "streaks/entry_edit.html", {"form": form, "title": "Edit an urge", "entry": urge})


@login_required
@require_POST
def urge_delete(request: AuthenticatedHttpRequest, urge_id: int) -> HttpResponse:
    services.urge_delete(user=request.user, urge_id=urge_id)
    messages.success(request, "The urge is deleted.")
    return redirect("streaks:journal")


@login_required
@require_POST
def reminder(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReminderForm(request.POST)
    if form.is_valid():
        chosen = form.cleaned_data["reminder_time"]
        services.reminder_set(user=request.user, **form.cleaned_data)
        if not any(form.cleaned_data.values()):
            messages.success(request, "No more daily reminders.")
        elif chosen is None:
            messages.success(request, "Your reminders are saved.")
        else:
            messages.success(
                request, f"We will remind you at {chosen:%H:%M} on days you have not checked in yet."
            )
    else:
        messages.error(request, "Please give a time such as 20:30, or leave it empty for no reminder.")
    return redirect("streaks:checkin")


@login_required
@require_POST
def pledge(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The morning pledge: one tap, once a local day."""
    _, created = services.pledge_make(user=request.user)
    if created:
        messages.success(request, "Today you keep no contact. We are with you, one day at a time.")
    else:
        messages.info(request, "You have already made today's pledge. It still holds.")
    return redirect("streaks:dashboard")


@login_required
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The evening review: how today was, kept with today's check-in."""
    today = streak_days.local_today(request.user.zone)
    todays = selectors.checkin_on(user=request.user, day=today)
    initial = {"mood": todays.mood, "note": todays.note} if todays else {}
    form = ReviewForm(request.POST if request.method == "POST" else None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(form, lambda: services.review_record(user=request.user, **form.cleaned_data))
    ):
        messages.success(request, "Today is looked back on and kept in your journal. Rest well.")
        return redirect("streaks:dashboard")
    return render(request, "streaks/review.html", {"form": form, "today": today, "updating": todays})
