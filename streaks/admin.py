from django.contrib import admin

from .models import CheckIn, MilestoneAward, Slip, Streak, StreakPreferences, Urge


@admin.register(Streak)
class StreakAdmin(admin.ModelAdmin):
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
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "mood"]
    raw_id_fields = ["user", "streak"]
    exclude = ["note"]


@admin.register(Urge)
class UrgeAdmin(admin.ModelAdmin):
    list_display = ["user", "occurred_at", "strength", "action", "held_on"]
    raw_id_fields = ["user", "streak"]
    exclude = ["note"]


@admin.register(Slip)
class SlipAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "kind", "ended_streak"]
    raw_id_fields = ["user", "streak"]
    exclude = ["note"]


admin.site.register(StreakPreferences)
