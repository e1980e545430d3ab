"""The member's own profile and other members' public profiles, for the mobile app."""

import uuid

from django.contrib.auth import logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from community.api import ApiView
from community.exceptions import ApplicationError

from .. import selectors, services
from ..models import DataExport, User
from ..profile_sections import profile_sections
from ..requests import AuthenticatedRequest
from ..validators import HANDLE_MAX_LENGTH, handle_validators, validate_timezone


class MeView(ApiView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        # Anything else sent (e-mail, is_staff, id...) is ignored: a member sets only these.
        handle = serializers.CharField(max_length=HANDLE_MAX_LENGTH, validators=handle_validators)
        bio = serializers.CharField(max_length=1000, allow_blank=True, trim_whitespace=False)
        timezone = serializers.CharField(max_length=64, validators=[validate_timezone])
        streak_visibility = serializers.ChoiceField(choices=User.StreakVisibility.choices)
        email_on_milestone = serializers.BooleanField()
        email_on_reply = serializers.BooleanField()
        email_on_moderation = serializers.BooleanField()
        email_on_partner = serializers.BooleanField()
        email_on_right_now = serializers.BooleanField()
        listener = serializers.BooleanField(
            help_text="Told when someone asks the community for support right now."
        )

    class OutputSerializer(serializers.Serializer):
        handle = serializers.CharField()
        email = serializers.EmailField(help_text="Never shown to other members.")
        bio = serializers.CharField()
        bio_html = serializers.CharField(help_text="The bio as sanitized HTML.")
        timezone = serializers.CharField(help_text="IANA time zone, such as Europe/Paris.")
        streak_visibility = serializers.ChoiceField(choices=User.StreakVisibility.choices)
        email_on_milestone = serializers.BooleanField()
        email_on_reply = serializers.BooleanField()
        email_on_moderation = serializers.BooleanField()
        email_on_partner = serializers.BooleanField()
        email_on_right_now = serializers.BooleanField()
        listener = serializers.BooleanField(
            help_text="Told when someone asks the community for support right now."
        )
        is_moderator = serializers.BooleanField()
        member_since = serializers.DateTimeField(source="date_joined")

    @extend_schema(operation_id="me_retrieve", responses=OutputSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(self.OutputSerializer(request.user).data)

    @extend_schema(
        operation_id="me_update", request=InputSerializer(partial=True), responses=OutputSerializer
    )
    def patch(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.profile_update(user=request.user, data=serializer.validated_data)
        return Response(self.OutputSerializer(user).data)


class MemberDetailView(ApiView):
    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        handle = serializers.CharField()
        bio_html = serializers.CharField(help_text="The bio as sanitized HTML.")
        member_since = serializers.DateTimeField(source="date_joined")
        streak_visible = serializers.BooleanField(help_text="Whether you may see this member's streak.")
        sections = serializers.DictField(
            child=serializers.JSONField(),
            help_text="What other parts of the community add to the profile, such as the streak.",
        )

    @extend_schema(operation_id="member_retrieve", responses=OutputSerializer)
    def get(self, request: Request, handle: str) -> Response:
        member = selectors.member_get_by_handle(handle=handle)
        viewer = request.user if request.user.is_authenticated else None
        sections = profile_sections(member=member, viewer=viewer)
        data = {
            "handle": member.handle,
            "bio_html": member.bio_html,
            "date_joined": member.date_joined,
            "streak_visible": selectors.streak_visible_to(member=member, viewer=viewer),
            "sections": {name: section.get("data") for name, section in sections.items()},
        }
        return Response(self.OutputSerializer(data).data)


class DataExportView(ApiView):
    """Ask for a copy of all one's data (POST), and see how it is going (GET)."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=DataExport.Status.choices)
        requested_at = serializers.DateTimeField(source="created_at")
        ready_at = serializers.DateTimeField(allow_null=True)
        expires_at = serializers.DateTimeField(allow_null=True)
        expired = serializers.BooleanField()
        download_url = serializers.CharField(
            allow_null=True,
            help_text="Where to download the JSON file while it is ready and not expired; only for you.",
        )

    def _output(self, export: DataExport) -> dict:
        expired = selectors.data_export_is_expired(export=export)
        ready = export.status == DataExport.Status.READY and not expired
        return self.OutputSerializer(
            {
                "status": export.status,
                "created_at": export.created_at,
                "ready_at": export.ready_at,
                "expires_at": export.expires_at,
                "expired": expired,
                "download_url": reverse("api-me-export-download", args=[export.token]) if ready else None,
            }
        ).data

    @extend_schema(
        operation_id="me_export_retrieve",
        responses={200: OutputSerializer, 404: OpenApiResponse(description="No export asked for yet.")},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        export = selectors.data_export_latest(user=request.user)
        if export is None:
            raise ApplicationError("You have not asked for a copy of your data yet.", status=404)
        return Response(self._output(export))

    @extend_schema(operation_id="me_export_create", request=None, responses={202: OutputSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        export = services.data_export_request(user=request.user)
        return Response(self._output(export), status=status.HTTP_202_ACCEPTED)


class DataExportDownloadView(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_export_download",
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            409: OpenApiResponse(description="Not ready yet."),
            410: OpenApiResponse(description="The link has expired."),
        },
    )
    def get(self, request: AuthenticatedRequest, token: uuid.UUID) -> HttpResponse:
        from ..views import export_file_response

        export = selectors.data_export_get(user=request.user, token=token)
        if selectors.data_export_is_expired(export=export):
            raise ApplicationError("This link has expired. You can ask for a fresh copy.", status=410)
        if export.status != DataExport.Status.READY:
            raise ApplicationError(
                "Your data is not ready yet. Please try again in a little while.", status=409
            )
        return export_file_response(export)


class AccountDeleteView(ApiView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        password = serializers.CharField(trim_whitespace=False, help_text="The member's current password.")
        keep_posts = serializers.BooleanField(
            help_text='Keep forum posts, shown as written by "a former member" (true), or delete them (false).'
        )

    class OutputSerializer(serializers.Serializer):
        message = serializers.CharField()

    @extend_schema(operation_id="me_delete", request=InputSerializer, responses={202: OutputSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.account_delete_request(user=request.user, **serializer.validated_data)
        if isinstance(request.auth, SessionBase):
            request.auth.flush()  # the app's session token
        else:
            logout(request._request)
        message = "Your account is closed and your data is being deleted. Take good care of yourself."
        return Response({"message": message}, status=status.HTTP_202_ACCEPTED)
