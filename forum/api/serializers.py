"""Output shapes shared by several forum endpoints."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Category, Draft, Post, PostStatus, Reaction, Thread
from ..selectors import PostView, post_view_for


class LatestThreadLinkSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Thread
        fields = ["id", "title", "last_activity_at", "url"]


class ForumCategorySerializer(serializers.ModelSerializer):
    thread_count = serializers.IntegerField(read_only=True, default=0)
    latest_thread = LatestThreadLinkSerializer(
        read_only=True, allow_null=True, help_text="Its latest published thread; null when it has none."
    )

    class Meta:
        model = Category
        fields = [
            "slug",
            "name",
            "description",
            "position",
            "moderators_only_posting",
            "is_public",
            "thread_count",
            "latest_thread",
        ]


class ForumThreadSerializer(serializers.ModelSerializer):
    category: "serializers.SlugRelatedField[Category]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    author = serializers.SerializerMethodField(help_text="The author's handle; null for a former member.")
    author_name = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=PostStatus.choices, read_only=True)
    is_unread = serializers.BooleanField(read_only=True, help_text="Opened before, with activity since.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Thread
        fields = [
            "id", "category", "title", "author", "author_name", "status", "is_pinned", "is_locked",
            "post_count", "created_at", "last_activity_at", "is_unread", "url",
        ]  # fmt: skip

    def get_author(self, thread: Thread) -> str | None:
        return thread.author.handle if thread.author is not None else None

    def get_url(self, thread: Thread) -> str:
        return thread.get_absolute_url()


class LatestThreadSerializer(ForumThreadSerializer):
    category_name = serializers.CharField(source="category.name", read_only=True)
    reply_count = serializers.SerializerMethodField()
    last_poster = serializers.SerializerMethodField(help_text="Who posted last; null for a former member.")
    last_poster_name = serializers.CharField(read_only=True)
    new_post_count = serializers.IntegerField(
        read_only=True, default=0, help_text="Posts by others since the viewer last read it; 0 if never read."
    )

    class Meta(ForumThreadSerializer.Meta):
        fields = [
            *ForumThreadSerializer.Meta.fields,
            "category_name", "reply_count", "last_poster", "last_poster_name", "new_post_count",
        ]  # fmt: skip

    def get_reply_count(self, thread: Thread) -> int:
        return max(thread.post_count - 1, 0)

    def get_last_poster(self, thread: Thread) -> str | None:
        return thread.last_poster.handle if thread.last_poster is not None else None


class ReactionCountSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Reaction.Kind.choices)
    # DRF's metaclass takes declared fields off the class, so this does not replace Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    mine = serializers.BooleanField()


class PostActionsSerializer(serializers.Serializer):
    can_react = serializers.BooleanField()
    can_flag = serializers.BooleanField()
    can_edit = serializers.BooleanField()
    paused = serializers.BooleanField(help_text="The viewer is suspended: they can read, not write.")


class ForumPostSerializer(serializers.ModelSerializer):
    """A post as the viewer may see it (selectors.PostView, set by posts_decorate): the text of a
    removed post is never sent."""

    author = serializers.SerializerMethodField(help_text="The author's handle; null for a former member.")
    author_name = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=PostStatus.choices, read_only=True)
    body = serializers.SerializerMethodField(help_text="Markdown source.")
    body_html = serializers.SerializerMethodField(help_text="Sanitized HTML, safe to display.")
    reactions = serializers.SerializerMethodField()
    is_from_blocked = serializers.SerializerMethodField(help_text="Collapse it, with a 'show anyway'.")
    quote_is_from_blocked = serializers.SerializerMethodField(
        help_text="It quotes a member the viewer blocked: collapse the quote, with a 'show anyway'."
    )
    actions = serializers.SerializerMethodField(
        help_text="What the viewer may do with the post now. With `paused` true (the viewer is "
        "suspended), show react, quote and flag disabled: a write answers 403 with the reason."
    )
    rejection_reason = serializers.SerializerMethodField(help_text="Shown to the author and moderators.")
    is_crisis = serializers.SerializerMethodField(help_text="Moderators only; null for others.")

    class Meta:
        model = Post
        fields = [
            "id", "thread", "is_opening", "author", "author_name", "status", "body", "body_html",
            "milestone_days", "quote_of", "created_at", "edited_at", "removed_by_author", "reactions",
            "is_from_blocked", "quote_is_from_blocked", "actions", "rejection_reason", "is_crisis",
            "version",
        ]  # fmt: skip

    def _view(self, post: Post) -> PostView:
        # Posts not decorated (the review queue's) are decided here, the same way.
        view = getattr(post, "view", None)
        if view is None:
            view = post.view = post_view_for(viewer=self.context.get("viewer"), post=post)
        return view

    def get_author(self, post: Post) -> str | None:
        return post.author.handle if post.author is not None else None

    def get_body(self, post: Post) -> str:
        return post.body if self._view(post).text_shown else ""

    def get_body_html(self, post: Post) -> str:
        return post.body_html if self._view(post).text_shown else ""

    @extend_schema_field(ReactionCountSerializer(many=True))
    def get_reactions(self, post: Post) -> list:
        return getattr(post, "reaction_summary", [])

    def get_is_from_blocked(self, post: Post) -> bool:
        return self._view(post).collapsed

    def get_quote_is_from_blocked(self, post: Post) -> bool:
        return self._view(post).quote_collapsed

    @extend_schema_field(PostActionsSerializer)
    def get_actions(self, post: Post) -> dict[str, bool]:
        view = self._view(post)
        return {
            "can_react": view.can_react,
            "can_flag": view.can_flag,
            "can_edit": view.can_edit,
            "paused": view.paused,
        }

    def get_rejection_reason(self, post: Post) -> str:
        return post.rejection_reason if self._view(post).reason_shown else ""

    def get_is_crisis(self, post: Post) -> bool | None:
        return post.is_crisis if self._view(post).can_moderate else None


class DraftSerializer(serializers.ModelSerializer):
    thread = serializers.IntegerField(
        source="thread_id",
        read_only=True,
        allow_null=True,
        help_text="The thread it replies to; null for a new thread.",
    )
    thread_title = serializers.SerializerMethodField()
    category: "serializers.SlugRelatedField[Category]" = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="A new thread's category; null for a reply.",
    )
    url = serializers.CharField(
        source="get_absolute_url", read_only=True, help_text="The page to go on writing it."
    )

    class Meta:
        model = Draft
        fields = ["thread", "thread_title", "category", "title", "body", "updated_at", "url"]

    def get_thread_title(self, draft: Draft) -> str | None:
        return draft.thread.title if draft.thread is not None else None
