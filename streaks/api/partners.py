"""The member's partners with what they may see of each: the current day count and its milestones."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response

from accounts.requests import AuthenticatedRequest
from community.api import ApiView

from .. import selectors


@extend_schema_serializer(component_name="Partner")
class PartnerSerializer(serializers.Serializer):
    handle = serializers.CharField()
    since = serializers.DateTimeField(help_text="When you became partners.")
    days = serializers.IntegerField(help_text="Their current day count, in their own calendar.")
    milestones = serializers.ListField(
        child=serializers.IntegerField(), help_text="The milestones of their current streak, in days."
    )


class PartnerListView(ApiView):
    @extend_schema(operation_id="partners_list", responses=PartnerSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        progress = selectors.partners_progress(user=request.user)
        return Response(PartnerSerializer(progress, many=True).data)
