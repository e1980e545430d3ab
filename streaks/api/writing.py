"""The member's reasons, unsent letters and urge screen in the API: private to them, one view per operation."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.requests import AuthenticatedRequest
from community.api import ApiView, BoundedDateTimeField
from community.pagination import PageNumberPagination

from .. import selectors, services
from ..days import local_today
from ..models import Reason
from .views import LetterSerializer, UrgeSerializer, _paginated


class ReasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reason
        fields = ["id", "text", "position", "created_at"]


@extend_schema_serializer(component_name="StreaksReasonInput")
class ReasonInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=300)


@extend_schema_serializer(component_name="StreaksLetterInput")
class LetterInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000)


@extend_schema_serializer(component_name="StreaksLetterCreateInput")
class LetterCreateInputSerializer(LetterInputSerializer):
    read_again = serializers.BooleanField(
        default=False,
        help_text="Remind me to read it again tomorrow at 9:00 in my zone (the reminder has none of its words).",
    )


class ReasonListView(ApiView):
    @extend_schema(operation_id="streaks_reasons_list", responses=ReasonSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(ReasonSerializer(selectors.reasons_for(user=request.user), many=True).data)


class ReasonCreateView(ApiView):
    @extend_schema(
        operation_id="streaks_reasons_create",
        request=ReasonInputSerializer,
        responses={201: ReasonSerializer},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = ReasonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = services.reason_add(user=request.user, **serializer.validated_data)
        return Response(ReasonSerializer(reason).data, status=status.HTTP_201_CREATED)


class ReasonDetailView(ApiView):
    @extend_schema(operation_id="streaks_reasons_detail", responses=ReasonSerializer)
    def get(self, request: AuthenticatedRequest, reason_id: int) -> Response:
        return Response(ReasonSerializer(selectors.reason_get(user=request.user, reason_id=reason_id)).data)


class ReasonEditView(ApiView):
    @extend_schema(
        operation_id="streaks_reasons_edit", request=ReasonInputSerializer, responses=ReasonSerializer
    )
    def post(self, request: AuthenticatedRequest, reason_id: int) -> Response:
        serializer = ReasonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = services.reason_edit(user=request.user, reason_id=reason_id, **serializer.validated_data)
        return Response(ReasonSerializer(reason).data)


class ReasonDeleteView(ApiView):
    @extend_schema(operation_id="streaks_reasons_delete", request=None, responses={204: None})
    def post(self, request: AuthenticatedRequest, reason_id: int) -> Response:
        services.reason_delete(user=request.user, reason_id=reason_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReasonsReorderView(ApiView):
    @extend_schema_serializer(component_name="StreaksReasonsReorderInput")
    class InputSerializer(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(), help_text="Every one of my reasons' ids, in the new order."
        )

    @extend_schema(
        operation_id="streaks_reasons_reorder", request=InputSerializer, responses=ReasonSerializer(many=True)
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reasons = services.reasons_reorder(user=request.user, reason_ids=serializer.validated_data["ids"])
        return Response(ReasonSerializer(reasons, many=True).data)


class LetterListView(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(operation_id="streaks_letters_list", responses=LetterSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        return _paginated(request, self, selectors.letters_for(user=request.user), LetterSerializer)


class LetterCreateView(ApiView):
    @extend_schema(
        operation_id="streaks_letters_create",
        request=LetterCreateInputSerializer,
        responses={201: LetterSerializer},
        description="Keep an unsent letter. It is never sent anywhere and nobody else can read it.",
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = LetterCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        letter = services.letter_write(user=request.user, **serializer.validated_data)
        return Response(LetterSerializer(letter).data, status=status.HTTP_201_CREATED)


class LetterDetailView(ApiView):
    @extend_schema(operation_id="streaks_letters_detail", responses=LetterSerializer)
    def get(self, request: AuthenticatedRequest, letter_id: int) -> Response:
        return Response(LetterSerializer(selectors.letter_get(user=request.user, letter_id=letter_id)).data)


class LetterEditView(ApiView):
    @extend_schema(
        operation_id="streaks_letters_edit", request=LetterInputSerializer, responses=LetterSerializer
    )
    def post(self, request: AuthenticatedRequest, letter_id: int) -> Response:
        serializer = LetterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        letter = services.letter_edit(user=request.user, letter_id=letter_id, **serializer.validated_data)
        return Response(LetterSerializer(letter).data)


class LetterGladView(ApiView):
    @extend_schema(operation_id="streaks_letters_glad", request=None, responses=LetterSerializer)
    def post(self, request: AuthenticatedRequest, letter_id: int) -> Response:
        return Response(
            LetterSerializer(services.letter_mark_glad(user=request.user, letter_id=letter_id)).data
        )


class LetterDeleteView(ApiView):
    @extend_schema(operation_id="streaks_letters_delete", request=None, responses={204: None})
    def post(self, request: AuthenticatedRequest, letter_id: int) -> Response:
        services.letter_delete(user=request.user, letter_id=letter_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UrgeMomentView(ApiView):
    """What the app's urge screen shows: how long the wave lasts, one of my reasons, ways through."""

    @extend_schema_serializer(component_name="StreaksUrgeMomentOutput")
    class OutputSerializer(serializers.Serializer):
        minutes = serializers.IntegerField()
        ends_at = serializers.DateTimeField()
        reason = ReasonSerializer(allow_null=True)
        forum_category = serializers.CharField(help_text="Slug of the category to post in.")
        help_url = serializers.CharField(help_text="The crisis resources page.")

    @extend_schema(operation_id="streaks_urges_moment", responses=OutputSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        now = timezone.now()
        data = {
            "minutes": int(services.URGE_MOMENT.total_seconds() // 60),
            "ends_at": now + services.URGE_MOMENT,
            "reason": selectors.reason_of_the_day(user=request.user, today=local_today(request.user.zone)),
            "forum_category": services.URGE_FORUM_CATEGORY,
            "help_url": request.build_absolute_uri(reverse("crisis_resources")),
        }
        return Response(self.OutputSerializer(data).data)


class UrgeHeldView(ApiView):
    """ "I held on", in one tap at the end of the urge screen."""

    @extend_schema_serializer(component_name="StreaksUrgeHeldInput")
    class InputSerializer(serializers.Serializer):
        started_at = BoundedDateTimeField(required=False, help_text="When the urge screen opened.")
        strength = serializers.IntegerField(required=False, min_value=1, max_value=5)

    @extend_schema(
        operation_id="streaks_urges_held", request=InputSerializer, responses={201: UrgeSerializer}
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        urge = services.urge_held(user=request.user, **serializer.validated_data)
        return Response(UrgeSerializer(urge).data, status=status.HTTP_201_CREATED)
