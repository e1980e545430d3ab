"""The member's safety plan and safety settings, and the crisis lines, for the mobile app."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import QUICK_EXIT_CHOICES
from accounts.requests import AuthenticatedRequest
from community.api import ApiView

from .. import selectors, services
from ..countries import country_names
from ..models import PLAN_ITEM_MAX_LENGTH, PLAN_MAX_ITEMS, PLAN_STEPS


def _step_field(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=PLAN_ITEM_MAX_LENGTH, allow_blank=True),
        max_length=PLAN_MAX_ITEMS,
        help_text=help_text,
    )


class SafetyPlanSerializer(serializers.Serializer):
    warning_signs = _step_field(PLAN_STEPS[0][1])
    coping_on_my_own = _step_field(PLAN_STEPS[1][1])
    distractions = _step_field(PLAN_STEPS[2][1])
    people_to_ask = _step_field(PLAN_STEPS[3][1] + ": names and numbers as text, never used by the site.")
    professionals = _step_field(PLAN_STEPS[4][1])
    safe_surroundings = _step_field(PLAN_STEPS[5][1])


class SafetyPlanView(ApiView):
    """The member's own safety plan: six short lists, private to them."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(SafetyPlanSerializer):
        updated_at = serializers.DateTimeField(allow_null=True)

    @extend_schema(operation_id="safety_plan_retrieve", responses=OutputSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        plan = selectors.safety_plan_of(user=request.user)
        return Response(self.OutputSerializer(plan).data)

    @extend_schema(
        operation_id="safety_plan_update", request=SafetyPlanSerializer, responses=OutputSerializer
    )
    def put(self, request: AuthenticatedRequest) -> Response:
        serializer = SafetyPlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = services.safety_plan_save(user=request.user, steps=serializer.validated_data)
        return Response(self.OutputSerializer(plan).data)


class SafetySettingsView(ApiView):
    """Where the quick exit goes, discreet mode and the member's country."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        quick_exit_url = serializers.ChoiceField(choices=QUICK_EXIT_CHOICES)
        quick_exit_explained = serializers.BooleanField(
            help_text="True once the member has read what it does."
        )
        discreet = serializers.BooleanField()
        country = serializers.ChoiceField(
            choices=[("", "From my time zone"), *country_names().items()],
            allow_blank=True,
            help_text="ISO 3166 code; blank to follow the time zone.",
        )

    class OutputSerializer(serializers.Serializer):
        quick_exit_url = serializers.CharField()
        quick_exit_explained = serializers.BooleanField()
        discreet = serializers.BooleanField()
        country = serializers.CharField(help_text="As chosen; blank when it follows the time zone.")
        effective_country = serializers.CharField(help_text="The country whose crisis lines come first.")

    def _data(self, request: AuthenticatedRequest) -> dict:
        user = request.user
        return {
            "quick_exit_url": user.quick_exit_url,
            "quick_exit_explained": user.quick_exit_explained,
            "discreet": user.discreet,
            "country": user.country,
            "effective_country": selectors.member_country(user=user),
        }

    @extend_schema(operation_id="safety_settings_retrieve", responses=OutputSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(self.OutputSerializer(self._data(request)).data)

    @extend_schema(
        operation_id="safety_settings_update",
        request=InputSerializer(partial=True),
        responses=OutputSerializer,
    )
    def patch(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.safety_settings_update(user=request.user, data=serializer.validated_data)
        return Response(self.OutputSerializer(self._data(request)).data)


class CrisisLineSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    text = serializers.CharField(help_text="A number to text (SMS), if any.")
    url = serializers.CharField()
    hours = serializers.CharField()
    description = serializers.CharField()
    source_url = serializers.CharField(help_text="Where the details were checked.")
    checked_on = serializers.DateField()


class CountryLinesSerializer(serializers.Serializer):
    country = serializers.CharField(help_text="ISO 3166 code.")
    name = serializers.CharField()
    lines = CrisisLineSerializer(many=True)


class CrisisLinesView(ApiView):
    """Crisis lines by country, the member's (or ?country=) first; the international ones always."""

    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        country = serializers.CharField(help_text="The country shown first; blank if unknown.")
        countries = CountryLinesSerializer(many=True)
        international = CrisisLineSerializer(many=True)

    @extend_schema(
        operation_id="crisis_lines_list",
        parameters=[
            OpenApiParameter("country", str, description="ISO 3166 code of the country to show first.")
        ],
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(description="The country is not a two-letter code we know."),
        },
    )
    def get(self, request: Request) -> Response:
        country = request.query_params.get("country", "").upper()
        if country and country not in country_names():
            raise ValidationError({"country": ["Please give a two-letter country code, such as GB."]})
        if not country and request.user.is_authenticated:
            country = selectors.member_country(user=request.user)
        groups, international = selectors.crisis_lines(country=country)
        data = {"country": country, "countries": groups, "international": international}
        return Response(self.OutputSerializer(data).data)
