"""The member's notification inbox for the mobile app: list, unread count, mark as read."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response

from community.api import ApiView
from community.pagination import PageNumberPagination, paginated_response

from .. import selectors, services
from ..models import Notification
from ..requests import AuthenticatedRequest


@extend_schema_serializer(component_name="Notification")
class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]


class NotificationListView(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(operation_id="notifications_list", responses=NotificationSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        notifications = selectors.notifications_for(user=request.user)
        return paginated_response(
            request=request,
            view=self,
            queryset=notifications,
            serialize=lambda page: NotificationSerializer(page, many=True).data,
        )


class NotificationUnreadCountView(ApiView):
    @extend_schema_serializer(component_name="NotificationUnreadCount")
    class OutputSerializer(serializers.Serializer):
        unread = serializers.IntegerField()

    @extend_schema(operation_id="notifications_unread_count", responses=OutputSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response({"unread": selectors.notifications_unread_count(user=request.user)})


class NotificationMarkReadView(ApiView):
    @extend_schema_serializer(component_name="NotificationMarkReadInput")
    class InputSerializer(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1),
            required=False,
            max_length=500,
            help_text="The notifications to mark as read; leave out to mark them all.",
        )

    @extend_schema_serializer(component_name="NotificationMarkRead")
    class OutputSerializer(serializers.Serializer):
        marked = serializers.IntegerField()
        unread = serializers.IntegerField()

    @extend_schema(
        operation_id="notifications_mark_read", request=InputSerializer, responses=OutputSerializer
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marked = services.notifications_mark_read(user=request.user, ids=serializer.validated_data.get("ids"))
        unread = selectors.notifications_unread_count(user=request.user)
        return Response({"marked": marked, "unread": unread})
