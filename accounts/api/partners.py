"""Accountability partners for the mobile app: invites (by handle or link), answering, ending.

The partners' day counts are a streaks endpoint (GET /api/v1/partners/).
"""

import uuid

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from community.api import ApiView

from .. import selectors, services
from ..models import Partnership, User
from ..requests import AuthenticatedRequest
from ..validators import HANDLE_MAX_LENGTH


@extend_schema_serializer(component_name="PartnerInvite")
class PartnerInviteSerializer(serializers.Serializer):
    token = serializers.UUIDField(help_text="Identifies the invite; in a link invite, the secret to share.")
    inviter = serializers.CharField(source="inviter.handle")
    invitee = serializers.CharField(
        source="invitee.handle", allow_null=True, help_text="Empty for a link invite nobody has accepted."
    )
    status = serializers.ChoiceField(choices=Partnership.Status.choices)
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


def _invite_data(invite: Partnership, *, viewer: User) -> dict:
    data = PartnerInviteSerializer(invite).data
    # Someone holding a link another member has already used learns only that it is used.
    if invite.status == Partnership.Status.ACTIVE and viewer.pk not in (invite.inviter_id, invite.invitee_id):
        data["inviter"] = data["invitee"] = None
    return data


class PartnerInviteListView(ApiView):
    @extend_schema_serializer(component_name="PartnerInvites")
    class OutputSerializer(serializers.Serializer):
        received = PartnerInviteSerializer(many=True)
        sent = PartnerInviteSerializer(many=True)

    @extend_schema_serializer(component_name="PartnerInviteInput")
    class InputSerializer(serializers.Serializer):
        handle = serializers.CharField(
            max_length=HANDLE_MAX_LENGTH,
            required=False,
            allow_blank=True,
            help_text="The member to invite; leave out to make a private link to give to someone.",
        )

    @extend_schema(operation_id="partner_invites_list", responses=OutputSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        data = {
            "received": selectors.partner_invites_received(user=request.user),
            "sent": selectors.partner_invites_sent(user=request.user),
        }
        return Response(self.OutputSerializer(data).data)

    @extend_schema(
        operation_id="partner_invites_create",
        request=InputSerializer,
        responses={
            201: PartnerInviteSerializer,
            400: OpenApiResponse(description="Unknown handle, oneself, blocked, already partners."),
            409: OpenApiResponse(description="Already 5 partners, or too many invites waiting."),
        },
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        handle = serializer.validated_data.get("handle", "").strip().removeprefix("@")
        invite = services.partner_invite(inviter=request.user, handle=handle)
        return Response(_invite_data(invite, viewer=request.user), status=status.HTTP_201_CREATED)


class PartnerInviteDetailView(ApiView):
    @extend_schema(operation_id="partner_invite_retrieve", responses=PartnerInviteSerializer)
    def get(self, request: AuthenticatedRequest, token: uuid.UUID) -> Response:
        invite = selectors.partner_invite_for(user=request.user, token=token)
        return Response(_invite_data(invite, viewer=request.user))


class PartnerInviteAcceptView(ApiView):
    @extend_schema(
        operation_id="partner_invite_accept",
        request=None,
        responses={
            200: PartnerInviteSerializer,
            409: OpenApiResponse(description="One of you already has 5 partners."),
            410: OpenApiResponse(description="The invite has expired or its link was already used."),
        },
    )
    def post(self, request: AuthenticatedRequest, token: uuid.UUID) -> Response:
        invite = services.partner_invite_accept(user=request.user, token=token)
        return Response(_invite_data(invite, viewer=request.user))


class PartnerInviteDeclineView(ApiView):
    @extend_schema(operation_id="partner_invite_decline", request=None, responses={204: None})
    def post(self, request: AuthenticatedRequest, token: uuid.UUID) -> Response:
        """Decline an invite, or withdraw one's own."""
        services.partner_invite_delete(user=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PartnershipEndView(ApiView):
    @extend_schema(
        operation_id="partnership_end",
        responses={204: None, 404: OpenApiResponse(description="Not partners with this member.")},
    )
    def delete(self, request: AuthenticatedRequest, handle: str) -> Response:
        partner = selectors.member_get_by_handle(handle=handle)
        services.partnership_end(user=request.user, partner=partner)
        return Response(status=status.HTTP_204_NO_CONTENT)
