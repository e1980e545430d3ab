"""Accountability partner pages: who my partners are, inviting, answering an invite, ending, SOS."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from community.exceptions import ApplicationError

from . import selectors, services
from .models import Partnership, SosAlert, SosReply
from .requests import AuthenticatedHttpRequest


def _partners_page(
    request: AuthenticatedHttpRequest, *, handle_error: str = "", status: int = 200
) -> HttpResponse:
    user = request.user
    context = {
        "partnerships": [
            (selectors.partner_of(partnership, user=user), partnership)
            for partnership in selectors.partnerships_of(user=user)
        ],
        "received": selectors.partner_invites_received(user=user),
        "sent": selectors.partner_invites_sent(user=user),
        "partners_max": services.PARTNERS_MAX,
        "handle_error": handle_error,
        "handle": request.POST.get("handle", ""),
    }
    return render(request, "accounts/partners.html", context, status=status)


@login_required
def partners(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _partners_page(request)


@login_required
@require_POST
def partner_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    handle = request.POST.get("handle", "").strip().removeprefix("@")
    if "link" not in request.POST and not handle:
        return _partners_page(
            request, handle_error="Please enter the handle of the member to invite.", status=400
        )
    try:
        invite = services.partner_invite(
            inviter=request.user, handle="" if "link" in request.POST else handle
        )
    except ApplicationError as error:
        if error.field == "handle":
            return _partners_page(request, handle_error=error.message, status=error.status)
        messages.error(request, error.message)
        return redirect("partners:list")
    if invite.invitee is None:
        messages.success(request, "Your invite link is ready below. Give it only to someone you trust.")
    else:
        messages.success(request, f"Invite sent to {invite.invitee.handle}.")
    return redirect("partners:list")


@login_required
def partner_invite_page(request: AuthenticatedHttpRequest, token: uuid.UUID) -> HttpResponse:
    """What becoming partners means, before accepting: said in full, since it shares one's count."""
    invite = selectors.partner_invite_for(user=request.user, token=token)
    mine = request.user.pk in (invite.inviter_id, invite.invitee_id)
    used = invite.status == Partnership.Status.ACTIVE and not mine
    expired = invite.status == Partnership.Status.INVITED and invite.expires_at <= timezone.now()
    context = {
        "invite": invite,
        "used": used,
        "expired": expired,
        "own": invite.inviter_id == request.user.pk,
        "link": request.build_absolute_uri(reverse("partners:invite", args=[invite.token])),
    }
    return render(request, "accounts/partner_invite.html", context, status=410 if used or expired else 200)


@login_required
@require_POST
def partner_invite_accept(request: AuthenticatedHttpRequest, token: uuid.UUID) -> HttpResponse:
    try:
        invite = services.partner_invite_accept(user=request.user, token=token)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("partners:invite", token=token)
    messages.success(request, f"You and {invite.inviter.handle} are now partners.")
    return redirect("partners:list")


@login_required
@require_POST
def partner_invite_decline(request: AuthenticatedHttpRequest, token: uuid.UUID) -> HttpResponse:
    invite = selectors.partner_invite_for(user=request.user, token=token)
    services.partner_invite_delete(user=request.user, token=token)
    if invite.inviter_id == request.user.pk:
        messages.success(request, "Your invite is withdrawn.")
    else:
        messages.success(request, "Invite declined. Nobody is told why.")
    return redirect("partners:list")


@login_required
@require_POST
def partnership_end(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    partner = selectors.member_get_by_handle(handle=handle)
    try:
        services.partnership_end(user=request.user, partner=partner)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You and {partner.handle} are no longer partners.")
    return redirect("partners:list")


@login_required
def sos(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The confirm step of the SOS (GET), and sending it (POST)."""
    message = request.POST.get("message", "")
    context: dict[str, Any] = {
        "partners": selectors.partners_of(user=request.user).order_by("handle"),
        "message_max": SosAlert.MESSAGE_MAX_LENGTH,
        "message": message,
    }
    if request.method == "POST":
        try:
            services.sos_send(sender=request.user, message=message)
        except ApplicationError as error:
            context["error"] = error.message
            return render(request, "accounts/sos.html", context, status=error.status)
        messages.success(
            request, "Your partners have been alerted. You reached out, and that takes courage. Stay with us."
        )
        return redirect("streaks:dashboard")
    return render(request, "accounts/sos.html", context)


@login_required
def sos_detail(request: AuthenticatedHttpRequest, alert_id: int) -> HttpResponse:
    """A partner's SOS, with one short private answer to send back (or the forum)."""
    alert = selectors.sos_get_for_partner(user=request.user, alert_id=alert_id)
    context: dict[str, Any] = {
        "alert": alert,
        "replied": alert.replies.filter(author=request.user).first(),
        "body_max": SosReply.BODY_MAX_LENGTH,
    }
    if request.method == "POST":
        try:
            services.sos_reply(user=request.user, alert_id=alert.pk, body=request.POST.get("body", ""))
        except ApplicationError as error:
            context["error"] = error.message
            return render(request, "accounts/sos_detail.html", context, status=error.status)
        messages.success(
            request, f"Your words are on their way to {alert.sender.handle}. Thank you for being there."
        )
        return redirect("partners:sos", alert_id=alert.pk)
    return render(request, "accounts/sos_detail.html", context)
