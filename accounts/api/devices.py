"""The mobile app's phones (FCM and APNs tokens) and the member's push settings."""

import re
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from community.api import ApiView

from .. import services
from ..models import MobileDevice
from ..requests import AuthenticatedRequest

# An FCM registration token: letters, digits, "-", "_" and ":", 100 to a few hundred characters.
FCM_TOKEN = re.compile(r"[A-Za-z0-9_:-]{100,512}")
# An APNs device token: 32 bytes, as 64 hexadecimal digits.
APNS_TOKEN = re.compile(r"[0-9a-fA-F]{64}")


class DeviceTokenField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=512, **kwargs)


class DeviceListView(ApiView):
    class InputSerializer(serializers.Serializer):
        platform = serializers.ChoiceField(
            choices=MobileDevice.Platform.choices, help_text='"fcm" for Android, "apns" for iOS.'
        )
        token = DeviceTokenField(
            help_text="The push token the platform gave this install of the app: for APNs 64 "
            "hexadecimal digits, for FCM the registration token."
        )
        name = serializers.CharField(
            max_length=100, required=False, allow_blank=True, default="", help_text='Such as "Sam\'s phone".'
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            pattern = APNS_TOKEN if attrs["platform"] == MobileDevice.Platform.APNS else FCM_TOKEN
            if not pattern.fullmatch(attrs["token"]):
                expected = (
                    "64 hexadecimal digits"
                    if attrs["platform"] == MobileDevice.Platform.APNS
                    else "100 to 512 letters, digits, '-', '_' or ':'"
                )
                raise serializers.ValidationError(
                    {"token": [f"This is not a push token: expected {expected}."]}
                )
            if attrs["platform"] == MobileDevice.Platform.APNS:
                attrs["token"] = attrs["token"].lower()
            return attrs

    class DeleteSerializer(serializers.Serializer):
        token = DeviceTokenField()

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(help_text="To remove the device with DELETE /api/v1/devices/{id}/.")
        platform = serializers.ChoiceField(choices=MobileDevice.Platform.choices)
        name = serializers.CharField()
        created_at = serializers.DateTimeField()

    @extend_schema(
        operation_id="device_register",
        description="Register this install of the app for push notifications. Registering the same "
        "token again answers 200 (the name is updated). A token is one install of the app: if another "
        "member registered it before (they used this phone before you signed in), it moves to you and "
        "they no longer get notifications on it. At most 10 devices per member.",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            201: OutputSerializer,
            400: OpenApiResponse(description="Not a push token, or already 10 devices."),
        },
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        device, created = services.device_register(user=request.user, **serializer.validated_data)
        return Response(
            self.OutputSerializer(device).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        operation_id="device_unregister",
        description="Stop push notifications to this device, given its token.",
        request=DeleteSerializer,
        responses={
            204: None,
            400: OpenApiResponse(description="No token given."),
            404: OpenApiResponse(description="Not one of your devices."),
        },
    )
    def delete(self, request: AuthenticatedRequest) -> Response:
        serializer = self.DeleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.device_unregister(user=request.user, device_key=serializer.validated_data["token"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeviceDetailView(ApiView):
    @extend_schema(
        operation_id="device_unregister_by_key",
        description="Stop push notifications to a device, given its id or its token.",
        responses={204: None, 404: OpenApiResponse(description="Not one of your devices.")},
    )
    def delete(self, request: AuthenticatedRequest, key: str) -> Response:
        services.device_unregister(user=request.user, device_key=key)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PushSettingsSerializer(serializers.Serializer):
    push_on_milestone = serializers.BooleanField()
    push_on_reply = serializers.BooleanField()
    push_on_mention = serializers.BooleanField()
    push_on_moderation = serializers.BooleanField()
    push_on_partner = serializers.BooleanField(help_text="Partner invites and answers.")
    push_on_sos = serializers.BooleanField(help_text="When a partner needs support.")
    push_on_reminder = serializers.BooleanField()
    push_on_right_now = serializers.BooleanField(
        help_text="As a listener: someone asks for support right now."
    )
    quiet_hours_start = serializers.TimeField(
        allow_null=True, help_text="Local time in your zone, such as 22:00; null (with the end) for none."
    )
    quiet_hours_end = serializers.TimeField(
        allow_null=True, help_text="Local time; earlier than the start means the quiet hours cross midnight."
    )
    quiet_hours_sos_breaks_through = serializers.BooleanField(
        help_text="A partner's SOS still reaches you during quiet hours."
    )


@extend_schema_serializer(component_name="PushSettings")
class PushSettingsOutputSerializer(PushSettingsSerializer):
    quiet_hours_start = serializers.RegexField(  # type: ignore[assignment]
        r"^\d{2}:\d{2}$", allow_null=True, help_text="HH:MM in your zone; null when there are no quiet hours."
    )
    quiet_hours_end = serializers.RegexField(  # type: ignore[assignment]
        r"^\d{2}:\d{2}$", allow_null=True, help_text="HH:MM in your zone."
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = {field: getattr(instance, field) for field in services.PUSH_SETTINGS_FIELDS}
        for field in ("quiet_hours_start", "quiet_hours_end"):
            data[field] = f"{data[field]:%H:%M}" if data[field] is not None else None
        return data


class PushSettingsView(ApiView):
    @extend_schema(operation_id="push_settings_retrieve", responses=PushSettingsOutputSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(PushSettingsOutputSerializer(request.user).data)

    @extend_schema(
        operation_id="push_settings_update",
        description="Which notifications are pushed to your browsers and phones, and quiet hours: "
        "pushes then wait until they end (a partner's SOS goes through if you allow it).",
        request=PushSettingsSerializer(partial=True),
        responses={200: PushSettingsOutputSerializer, 400: OpenApiResponse(description="Field errors.")},
    )
    def patch(self, request: AuthenticatedRequest) -> Response:
        serializer = PushSettingsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.push_settings_update(user=request.user, data=serializer.validated_data)
        return Response(PushSettingsOutputSerializer(user).data)
