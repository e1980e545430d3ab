"""The streaks API: one view per operation, every object fetched through a scoped selector."""

from collections.abc import Mapping
from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.requests import AuthenticatedRequest
from accounts.validators import validate_timezone
from community.api import ApiView, BoundedDateField, BoundedDateTimeField
from community.pagination import PageNumberPagination, paginated_response
from forum.models import PostStatus

from .. import selectors, services
from ..badges import badge_response
from ..forms import JournalFilterForm
from ..models import CheckIn, Letter, MilestoneAward, Pledge, Slip, Streak, Urge


class StreakSerializer(serializers.ModelSerializer):
    days = serializers.SerializerMethodField()
    contact_kind = serializers.ChoiceField(
        source="end_kind",
        choices=Streak.EndKind.choices,
        allow_blank=True,
        read_only=True,
        help_text="The kind of contact that ended the streak; empty while it runs.",
    )

    class Meta:
        model = Streak
        fields = ["id", "start_date", "last_contact_at", "ended_on", "contact_kind", "days", "created_at"]

    def get_days(self, streak: Streak) -> int:
        today = self.context.get("today") or timezone.localdate(timezone=streak.user.zone)
        return selectors.streak_length(streak, today=today)


def _badge_url(award: MilestoneAward, context: Mapping[str, Any]) -> str:
    path = reverse("api-streaks-milestone-badge", args=[award.pk])
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class AwardSerializer(serializers.ModelSerializer):
    reached_on = serializers.DateField(
        read_only=True,
        help_text="The day the milestone was reached in the member's calendar (the start date plus the "
        "days), even when a back-dated start awarded it later.",
    )
    badge_url = serializers.SerializerMethodField(
        help_text="The milestone's badge, an SVG image with the day count and the site's name only."
    )

    class Meta:
        model = MilestoneAward
        fields = [
            "id",
            "streak",
            "days",
            "reached_on",
            "awarded_at",
            "shared_at",
            "celebrated_at",
            "badge_url",
        ]

    def get_badge_url(self, award: MilestoneAward) -> str:
        return _badge_url(award, self.context)


@extend_schema_serializer(component_name="StreaksCelebration")
class CelebrationSerializer(serializers.Serializer):
    """A milestone to celebrate with the member once: show it, then POST .../celebrated/."""

    award_id = serializers.IntegerField(source="award.pk")
    days = serializers.IntegerField()
    line = serializers.CharField(help_text="A line to show with the day count.")
    shared = serializers.SerializerMethodField()
    badge_url = serializers.SerializerMethodField()

    def get_shared(self, celebration: selectors.Celebration) -> bool:
        return celebration.award.shared_at is not None

    def get_badge_url(self, celebration: selectors.Celebration) -> str:
        return _badge_url(celebration.award, self.context)


class CheckInSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckIn
        fields = ["id", "streak", "day", "mood", "note", "created_at", "reviewed_at"]


class PledgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pledge
        fields = ["id", "day", "created_at"]


class UrgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Urge
        fields = [
            "id",
            "streak",
            "occurred_at",
            "strength",
            "action",
            "ex_reached_out",
            "held_on",
            "note",
            "created_at",
        ]


class LetterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Letter
        fields = ["id", "body", "created_at", "updated_at", "glad_at", "read_again_on", "read_again_sent_at"]


class SlipSerializer(serializers.ModelSerializer):
    contact_kind = serializers.ChoiceField(source="kind", choices=Streak.EndKind.choices, read_only=True)

    undone_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When it was undone as recorded by mistake; null if not."
    )
    can_undo = serializers.BooleanField(
        read_only=True, help_text="Whether it can still be undone (within 24 hours of recording it)."
    )

    class Meta:
        model = Slip
        fields = [
            "id",
            "streak",
            "day",
            "contact_kind",
            "note",
            "ended_streak",
            "created_at",
            "undone_at",
            "can_undo",
        ]


def _paginated(request: Request, view: ApiView, queryset, serializer_class, context=None) -> Response:
    return paginated_response(
        request=request,
        view=view,
        queryset=queryset,
        serialize=lambda page: serializer_class(page, many=True, context=context or {}).data,
    )


class CurrentStreakView(ApiView):
    @extend_schema_serializer(component_name="StreaksCurrentStreakOutput")
    class OutputSerializer(serializers.Serializer):
        streak = StreakSerializer(allow_null=True)
        today = serializers.DateField()
        days = serializers.IntegerField()
        hours_since_contact = serializers.IntegerField(allow_null=True)
        previous_milestone = serializers.IntegerField()
        next_milestone = serializers.IntegerField()
        progress_percent = serializers.IntegerField()
        longest_days = serializers.IntegerField()
        total_days = serializers.IntegerField()
        streak_count = serializers.IntegerField()
        urges_held = serializers.IntegerField()
        starts_in_future = serializers.BooleanField()
        celebration = CelebrationSerializer(
            allow_null=True,
            help_text="A milestone reached and not celebrated yet: show it once, then mark it celebrated.",
        )

    @extend_schema(operation_id="streaks_current", responses=OutputSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        figures = selectors.figures_for(user=request.user)
        context = {"today": figures.today, "request": request}
        data = vars(figures) | {"celebration": selectors.celebration_for(user=request.user)}
        return Response(self.OutputSerializer(data, context=context).data)


class StreakStartView(ApiView):
    @extend_schema_serializer(component_name="StreaksStreakStartInput")
    class InputSerializer(serializers.Serializer):
        start_date = BoundedDateField(required=False, help_text="Defaults to today.")
        last_contact_at = BoundedDateTimeField(required=False, allow_null=True)

    @extend_schema(operation_id="streaks_start", request=InputSerializer, responses={201: StreakSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        streak = services.streak_start(user=request.user, **serializer.validated_data)
        return Response(StreakSerializer(streak).data, status=status.HTTP_201_CREATED)


class StreakWelcomeView(ApiView):
    """The first run: confirm the time zone and start counting, from today, from days already
    held, or from the day after the last contact."""

    @extend_schema_serializer(component_name="StreaksWelcomeInput")
    class InputSerializer(serializers.Serializer):
        timezone = serializers.CharField(
            required=False,
            validators=[validate_timezone],
            help_text="IANA zone of the device, e.g. Europe/Paris.",
        )
        days_held = serializers.IntegerField(required=False, min_value=0, max_value=36500)
        last_contact_at = BoundedDateTimeField(required=False)

    @extend_schema(operation_id="streaks_welcome", request=InputSerializer, responses={201: StreakSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        streak = services.streak_welcome(
            user=request.user,
            zone_name=data.get("timezone"),
            days_held=data.get("days_held"),
            last_contact_at=data.get("last_contact_at"),
        )
        return Response(StreakSerializer(streak).data, status=status.HTTP_201_CREATED)


class StreakHistoryView(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(operation_id="streaks_history", responses=StreakSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        today = timezone.localdate(timezone=request.user.zone)
        streaks = selectors.streaks_for(user=request.user).select_related("user")
        return _paginated(request, self, streaks, StreakSerializer, {"today": today})


class StreakDetailView(ApiView):
    @extend_schema(operation_id="streaks_detail", responses=StreakSerializer)
    def get(self, request: AuthenticatedRequest, streak_id: int) -> Response:
        streak = selectors.streak_get(user=request.user, streak_id=streak_id)
        return Response(
            StreakSerializer(streak, context={"today": timezone.localdate(timezone=request.user.zone)}).data
        )


class CheckInListView(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(operation_id="streaks_checkins_list", responses=CheckInSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        return _paginated(request, self, selectors.checkins_for(user=request.user), CheckInSerializer)


class CheckInCreateView(ApiView):
    @extend_schema_serializer(component_name="StreaksCheckInCreateInput")
    class InputSerializer(serializers.Serializer):
        day = BoundedDateField(required=False, help_text="A past day to backfill; defaults to today.")
        mood = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=5)
        note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    @extend_schema(
        operation_id="streaks_checkins_create",
        request=InputSerializer,
        responses={
            201: CheckInSerializer,
            200: OpenApiResponse(
                CheckInSerializer,
                description="Already checked in that day: that check-in, its mood and note updated with "
                "what was given.",
            ),
        },
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        checkin, created = services.checkin_record(user=request.user, **serializer.validated_data)
        return Response(
            CheckInSerializer(checkin).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class CheckInDetailView(ApiView):
    @extend_schema(operation_id="streaks_checkins_detail", responses=CheckInSerializer)
    def get(self, request: AuthenticatedRequest, checkin_id: int) -> Response:
        return Response(
            CheckInSerializer(selectors.checkin_get(user=request.user, checkin_id=checkin_id)).data
        )


class UrgeListView(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(operation_id="streaks_urges_list", responses=UrgeSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        return _paginated(request, self, selectors.urges_for(user=request.user), UrgeSerializer)


class UrgeCreateView(ApiView):
    @extend_schema_serializer(component_name="StreaksUrgeCreateInput")
    class InputSerializer(serializers.Serializer):
        occurred_at = BoundedDateTimeField(required=False, help_text="Defaults to now.")
        strength = serializers.IntegerField(min_value=1, max_value=5)
        action = serializers.ChoiceField(choices=Urge.Action.choices)
        held_on = serializers.BooleanField(default=True)
        ex_reached_out = serializers.BooleanField(default=False)
        note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    @extend_schema(
        operation_id="streaks_urges_create", request=InputSerializer, responses={201: UrgeSerializer}
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        urge = services.urge_log(user=request.user, **serializer.validated_data)
        return Response(UrgeSerializer(urge).data, status=status.HTTP_201_CREATED)


class UrgeDetailView(ApiView):
    @extend_schema(operation_id="streaks_urges_detail", responses=UrgeSerializer)
    def get(self, request: AuthenticatedRequest, urge_id: int) -> Response:
        return Response(UrgeSerializer(selectors.urge_get(user=request.user, urge_id=urge_id)).data)


class SlipListView(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(operation_id="streaks_slips_list", responses=SlipSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        return _paginated(request, self, selectors.slips_for(user=request.user), SlipSerializer)


class SlipCreateView(ApiView):
    @extend_schema_serializer(component_name="StreaksSlipCreateInput")
    class InputSerializer(serializers.Serializer):
        day = BoundedDateField(required=False, help_text="Defaults to today.")
        contact_kind = serializers.ChoiceField(choices=Streak.EndKind.choices)
        note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
        restart_on = BoundedDateField(
            required=False, help_text="When the new streak starts; defaults to the day after."
        )

    @extend_schema(
        operation_id="streaks_slips_create", request=InputSerializer, responses={201: SlipSerializer}
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        slip = services.slip_record(user=request.user, kind=data.pop("contact_kind"), **data)
        return Response(SlipSerializer(slip).data, status=status.HTTP_201_CREATED)


class SlipDetailView(ApiView):
    @extend_schema(operation_id="streaks_slips_detail", responses=SlipSerializer)
    def get(self, request: AuthenticatedRequest, slip_id: int) -> Response:
        return Response(SlipSerializer(selectors.slip_get(user=request.user, slip_id=slip_id)).data)


class SlipUndoView(ApiView):
    """Undo contact recorded by mistake, within 24 hours of recording it: the streak it ended runs
    on as if it never had (the fresh start it began is folded back into it, check-ins and urges
    included), the milestones it took away come back without a second congratulation, and a
    milestone reached in between is congratulated once. The slip stays, marked undone."""

    @extend_schema(
        operation_id="streaks_slips_undo",
        request=None,
        responses={
            200: SlipSerializer,
            400: OpenApiResponse(
                description="Already undone, recorded more than 24 hours ago, or followed by later "
                "contact that ended a streak (undo that one first)."
            ),
            404: OpenApiResponse(description="No such contact among the member's own."),
        },
    )
    def post(self, request: AuthenticatedRequest, slip_id: int) -> Response:
        slip = services.slip_undo(user=request.user, slip_id=slip_id)
        return Response(SlipSerializer(slip).data)


class MilestoneListView(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(operation_id="streaks_milestones_list", responses=AwardSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        return _paginated(
            request, self, selectors.awards_for(user=request.user), AwardSerializer, {"request": request}
        )


class MilestonesCelebrateView(ApiView):
    """Award the milestones the streak has reached by today, without waiting for the sweep."""

    @extend_schema(
        operation_id="streaks_milestones_celebrate", request=None, responses=AwardSerializer(many=True)
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        awards = services.milestones_check(user=request.user)
        return Response(AwardSerializer(awards, many=True, context={"request": request}).data)


class MilestoneShareView(ApiView):
    """Share a milestone in the forum's Milestones category, once, with a few words of my own if I
    like. It is moderated like any post: a new member's waits for a moderator."""

    @extend_schema_serializer(component_name="StreaksMilestoneShareInput")
    class InputSerializer(serializers.Serializer):
        message = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=services.SHARE_MESSAGE_MAX,
            help_text="A few words of my own, added below the milestone.",
        )

    @extend_schema_serializer(component_name="StreaksMilestoneShareOutput")
    class OutputSerializer(serializers.Serializer):
        thread_id = serializers.IntegerField()
        status = serializers.ChoiceField(
            choices=PostStatus.choices,
            help_text="The forum post's status: pending until a moderator approves.",
        )
        message = serializers.CharField()
        crisis = serializers.BooleanField(
            help_text="The words sound like a crisis: show the help resources at once."
        )
        help_url = serializers.CharField(help_text="The crisis resources page.")

    @extend_schema(
        operation_id="streaks_milestones_share",
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            400: OpenApiResponse(
                description="Already shared (nothing is posted again), or the words are too long "
                "(`errors.message`)."
            ),
        },
    )
    def post(self, request: AuthenticatedRequest, award_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        thread = services.milestone_share(user=request.user, award_id=award_id, **serializer.validated_data)
        data = {
            "thread_id": thread.pk,
            "status": thread.status,
            "message": services.milestone_share_message(thread),
            "crisis": thread.opening_post.is_crisis,
            "help_url": request.build_absolute_uri(reverse("crisis_resources")),
        }
        return Response(self.OutputSerializer(data).data, status=status.HTTP_201_CREATED)


class MilestoneCelebratedView(ApiView):
    """The member has seen the celebration: it is not offered again (nor for a lower milestone of the
    same streak). Safe to send twice."""

    @extend_schema(operation_id="streaks_milestones_celebrated", request=None, responses=AwardSerializer)
    def post(self, request: AuthenticatedRequest, award_id: int) -> Response:
        award = services.milestone_celebrated(user=request.user, award_id=award_id)
        return Response(AwardSerializer(award, context={"request": request}).data)


class MilestoneBadgeView(ApiView):
    """The milestone's badge to download and share elsewhere: an SVG image with the day count and
    the site's name, nothing that says who or when."""

    @extend_schema(
        operation_id="streaks_milestones_badge",
        responses={(200, "image/svg+xml"): OpenApiResponse(response=OpenApiTypes.STR)},
    )
    def get(self, request: AuthenticatedRequest, award_id: int) -> HttpResponse:
        return badge_response(selectors.award_get(user=request.user, award_id=award_id))


class PreferencesView(ApiView):
    @extend_schema_serializer(component_name="StreaksPreferencesOutput")
    class OutputSerializer(serializers.Serializer):
        logistics_ends_streak = serializers.BooleanField()

    @extend_schema(operation_id="streaks_preferences", responses=OutputSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(self.OutputSerializer(services.preferences_get(user=request.user)).data)


class PreferencesUpdateView(ApiView):
    @extend_schema_serializer(component_name="StreaksPreferencesUpdateInput")
    class InputSerializer(serializers.Serializer):
        logistics_ends_streak = serializers.BooleanField()

    @extend_schema(
        operation_id="streaks_preferences_update",
        request=InputSerializer,
        responses=PreferencesView.OutputSerializer,
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        preferences = services.preferences_update(user=request.user, **serializer.validated_data)
        return Response(PreferencesView.OutputSerializer(preferences).data)


class CheckInEditView(ApiView):
    @extend_schema_serializer(component_name="StreaksCheckInEditInput")
    class InputSerializer(serializers.Serializer):
        mood = serializers.IntegerField(allow_null=True, min_value=1, max_value=5)
        note = serializers.CharField(allow_blank=True, max_length=2000)

    @extend_schema(operation_id="streaks_checkins_edit", request=InputSerializer, responses=CheckInSerializer)
    def post(self, request: AuthenticatedRequest, checkin_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        checkin = services.checkin_edit(user=request.user, checkin_id=checkin_id, **serializer.validated_data)
        return Response(CheckInSerializer(checkin).data)


class CheckInDeleteView(ApiView):
    @extend_schema(operation_id="streaks_checkins_delete", request=None, responses={204: None})
    def post(self, request: AuthenticatedRequest, checkin_id: int) -> Response:
        services.checkin_delete(user=request.user, checkin_id=checkin_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UrgeEditView(ApiView):
    @extend_schema_serializer(component_name="StreaksUrgeEditInput")
    class InputSerializer(serializers.Serializer):
        strength = serializers.IntegerField(min_value=1, max_value=5)
        action = serializers.ChoiceField(choices=Urge.Action.choices)
        held_on = serializers.BooleanField()
        ex_reached_out = serializers.BooleanField(default=False)
        note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    @extend_schema(operation_id="streaks_urges_edit", request=InputSerializer, responses=UrgeSerializer)
    def post(self, request: AuthenticatedRequest, urge_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        urge = services.urge_edit(user=request.user, urge_id=urge_id, **serializer.validated_data)
        return Response(UrgeSerializer(urge).data)


class UrgeDeleteView(ApiView):
    @extend_schema(operation_id="streaks_urges_delete", request=None, responses={204: None})
    def post(self, request: AuthenticatedRequest, urge_id: int) -> Response:
        services.urge_delete(user=request.user, urge_id=urge_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_serializer(component_name="StreaksJournalEntry")
class JournalEntrySerializer(serializers.Serializer):
    """An entry of the journal: its kind, its day, and the object of that kind (the others are null)."""

    kind = serializers.ChoiceField(choices=list(selectors.JOURNAL_KINDS))
    day = serializers.DateField(help_text="The day in the member's calendar.")
    at = serializers.DateTimeField(allow_null=True)
    checkin = CheckInSerializer(allow_null=True)
    pledge = PledgeSerializer(allow_null=True)
    urge = UrgeSerializer(allow_null=True)
    slip = SlipSerializer(allow_null=True)
    milestone = AwardSerializer(allow_null=True)
    letter = LetterSerializer(allow_null=True)

    def to_representation(self, instance: selectors.JournalEntry) -> dict:
        entry = dict.fromkeys(selectors.JOURNAL_KINDS)
        entry.update(kind=instance.kind, day=instance.day, at=instance.at, **{instance.kind: instance.item})
        return super().to_representation(entry)


@extend_schema_serializer(component_name="StreaksJournalPage")
class JournalPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next_page = serializers.IntegerField(allow_null=True)
    previous_page = serializers.IntegerField(allow_null=True)
    results = JournalEntrySerializer(many=True)


class JournalView(ApiView):
    """One timeline of check-ins (evening reviews among them), morning pledges, urges, slips,
    milestones and unsent letters, newest first."""

    @extend_schema(
        operation_id="streaks_journal",
        parameters=[
            OpenApiParameter("kind", enum=list(selectors.JOURNAL_KINDS), required=False),
            OpenApiParameter("month", str, description="YYYY-MM, in the member's calendar", required=False),
            OpenApiParameter("page", int, required=False),
        ],
        responses={
            200: JournalPageSerializer,
            400: OpenApiResponse(description="A kind, month or page that does not exist."),
        },
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        filters = JournalFilterForm(request.query_params)
        if not filters.is_valid():
            raise serializers.ValidationError(
                {name: [str(message) for message in messages] for name, messages in filters.errors.items()}
            )
        page = selectors.journal_page(
            user=request.user,
            kind=filters.cleaned_data["kind"] or None,
            month=filters.cleaned_data["month"],
            page=request.query_params.get("page"),
        )
        data = {
            "count": page.paginator.count,
            "next_page": page.next_page_number() if page.has_next() else None,
            "previous_page": page.previous_page_number() if page.has_previous() else None,
            "results": page.object_list,
        }
        return Response(JournalPageSerializer(data).data)


@extend_schema_serializer(component_name="StreaksMoodPoint")
class MoodPointSerializer(serializers.Serializer):
    day = serializers.DateField()
    mood = serializers.IntegerField(min_value=1, max_value=5)


@extend_schema_serializer(component_name="StreaksMoodWeek")
class MoodWeekSerializer(serializers.Serializer):
    first_day = serializers.DateField()
    days_noted = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)


class MoodChartView(ApiView):
    """The moods noted in check-ins over the last 90 days, in the member's calendar: what the
    journal draws as a chart, for the app to draw its own."""

    @extend_schema_serializer(component_name="StreaksMoodChart")
    class OutputSerializer(serializers.Serializer):
        first_day = serializers.DateField()
        last_day = serializers.DateField(help_text="Today, in the member's calendar.")
        days_noted = serializers.IntegerField()
        average = serializers.FloatField(allow_null=True)
        recent_average = serializers.FloatField(allow_null=True, help_text="The last 30 days.")
        earlier_average = serializers.FloatField(allow_null=True, help_text="The 60 days before them.")
        points = MoodPointSerializer(many=True)
        weeks = MoodWeekSerializer(many=True)

    @extend_schema(operation_id="streaks_moods", responses=OutputSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        chart = selectors.mood_chart_for(
            user=request.user, today=timezone.localdate(timezone=request.user.zone)
        )
        return Response(self.OutputSerializer(chart).data)


class ReminderView(ApiView):
    """The daily reminders (to check in, the morning pledge, the evening review): GET them, POST
    local times (null turns one off; one not sent is kept)."""

    @extend_schema_serializer(component_name="StreaksReminderInput")
    class InputSerializer(serializers.Serializer):
        reminder_time = serializers.TimeField(
            required=False,
            allow_null=True,
            help_text="To check in: local time in the member's zone, such as 20:30; null for no reminder.",
        )
        pledge_reminder_time = serializers.TimeField(
            required=False, allow_null=True, help_text="For the morning pledge; null for no reminder."
        )
        review_reminder_time = serializers.TimeField(
            required=False, allow_null=True, help_text="For the evening review; null for no reminder."
        )

    @extend_schema_serializer(component_name="StreaksReminder")
    class OutputSerializer(serializers.Serializer):
        reminder_time = serializers.RegexField(
            r"^\d{2}:\d{2}$", allow_null=True, help_text="HH:MM in the member's zone; null when off."
        )
        pledge_reminder_time = serializers.RegexField(r"^\d{2}:\d{2}$", allow_null=True)
        review_reminder_time = serializers.RegexField(r"^\d{2}:\d{2}$", allow_null=True)

    def _output(self, preferences) -> dict:
        return {
            field: f"{getattr(preferences, field):%H:%M}" if getattr(preferences, field) else None
            for field in services.REMINDER_FIELDS.values()
        }

    @extend_schema(operation_id="streaks_reminder", responses=OutputSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        return Response(self._output(services.preferences_get(user=request.user)))

    @extend_schema(
        operation_id="streaks_reminder_update", request=InputSerializer, responses=OutputSerializer
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Local times of day: an offset sent with one is dropped, the member's zone decides.
        times = {
            field: chosen.replace(tzinfo=None) if chosen else None
            for field, chosen in serializer.validated_data.items()
        }
        preferences = services.reminder_set(user=request.user, **times)
        return Response(self._output(preferences))


class PledgeListView(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(operation_id="streaks_pledges_list", responses=PledgeSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        return _paginated(request, self, selectors.pledges_for(user=request.user), PledgeSerializer)


class PledgeTodayView(ApiView):
    """The morning pledge, "Today I keep no contact": one tap, once a local day."""

    @extend_schema(
        operation_id="streaks_pledge_today",
        request=None,
        responses={
            201: PledgeSerializer,
            200: OpenApiResponse(PledgeSerializer, description="Already pledged today: that pledge."),
        },
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        pledge, created = services.pledge_make(user=request.user)
        return Response(
            PledgeSerializer(pledge).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class ReviewView(ApiView):
    """The evening review, "How was today?": a mood and a private note kept with today's check-in
    (checking in if not done yet). Sent again the same day, it replaces them."""

    @extend_schema_serializer(component_name="StreaksReviewInput")
    class InputSerializer(serializers.Serializer):
        mood = serializers.IntegerField(min_value=1, max_value=5)
        note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    @extend_schema(operation_id="streaks_review", request=InputSerializer, responses=CheckInSerializer)
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        checkin = services.review_record(user=request.user, **serializer.validated_data)
        return Response(CheckInSerializer(checkin).data)
