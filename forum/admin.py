"""Admin for the forum: categories, crisis phrases and rejection reasons are edited here; members'
content is only read.

Threads, posts, flags, suspensions and the moderation log change only through the forum's services,
on the site's moderation pages: they write the moderation log, refresh the cached pages and tell
the members concerned, none of which an edit here would do. A category saved here refreshes the
cache itself (forum/cache.py), and crisis phrases are read afresh for every post.
"""

from django.contrib import admin

from .models import (
    Category,
    CrisisPhrase,
    Flag,
    ModerationLogEntry,
    Post,
    RejectionReason,
    Suspension,
    Thread,
)


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


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "text", "position", "is_active"]
    list_editable = ["position", "is_active"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Readable and filterable; never added, changed or deleted here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    list_display = ["title", "category", "author", "status", "is_pinned", "is_locked", "last_activity_at"]
    list_filter = ["category", "status", "is_pinned", "is_locked"]
    list_select_related = ["category", "author"]
    search_fields = ["title"]


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["id", "thread", "author", "status", "is_crisis", "needs_review", "created_at"]
    list_filter = ["status", "is_crisis", "needs_review"]
    list_select_related = ["thread", "author"]


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["post", "user", "reason", "status", "created_at"]
    list_filter = ["reason", "status"]
    list_select_related = ["post", "user"]


@admin.register(Suspension)
class SuspensionAdmin(ReadOnlyAdmin):
    list_display = ["user", "until", "reason", "created_by", "created_at", "lifted_at"]
    list_select_related = ["user", "created_by"]


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "moderator_handle", "action", "target", "reason"]
    list_filter = ["action"]
    search_fields = ["moderator_handle", "target", "reason"]
