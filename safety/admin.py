from django.contrib import admin

from .models import CrisisLine


@admin.register(CrisisLine)
class CrisisLineAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "phone", "text", "hours", "checked_on", "is_active"]
    list_filter = ["is_active", "country"]
    search_fields = ["name", "country", "phone"]
    ordering = ["country", "position"]
