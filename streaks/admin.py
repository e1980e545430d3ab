from django.contrib import admin

from .cache import members_changed
from .models import CheckIn, MilestoneAward, Slip, Streak, StreakPreferences, Urge


class MemberRowAdmin(admin.ModelAdmin):
    """Rows the member's dashboard is made from: deleting them here shows there at once (saving
    them does through the cache's receiver)."""

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        members_changed([obj.user_id])

    def delete_queryset(self, request, queryset):
        user_ids = list(queryset.values_list("user_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        members_changed(user_ids)


@admin.register(Streak)
class StreakAdmin(MemberRowAdmin):
    list_display = ["user", "start_date", "ended_on", "end_kind", "created_at"]
    list_filter = ["end_kind"]
    search_fields = ["user__handle"]
    raw_id_fields = ["user"]


@admin.register(MilestoneAward)
class MilestoneAwardAdmin(admin.ModelAdmin):
    list_display = ["streak", "days", "awarded_at", "notify", "delivered_at"]
    list_filter = ["notify", "days"]
    raw_id_fields = ["streak"]


@admin.register(CheckIn)
class CheckInAdmin(MemberRowAdmin):
    list_display = ["user", "day", "mood"]
    raw_id_fields = ["user", "streak"]
    exclude = ["note"]


@admin.register(Urge)
class UrgeAdmin(MemberRowAdmin):
    list_display = ["user", "occurred_at", "strength", "action", "held_on"]
    raw_id_fields = ["user", "streak"]
    exclude = ["note"]


@admin.register(Slip)
class SlipAdmin(MemberRowAdmin):
    list_display = ["user", "day", "kind", "ended_streak"]
    raw_id_fields = ["user", "streak"]
    exclude = ["note"]


admin.site.register(StreakPreferences)
