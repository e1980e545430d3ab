"""Admin for the forum: categories and crisis phrases are edited here; the moderation log is read-only."""

from django.contrib import admin

from .models import Category, CrisisPhrase, Flag, ModerationLogEntry, Post, Suspension, Thread


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "moderators_only_posting", "is_public"]
    list_editable = ["position", "moderators_only_posting", "is_public"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position"]


@admin.register(CrisisPhrase)
class CrisisPhraseAdmin(admin.ModelAdmin):
    list_display = ["phrase", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["phrase"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "author", "status", "is_pinned", "is_locked", "last_activity_at"]
    list_filter = ["category", "status", "is_pinned", "is_locked"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    # State changes go through the review queue so that they are logged.
    readonly_fields = ["status", "post_count", "created_at", "last_activity_at", "is_pinned", "is_locked"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["id", "thread", "author", "status", "is_crisis", "needs_review", "created_at"]
    list_filter = ["status", "is_crisis", "needs_review"]
    raw_id_fields = ["thread", "author", "quote_of"]
    readonly_fields = [field.name for field in Post._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["post", "user", "reason", "status", "created_at"]
    list_filter = ["reason", "status"]
    raw_id_fields = ["post", "user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ["user", "until", "reason", "created_by", "created_at", "lifted_at"]
    raw_id_fields = ["user", "created_by", "lifted_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(admin.ModelAdmin):
    """Readable and filterable; never added, changed or deleted here."""

    list_display = ["created_at", "moderator_handle", "action", "target", "reason"]
    list_filter = ["action"]
    search_fields = ["moderator_handle", "target", "reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
