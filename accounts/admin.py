from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Block, Notification, User


@admin.register(User)
class MemberAdmin(UserAdmin):
    ordering = ["handle"]
    list_display = ["handle", "email", "is_active", "is_staff", "date_joined"]
    search_fields = ["handle", "email"]
    fieldsets = (
        (None, {"fields": ("handle", "email", "password")}),
        ("Profile", {"fields": ("bio", "timezone", "streak_visibility")}),
        (
            "E-mails",
            {
                "fields": (
                    "email_on_milestone",
                    "email_on_reply",
                    "email_on_moderation",
                    "email_on_partner",
                    "email_on_right_now",
                    "listener",
                )
            },
        ),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("handle", "email", "password1", "password2")}),)


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["blocker", "blocked", "created_at"]
    raw_id_fields = ["blocker", "blocked"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient"]
