"""Web Push subscriptions: "Notify me on this device" in a browser."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from community.api import ApiView

from .. import services
from ..requests import AuthenticatedRequest


@extend_schema_serializer(component_name="WebPushKeys")
class WebPushKeysSerializer(serializers.Serializer):
    p256dh = serializers.RegexField(
        r"^[A-Za-z0-9_-]{80,100}={0,2}$", help_text="From PushSubscription.toJSON()."
    )
    auth = serializers.RegexField(r"^[A-Za-z0-9_-]{16,30}={0,2}$")


class PushSubscriptionView(ApiView):
    @extend_schema_serializer(component_name="WebPushSubscription")
    class InputSerializer(serializers.Serializer):
        endpoint = serializers.URLField(max_length=1000)
        keys = WebPushKeysSerializer()

    @extend_schema_serializer(component_name="WebPushUnsubscribe")
    class DeleteSerializer(serializers.Serializer):
        endpoint = serializers.URLField(max_length=1000)

    @extend_schema(
        operation_id="push_subscribe",
        request=InputSerializer,
        responses={201: None, 400: OpenApiResponse(description="Not a push subscription.")},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.push_subscribe(user=request.user, endpoint=data["endpoint"], **data["keys"])
        return Response(status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="push_unsubscribe",
        request=DeleteSerializer,
        responses={
            204: None,
            400: OpenApiResponse(description="No endpoint given."),
            404: OpenApiResponse(description="Not registered by you."),
        },
    )
    def delete(self, request: AuthenticatedRequest) -> Response:
        serializer = self.DeleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.push_unsubscribe(user=request.user, endpoint=serializer.validated_data["endpoint"])
        return Response(status=status.HTTP_204_NO_CONTENT)
