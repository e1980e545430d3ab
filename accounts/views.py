"""Member pages: public profiles, settings, blocking and the notification inbox."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community.exceptions import ApplicationError

from . import selectors, services
from .forms import AccountDeleteForm, ProfileForm, PushSettingsForm
from .models import DataExport
from .profile_sections import profile_sections
from .requests import AuthenticatedHttpRequest


def profile(request: HttpRequest, handle: str) -> HttpResponse:
    member = selectors.member_get_by_handle(handle=handle)
    viewer = request.user if request.user.is_authenticated else None
    context = {
        "member": member,
        "show_streak": selectors.streak_visible_to(member=member, viewer=viewer),
        "is_blocked": viewer is not None and member.pk in selectors.blocked_user_ids(user=viewer),
        "sections": profile_sections(member=member, viewer=viewer),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    initial = {field: getattr(user, field) for field in services.PROFILE_FIELDS}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=user, data=form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Your settings are saved.")
            return redirect("accounts:settings")
    return _settings_render(request, form=form)


def _settings_render(
    request: AuthenticatedHttpRequest,
    *,
    form: ProfileForm | None = None,
    push_form: PushSettingsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    if form is None:
        form = ProfileForm(initial={field: getattr(user, field) for field in services.PROFILE_FIELDS})
    if push_form is None:
        push_form = PushSettingsForm(
            initial={field: getattr(user, field) for field in services.PUSH_SETTINGS_FIELDS}
        )
    context = {
        "form": form,
        "push_form": push_form,
        "blocks": selectors.blocks_of(user=user),
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
    }
    return render(request, "accounts/settings.html", context, status=status)


@login_required
@require_POST
def push_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The push section of the settings page, saved on its own."""
    form = PushSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.push_settings_update(user=request.user, data=form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "Your notification settings are saved.")
            return redirect("accounts:settings")
    return _settings_render(request, push_form=form, status=400)


def _add_errors(form: ProfileForm, error: ValidationError) -> None:
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


@login_required
@require_POST
def block(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    member = selectors.member_get_by_handle(handle=handle)
    try:
        services.block_create(blocker=request.user, blocked=member)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"You have blocked {member.handle}. Their posts are hidden for you and they cannot mention you.",
        )
    return redirect("accounts:profile", handle=member.handle)


@login_required
@require_POST
def unblock(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    member = selectors.member_get_by_handle(handle=handle)
    services.block_delete(blocker=request.user, blocked=member)
    messages.success(request, f"You have unblocked {member.handle}.")
    return redirect("accounts:settings")


@login_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    messages.success(request, "All caught up.")
    return redirect("accounts:notifications")


@login_required
def data_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask for a copy of all one's data, and download it once it is ready."""
    if request.method == "POST":
        services.data_export_request(user=request.user)
        messages.success(
            request, "We are preparing your data. We will let you know here and by e-mail when it is ready."
        )
        return redirect("accounts:export")
    export = selectors.data_export_latest(user=request.user)
    context = {
        "export": export,
        "expired": export is not None and selectors.data_export_is_expired(export=export),
    }
    return render(request, "accounts/export.html", context)


@login_required
@never_cache
def data_export_download(request: AuthenticatedHttpRequest, token: uuid.UUID) -> HttpResponse:
    export = selectors.data_export_get(user=request.user, token=token)
    if selectors.data_export_is_expired(export=export):
        return render(request, "accounts/export_expired.html", status=410)
    if export.status != DataExport.Status.READY:
        messages.info(request, "Your data is not ready yet. Please come back in a little while.")
        return redirect("accounts:export")
    return export_file_response(export)


def export_file_response(export: DataExport) -> HttpResponse:
    """The export as a JSON file to save, never cached on the way."""
    response = HttpResponse(export.content, content_type="application/json; charset=utf-8")
    day = timezone.localdate(export.ready_at, export.user.zone)
    filename = f"no-contact-data-{export.user.handle}-{day:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete_request(
                user=request.user,
                password=form.cleaned_data["password"],
                keep_posts=form.cleaned_data["posts"] == "keep",
            )
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            logout(request)
            messages.success(
                request,
                "Your account is closed and your data is being deleted. Thank you for being part of "
                "the community. Take good care of yourself.",
            )
            return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
