"""The member's own profile and other members' public profiles, for the mobile app."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from community.api import WriteRateThrottle

from .. import selectors, services
from ..models import User
from ..profile_sections import profile_sections
from ..validators import HANDLE_MAX_LENGTH, handle_validators, validate_timezone


class MeView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [WriteRateThrottle]

    class InputSerializer(serializers.Serializer):
        # Anything else sent (e-mail, is_staff, id...) is ignored: a member sets only these.
        handle = serializers.CharField(max_length=HANDLE_MAX_LENGTH, validators=handle_validators)
        bio = serializers.CharField(max_length=1000, allow_blank=True, trim_whitespace=False)
        timezone = serializers.CharField(max_length=64, validators=[validate_timezone])
        streak_visibility = serializers.ChoiceField(choices=User.StreakVisibility.choices)
        email_on_milestone = serializers.BooleanField()
        email_on_reply = serializers.BooleanField()
        email_on_moderation = serializers.BooleanField()

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
        is_moderator = serializers.BooleanField()
        member_since = serializers.DateTimeField(source="date_joined")

    @extend_schema(operation_id="me_retrieve", responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(request.user).data)

    @extend_schema(
        operation_id="me_update", request=InputSerializer(partial=True), responses=OutputSerializer
    )
    def patch(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.profile_update(user=request.user, data=serializer.validated_data)
        return Response(self.OutputSerializer(user).data)


class MemberDetailView(APIView):
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
