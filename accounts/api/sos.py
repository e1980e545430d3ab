"""SOS for the mobile app: alert one's partners, read a partner's SOS, answer it once."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from community.api import ApiView

from .. import selectors, services
from ..models import SosAlert, SosReply
from ..requests import AuthenticatedRequest


class SosSendView(ApiView):
    @extend_schema_serializer(component_name="SosInput")
    class InputSerializer(serializers.Serializer):
        message = serializers.CharField(
            max_length=SosAlert.MESSAGE_MAX_LENGTH,
            required=False,
            allow_blank=True,
            help_text="A few optional words for one's partners.",
        )

    @extend_schema_serializer(component_name="SosSent")
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        created_at = serializers.DateTimeField()
        message = serializers.CharField()

    @extend_schema(
        operation_id="sos_send",
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            400: OpenApiResponse(description="No partners to alert."),
            429: OpenApiResponse(description="Three SOS in the last hour already."),
        },
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        alert = services.sos_send(sender=request.user, **serializer.validated_data)
        return Response(self.OutputSerializer(alert).data, status=status.HTTP_201_CREATED)


class SosDetailView(ApiView):
    @extend_schema_serializer(component_name="PartnerSos")
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        sender = serializers.CharField(source="sender.handle")
        message = serializers.CharField()
        created_at = serializers.DateTimeField()
        answered = serializers.BooleanField(help_text="Whether you have answered it (once only).")

    @extend_schema(operation_id="sos_retrieve", responses=OutputSerializer)
    def get(self, request: AuthenticatedRequest, alert_id: int) -> Response:
        alert = selectors.sos_get_for_partner(user=request.user, alert_id=alert_id)
        alert.answered = alert.replies.filter(author=request.user).exists()  # type: ignore[attr-defined]
        return Response(self.OutputSerializer(alert).data)


class SosReplyView(ApiView):
    @extend_schema_serializer(component_name="SosReplyInput")
    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=SosReply.BODY_MAX_LENGTH)

    @extend_schema_serializer(component_name="SosReply")
    class OutputSerializer(serializers.Serializer):
        body = serializers.CharField()
        created_at = serializers.DateTimeField()

    @extend_schema(
        operation_id="sos_reply",
        request=InputSerializer,
        responses={201: OutputSerializer, 409: OpenApiResponse(description="Already answered.")},
    )
    def post(self, request: AuthenticatedRequest, alert_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reply = services.sos_reply(user=request.user, alert_id=alert_id, **serializer.validated_data)
        return Response(self.OutputSerializer(reply).data, status=status.HTTP_201_CREATED)
