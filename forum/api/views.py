"""The forum API for members and moderators: one view per operation, every object through a selector."""

from collections.abc import Callable, Sequence
from typing import cast

from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnList

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.models import User
from accounts.selectors import member_get_by_handle
from community.api import ApiView, TypingApiView
from community.pagination import KeysetPagination, PageNumberPagination, page_size, paginated_response

from .. import cache as forum_cache
from .. import selectors, services
from ..exports import moderation_log_csv
from ..models import (
    Category,
    Flag,
    ModerationLogEntry,
    ModeratorNote,
    Post,
    PostRevision,
    PostStatus,
    Reaction,
    RejectionReason,
    Suspension,
    Thread,
)
from .serializers import (
    DraftSerializer,
    ForumCategorySerializer,
    ForumPostSerializer,
    ForumThreadSerializer,
    LatestThreadSerializer,
)

LATEST_ORDERING = ("-last_activity_at", "-id")
POST_ORDERING = ("created_at", "id")


def _param(request: Request, name: str, max_length: int = 200) -> str:
    """A query parameter as plain text: NUL characters, which PostgreSQL refuses, are dropped."""
    return request.query_params.get(name, "")[:max_length].replace("\x00", "")


def _me(request: Request) -> User:
    """The signed-in member (every forum endpoint requires one)."""
    return cast(User, request.user)


class IsModerator(BasePermission):
    message = "Only moderators can do this."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_moderator)


class ForumView(ApiView):
    """Forum endpoints: members only."""

    permission_classes = [IsAuthenticated]


class TypingView(TypingApiView):
    """Forum endpoints called as a member types: members only, on the typing allowance."""

    permission_classes = [IsAuthenticated]


class ModeratorView(ForumView):
    permission_classes = [IsAuthenticated, IsModerator]


def _threads_page(request: Request, threads, ordering: Sequence[str] = selectors.THREAD_ORDERING) -> Response:
    paginator = KeysetPagination()
    rows = paginator.paginate(queryset=threads, request=request, ordering=ordering, fetch=selectors.page_rows)
    return paginator.get_paginated_response(ForumThreadSerializer(rows, many=True).data)


def _post_data(post, viewer) -> dict:
    post = selectors.posts_decorate(posts=[post], viewer=viewer)[0]
    return ForumPostSerializer(post, context={"viewer": viewer}).data


# Reading


class CategoryListView(ForumView):
    @extend_schema(operation_id="forum_categories", responses=ForumCategorySerializer(many=True))
    def get(self, request: Request) -> Response:
        categories = selectors.category_list(viewer=request.user)
        return Response(ForumCategorySerializer(categories, many=True).data)


class CategoryThreadListView(ForumView):
    pagination_class = KeysetPagination

    @extend_schema(
        operation_id="forum_category_threads",
        responses=ForumThreadSerializer(many=True),
        description="Threads in a category, pinned first, then by last activity; in Right now, threads "
        "no one has answered yet come first, the longest waiting first.",
    )
    def get(self, request: Request, slug: str) -> Response:
        category = selectors.category_get_for(slug=slug, viewer=request.user)
        return _threads_page(request, *selectors.category_threads(viewer=request.user, category=category))


class ThreadListView(ForumView):
    pagination_class = KeysetPagination

    @extend_schema(
        operation_id="forum_threads",
        responses=ForumThreadSerializer(many=True),
        description="Threads in every category, pinned first, then by last activity.",
    )
    def get(self, request: Request) -> Response:
        return _threads_page(request, selectors.thread_list(viewer=request.user))


class LatestThreadListView(ForumView):
    pagination_class = KeysetPagination

    @extend_schema(
        operation_id="forum_latest",
        responses=LatestThreadSerializer(many=True),
        description="Threads in every category the member may read, by last activity, with the "
        "number of posts by others since they last read each.",
    )
    def get(self, request: Request) -> Response:
        paginator = KeysetPagination()
        rows = paginator.paginate(
            queryset=selectors.thread_latest(viewer=request.user),
            request=request,
            ordering=LATEST_ORDERING,
            fetch=selectors.page_rows,
        )
        return paginator.get_paginated_response(LatestThreadSerializer(rows, many=True).data)


class ThreadDetailView(ForumView):
    class OutputSerializer(ForumThreadSerializer):
        is_followed = serializers.BooleanField(help_text="Whether you follow the thread.")

        class Meta(ForumThreadSerializer.Meta):
            fields = [*ForumThreadSerializer.Meta.fields, "is_followed"]

    @extend_schema(operation_id="forum_thread", responses=OutputSerializer)
    def get(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_get_for(thread_id=thread_id, viewer=request.user)
        data = self.OutputSerializer(thread).data
        services.thread_mark_read(user=_me(request), thread=thread)
        return Response(data)


class ThreadPostListView(ForumView):
    pagination_class = KeysetPagination

    @extend_schema(operation_id="forum_thread_posts", responses=ForumPostSerializer(many=True))
    def get(self, request: Request, thread_id: int) -> Response:
        version = forum_cache.thread_version(thread_id)  # before reading what is kept under it
        thread = selectors.thread_to_read(thread_id=thread_id, viewer=request.user, version=version)
        posts, shared_key = selectors.post_paging(thread=thread, viewer=request.user, version=version)
        if shared_key is not None:
            # Members who see the same posts share each page's ids.
            cursor, size = request.query_params.get("cursor", ""), page_size(request)
            shared_key = forum_cache.keyset_page_key(shared_key, cursor=cursor, size=size)
        paginator = KeysetPagination()
        rows = paginator.paginate(
            queryset=posts,
            request=request,
            ordering=POST_ORDERING,
            fetch=lambda page_of: selectors.page_rows(page_of, shared_key=shared_key, version=version),
        )
        rows = selectors.posts_decorate(posts=rows, viewer=request.user)
        data = forum_cache.serialized_posts(
            posts=rows,
            viewer_is_moderator=selectors.is_moderator(user=request.user),
            version=version,
            # many=True makes a ListSerializer, whose data is a list (the stubs type every `data` a dict).
            serialize=lambda posts: cast(
                ReturnList, ForumPostSerializer(posts, many=True, context={"viewer": request.user}).data
            ),
        )
        return paginator.get_paginated_response(data)


class PostDetailView(ForumView):
    @extend_schema(operation_id="forum_post", responses=ForumPostSerializer)
    def get(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get_for(post_id=post_id, viewer=request.user)
        return Response(_post_data(post, request.user))


class SearchView(ForumView):
    pagination_class = PageNumberPagination

    class InputSerializer(serializers.Serializer):
        q = serializers.CharField(max_length=200, allow_blank=True, help_text="Words to look for.")
        category = serializers.SlugField(required=False, allow_blank=True, help_text="Only this category.")
        author = serializers.CharField(
            max_length=30, required=False, allow_blank=True, help_text="Only by this handle."
        )

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        thread = serializers.IntegerField(source="thread_id")
        thread_title = serializers.CharField(source="thread.title")
        category = serializers.CharField(source="thread.category.slug")
        author_name = serializers.CharField()
        excerpt = serializers.SerializerMethodField(
            help_text="Plain text, escaped, with the matched words in <mark> on PostgreSQL: safe to display."
        )
        created_at = serializers.DateTimeField()

        def get_excerpt(self, post) -> str:
            return self.context["excerpts"][post.pk]

    @extend_schema(
        operation_id="forum_search",
        parameters=[InputSerializer],
        responses={
            200: OutputSerializer(many=True),
            404: OpenApiResponse(description="No such category or member for you."),
        },
        description="Published posts matching the words; ranked by relevance on PostgreSQL.",
    )
    def get(self, request: Request) -> Response:
        serializer = self.InputSerializer(
            data={key: _param(request, key, 1000) for key in request.query_params}
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        query = data.get("q", "")
        category = None
        if data.get("category"):
            category = selectors.category_get_for(slug=data["category"], viewer=request.user)
        author = member_get_by_handle(handle=data["author"].lstrip("@")) if data.get("author") else None
        results = selectors.post_search(query=query, viewer=request.user, category=category, author=author)

        def serialize(page) -> ReturnList:
            posts = list(page)
            excerpts = selectors.search_excerpts(posts=posts, query=query)
            return cast(
                ReturnList, self.OutputSerializer(posts, many=True, context={"excerpts": excerpts}).data
            )

        return paginated_response(request=request, view=self, queryset=results, serialize=serialize)


class ThreadCreateView(ForumView):
    class InputSerializer(serializers.Serializer):
        category = serializers.SlugField()
        title = serializers.CharField(max_length=150)
        body = serializers.CharField(max_length=20000)

    class OutputSerializer(ForumThreadSerializer):
        opening_post = serializers.SerializerMethodField()
        crisis_resources_url = serializers.SerializerMethodField(
            help_text="Set when the post suggests the author may be in danger: show these resources at once."
        )

        class Meta(ForumThreadSerializer.Meta):
            fields = [*ForumThreadSerializer.Meta.fields, "opening_post", "crisis_resources_url"]

        def get_opening_post(self, thread) -> int:
            return thread.opening_post.pk

        def get_crisis_resources_url(self, thread) -> str | None:
            return _crisis_url(thread.opening_post)

    @extend_schema(
        operation_id="forum_thread_create",
        request=InputSerializer,
        responses={201: OutputSerializer, 404: OpenApiResponse(description="No such category for you.")},
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        category = selectors.category_get_for(slug=data["category"], viewer=request.user)
        thread = services.thread_create(
            author=_me(request), category=category, title=data["title"], body=data["body"]
        )
        return Response(self.OutputSerializer(thread).data, status=status.HTTP_201_CREATED)


class RightNowListView(ForumView):
    pagination_class = KeysetPagination

    @extend_schema(
        operation_id="forum_right_now",
        responses=ForumThreadSerializer(many=True),
        description="Threads of Right now by need: those no one has answered yet first, the longest "
        "waiting first, then the others by last activity.",
    )
    def get(self, request: Request) -> Response:
        category = selectors.right_now_category()
        return _threads_page(request, *selectors.category_threads(viewer=request.user, category=category))


class RightNowAskView(ForumView):
    """Ask the community for support now: a thread in Right now, moderated like any thread (a new
    member's post waits for a moderator; crisis words return `crisis_resources_url`). Listeners are
    told once it is published. At most 3 an hour: a 429 says when the next one is possible."""

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(
            max_length=150,
            required=False,
            allow_blank=True,
            help_text="Optional: the first words of the message when left out.",
        )
        body = serializers.CharField(max_length=20000, help_text="What is happening right now.")

    @extend_schema(
        operation_id="forum_right_now_ask",
        request=InputSerializer,
        responses={201: ThreadCreateView.OutputSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        thread = services.right_now_ask(author=_me(request), **serializer.validated_data)
        return Response(ThreadCreateView.OutputSerializer(thread).data, status=status.HTTP_201_CREATED)


def _crisis_url(post) -> str | None:
    return reverse("crisis_resources") if post.is_crisis else None


class PostPreviewView(TypingView):
    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=20000, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        body_html = serializers.CharField(help_text="Exactly the sanitized HTML the post gets once saved.")

    @extend_schema(
        operation_id="forum_preview",
        request=InputSerializer,
        responses=OutputSerializer,
        description="The HTML a post with this Markdown would have, saving nothing.",
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response({"body_html": services.post_preview(body=serializer.validated_data["body"])})


class MentionSuggestionsView(ForumView):
    class OutputSerializer(serializers.Serializer):
        results = serializers.ListField(
            child=serializers.CharField(), help_text="Up to 8 handles, those active in the thread first."
        )

    @extend_schema(
        operation_id="forum_mention_suggestions",
        parameters=[
            OpenApiParameter("q", str, description="What follows the @: two characters at least."),
            OpenApiParameter(
                "thread", int, description="The thread being written in, to rank its members first."
            ),
        ],
        responses={200: OutputSerializer, 404: OpenApiResponse(description="No such thread for you.")},
        description="Members the caller may mention, by handle: never those who blocked them or whom they blocked.",
    )
    def get(self, request: Request) -> Response:
        thread_id = _param(request, "thread", 12)
        thread = (
            selectors.thread_get_for(thread_id=int(thread_id), viewer=request.user)
            if thread_id.isdigit()
            else None
        )
        handles = selectors.mention_suggestions(
            viewer=_me(request), prefix=_param(request, "q", 31), thread=thread
        )
        return Response({"results": handles})


# Drafts: the member's own


class DraftListView(ForumView):
    pagination_class = PageNumberPagination

    @extend_schema(operation_id="forum_drafts", responses=DraftSerializer(many=True))
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.draft_list(user=_me(request)), request, view=self)
        return paginator.get_paginated_response(DraftSerializer(page, many=True).data)


class DraftInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20000, allow_blank=True, trim_whitespace=False)
    title = serializers.CharField(max_length=150, allow_blank=True, required=False, default="")
    category = serializers.SlugField(required=False, allow_blank=True, default="")


class _DraftView(TypingView):
    """GET, PUT (save; an empty draft is deleted) and DELETE one draft of the member's."""

    def _thread(self, request: Request, **kwargs) -> Thread | None:
        raise NotImplementedError

    def _get(self, request: Request, **kwargs) -> Response:
        draft = selectors.draft_for(user=_me(request), thread=self._thread(request, **kwargs))
        if draft is None:
            raise NotFound("No draft here.")
        return Response(DraftSerializer(draft).data)

    def _put(self, request: Request, **kwargs) -> Response:
        thread = self._thread(request, **kwargs)
        serializer = DraftInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        category = None
        if thread is None and data["category"]:
            try:
                category = selectors.category_get_for(slug=data["category"], viewer=request.user)
            except Http404 as error:
                raise serializers.ValidationError({"category": ["There is no such category."]}) from error
        draft = services.draft_save(
            user=_me(request), thread=thread, body=data["body"], title=data["title"], category=category
        )
        if draft is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(DraftSerializer(draft).data)

    def _delete(self, request: Request, **kwargs) -> Response:
        services.draft_delete(user=_me(request), thread=self._thread(request, **kwargs))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ThreadDraftView(_DraftView):
    def _thread(self, request: Request, **kwargs) -> Thread | None:
        return selectors.thread_get_for(thread_id=kwargs["thread_id"], viewer=request.user)

    @extend_schema(
        operation_id="forum_draft_reply",
        responses={
            200: DraftSerializer,
            404: OpenApiResponse(description="No such thread, or no draft for it."),
        },
    )
    def get(self, request: Request, thread_id: int) -> Response:
        return self._get(request, thread_id=thread_id)

    @extend_schema(
        operation_id="forum_draft_reply_save",
        request=DraftInputSerializer,
        responses={200: DraftSerializer, 204: None},
        description="Save the member's draft reply to the thread; an empty body deletes it.",
    )
    def put(self, request: Request, thread_id: int) -> Response:
        return self._put(request, thread_id=thread_id)

    @extend_schema(operation_id="forum_draft_reply_delete", responses={204: None})
    def delete(self, request: Request, thread_id: int) -> Response:
        return self._delete(request, thread_id=thread_id)


class NewThreadDraftView(_DraftView):
    def _thread(self, request: Request, **kwargs) -> Thread | None:
        return None

    @extend_schema(
        operation_id="forum_draft_new_thread",
        responses={200: DraftSerializer, 404: OpenApiResponse(description="No draft of a new thread.")},
    )
    def get(self, request: Request) -> Response:
        return self._get(request)

    @extend_schema(
        operation_id="forum_draft_new_thread_save",
        request=DraftInputSerializer,
        responses={200: DraftSerializer, 204: None},
        description="Save the member's draft of a new thread (title, category, body); empty deletes it.",
    )
    def put(self, request: Request) -> Response:
        return self._put(request)

    @extend_schema(operation_id="forum_draft_new_thread_delete", responses={204: None})
    def delete(self, request: Request) -> Response:
        return self._delete(request)


class ReplyCreateView(ForumView):
    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=20000)
        quote_of = serializers.IntegerField(required=False, allow_null=True)

    class OutputSerializer(ForumPostSerializer):
        crisis_resources_url = serializers.SerializerMethodField()

        class Meta(ForumPostSerializer.Meta):
            fields = [*ForumPostSerializer.Meta.fields, "crisis_resources_url"]

        def get_crisis_resources_url(self, post) -> str | None:
            return _crisis_url(post)

    @extend_schema(
        operation_id="forum_reply_create", request=InputSerializer, responses={201: OutputSerializer}
    )
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_get_for(thread_id=thread_id, viewer=request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        quote = None
        if serializer.validated_data.get("quote_of"):
            quote = selectors.post_get_for(post_id=serializer.validated_data["quote_of"], viewer=request.user)
        post = services.reply_create(
            author=_me(request), thread=thread, body=serializer.validated_data["body"], quote_of=quote
        )
        post = selectors.posts_decorate(posts=[post], viewer=request.user)[0]
        data = self.OutputSerializer(post, context={"viewer": request.user}).data
        return Response(data, status=status.HTTP_201_CREATED)


class PostEditView(ForumView):
    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=20000)

    @extend_schema(operation_id="forum_post_edit", request=InputSerializer, responses=ForumPostSerializer)
    def patch(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get_for(post_id=post_id, viewer=request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        post = services.post_edit(user=_me(request), post=post, body=serializer.validated_data["body"])
        return Response(_post_data(post, request.user))


class PostRemoveView(ForumView):
    @extend_schema(operation_id="forum_post_remove", request=None, responses=ForumPostSerializer)
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get_for(post_id=post_id, viewer=request.user)
        post = services.post_remove(user=_me(request), post=post)
        return Response(_post_data(post, request.user))


class ReactionToggleView(ForumView):
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Reaction.Kind.choices)

    class OutputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Reaction.Kind.choices)
        on = serializers.BooleanField(help_text="Whether the reaction is now given.")
        post = ForumPostSerializer()

    @extend_schema(operation_id="forum_reaction_toggle", request=InputSerializer, responses=OutputSerializer)
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get_for(post_id=post_id, viewer=request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kind = serializer.validated_data["kind"]
        on = services.reaction_toggle(user=_me(request), post=post, kind=kind)
        return Response({"kind": kind, "on": on, "post": _post_data(post, request.user)})


class FlagCreateView(ForumView):
    class InputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=Flag.Reason.choices)
        note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = Flag
            fields = ["id", "post", "reason", "note", "status", "created_at"]

    @extend_schema(
        operation_id="forum_flag_create", request=InputSerializer, responses={201: OutputSerializer}
    )
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get_for(post_id=post_id, viewer=request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flag = services.flag_create(user=_me(request), post=post, **serializer.validated_data)
        return Response(self.OutputSerializer(flag).data, status=status.HTTP_201_CREATED)


class ThreadFollowView(ForumView):
    class OutputSerializer(serializers.Serializer):
        is_followed = serializers.BooleanField()

    @extend_schema(operation_id="forum_thread_follow", request=None, responses=OutputSerializer)
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_get_for(thread_id=thread_id, viewer=request.user)
        services.thread_follow(user=_me(request), thread=thread)
        return Response({"is_followed": True})


class ThreadUnfollowView(ForumView):
    class OutputSerializer(serializers.Serializer):
        is_followed = serializers.BooleanField()

    @extend_schema(operation_id="forum_thread_unfollow", request=None, responses=OutputSerializer)
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_get_for(thread_id=thread_id, viewer=request.user)
        services.thread_unfollow(user=_me(request), thread=thread)
        return Response({"is_followed": False})


class BlockListView(ForumView):
    class InputSerializer(serializers.Serializer):
        handle = serializers.CharField(max_length=30)

    class OutputSerializer(serializers.Serializer):
        handle = serializers.CharField(source="blocked.handle")
        created_at = serializers.DateTimeField()

    @extend_schema(operation_id="forum_blocks", responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        blocks = account_selectors.blocks_of(user=_me(request))
        return Response(self.OutputSerializer(blocks, many=True).data)

    @extend_schema(
        operation_id="forum_block_create",
        request=InputSerializer,
        responses={201: OutputSerializer, 404: OpenApiResponse(description="No member with that handle.")},
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = account_selectors.member_get_by_handle(handle=serializer.validated_data["handle"])
        block = account_services.block_create(blocker=_me(request), blocked=member)
        return Response(self.OutputSerializer(block).data, status=status.HTTP_201_CREATED)


class BlockDeleteView(ForumView):
    @extend_schema(operation_id="forum_block_delete", request=None, responses={204: None})
    def post(self, request: Request, handle: str) -> Response:
        member = account_selectors.member_get_by_handle(handle=handle)
        account_services.block_delete(blocker=_me(request), blocked=member)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Moderation


class ReviewQueueView(ModeratorView):
    pagination_class = PageNumberPagination

    class OutputSerializer(ForumPostSerializer):
        class FlagSerializer(serializers.ModelSerializer):
            user = serializers.CharField(source="reporter_name")

            class Meta:
                model = Flag
                fields = ["id", "user", "reason", "note", "status", "created_at"]

        thread_title = serializers.CharField(source="thread.title")
        category = serializers.CharField(source="thread.category.slug")
        flags = FlagSerializer(many=True, source="flag_list")
        author_history = serializers.DictField(child=serializers.IntegerField(), help_text="Posts by status.")
        author_suspended = serializers.BooleanField()

        class Meta(ForumPostSerializer.Meta):
            fields = [
                *ForumPostSerializer.Meta.fields,
                "thread_title", "category", "flags", "author_history", "author_suspended",
            ]  # fmt: skip

    class FilterSerializer(serializers.Serializer):
        show = serializers.ChoiceField(
            choices=selectors.QueueShow.values, required=False, allow_blank=True, default=""
        )
        category = serializers.SlugRelatedField(
            slug_field="slug", queryset=Category.objects.all(), required=False, allow_null=True, default=None
        )

    @extend_schema(
        operation_id="forum_review_queue",
        parameters=[FilterSerializer],
        responses=OutputSerializer(many=True),
        description="Crisis first, then the oldest; `show` and `category` narrow it.",
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.review_queue(**filters.validated_data),
            serialize=lambda page: (
                self.OutputSerializer(
                    selectors.review_queue_decorate(posts=page), many=True, context={"viewer": request.user}
                ).data
            ),
        )


class DecisionInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The post's version as the moderator saw it.")
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


ANOTHER_MODERATOR_FIRST = OpenApiResponse(description="Another moderator acted first.")


class RejectInputSerializer(DecisionInputSerializer):
    preset = serializers.PrimaryKeyRelatedField(
        queryset=RejectionReason.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="A ready-made reason (see rejection-reasons); `reason` adds a sentence after it.",
    )


class RejectionReasonListView(ModeratorView):
    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = RejectionReason
            fields = ["id", "label", "text"]

    @extend_schema(operation_id="forum_moderation_rejection_reasons", responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(selectors.rejection_reasons(), many=True).data)


class PostDecisionView(ModeratorView):
    """A moderator's decision on a post; 409 if another moderator decided first."""

    service: Callable[..., Post]
    takes_reason = False
    input_serializer: type[DecisionInputSerializer] = DecisionInputSerializer

    @extend_schema(
        request=DecisionInputSerializer, responses={200: ForumPostSerializer, 409: ANOTHER_MODERATOR_FIRST}
    )
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get_for(post_id=post_id, viewer=request.user)
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        kwargs = {"moderator": request.user, "post": post, "expected_version": data.pop("version")}
        if self.takes_reason:
            kwargs.update(data)
        post = self.service(**kwargs)
        return Response(_post_data(post, request.user))


def _operation(operation_id: str, description: str, **schema):
    """Names and describes the post() a view takes from its base, for the schema."""
    return extend_schema_view(
        post=extend_schema(operation_id=operation_id, description=description, **schema)
    )


class ReviewQueueBulkView(ModeratorView):
    class InputSerializer(serializers.Serializer):
        class ItemSerializer(serializers.Serializer):
            id = serializers.IntegerField()
            version = serializers.IntegerField(help_text="The post's version as the moderator saw it.")

        decision = serializers.ChoiceField(choices=list(services.BULK_ACTIONS))
        items = serializers.ListField(child=ItemSerializer(), allow_empty=False, max_length=services.BULK_MAX)

    class OutputSerializer(serializers.Serializer):
        done = serializers.ListField(child=serializers.IntegerField())
        already_handled = serializers.ListField(
            child=serializers.IntegerField(),
            help_text="Posts left as they were: another moderator decided first, or nothing to dismiss.",
        )

    @extend_schema(
        operation_id="forum_moderation_bulk",
        request=InputSerializer,
        responses=OutputSerializer,
        description="Approve, or dismiss the flags of, many posts; each is one logged decision.",
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        outcome = services.posts_bulk_decide(
            moderator=_me(request),
            action=data["decision"],
            items=[(item["id"], item["version"]) for item in data["items"]],
        )
        return Response(self.OutputSerializer(outcome).data)


@_operation("forum_moderation_approve", "Publish a pending post, or keep a flagged one.")
class PostApproveView(PostDecisionView):
    service = staticmethod(services.post_approve)


@_operation(
    "forum_moderation_reject",
    "Reject a post with a reason the author sees: a ready-made one, a sentence, or both.",
    request=RejectInputSerializer,
)
class PostRejectView(PostDecisionView):
    service = staticmethod(services.post_reject)
    takes_reason = True
    input_serializer = RejectInputSerializer


@_operation("forum_moderation_hide", "Hide a post.")
class PostHideView(PostDecisionView):
    service = staticmethod(services.post_hide)
    takes_reason = True


@_operation("forum_moderation_restore", "Publish a hidden or rejected post again.")
class PostRestoreView(PostDecisionView):
    service = staticmethod(services.post_restore)


@_operation("forum_moderation_uphold_flags", "Agree with the flags: the post is hidden.")
class FlagsUpholdView(PostDecisionView):
    service = staticmethod(services.flags_uphold)


@_operation("forum_moderation_dismiss_flags", "Dismiss the flags: a post they hid is shown again.")
class FlagsDismissView(PostDecisionView):
    service = staticmethod(services.flags_dismiss)


class ModeratorPostEditView(ModeratorView):
    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=20000)
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
        version = serializers.IntegerField()

    @extend_schema(
        operation_id="forum_moderation_edit",
        request=InputSerializer,
        responses={200: ForumPostSerializer, 409: ANOTHER_MODERATOR_FIRST},
    )
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get_for(post_id=post_id, viewer=request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        post = services.post_moderator_edit(
            moderator=_me(request), post=post, body=data["body"], reason=data["reason"],
            expected_version=data["version"],
        )  # fmt: skip
        return Response(_post_data(post, request.user))


class PostRevisionListView(ModeratorView):
    class OutputSerializer(serializers.ModelSerializer):
        edited_by = serializers.SerializerMethodField()

        class Meta:
            model = PostRevision
            fields = ["id", "body", "edited_by", "created_at"]

        def get_edited_by(self, revision) -> str | None:
            return revision.edited_by.handle if revision.edited_by_id else None

    @extend_schema(operation_id="forum_moderation_revisions", responses=OutputSerializer(many=True))
    def get(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get_for(post_id=post_id, viewer=request.user)
        return Response(self.OutputSerializer(selectors.post_revisions(post=post), many=True).data)


class ThreadStateView(ModeratorView):
    service: Callable[..., Thread]
    value_name = ""
    value = True

    @extend_schema(request=None, responses=ForumThreadSerializer)
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_get_for(thread_id=thread_id, viewer=request.user)
        thread = self.service(moderator=_me(request), thread=thread, **{self.value_name: self.value})
        return Response(ForumThreadSerializer(thread).data)


@_operation("forum_moderation_lock", "Lock the thread: it takes no new replies.")
class ThreadLockView(ThreadStateView):
    service, value_name, value = staticmethod(services.thread_lock), "locked", True


@_operation("forum_moderation_unlock", "Unlock the thread: it takes replies again.")
class ThreadUnlockView(ThreadStateView):
    service, value_name, value = staticmethod(services.thread_lock), "locked", False


@_operation("forum_moderation_pin", "Pin the thread above the others in its category.")
class ThreadPinView(ThreadStateView):
    service, value_name, value = staticmethod(services.thread_pin), "pinned", True


@_operation("forum_moderation_unpin", "Unpin the thread.")
class ThreadUnpinView(ThreadStateView):
    service, value_name, value = staticmethod(services.thread_pin), "pinned", False


class ThreadMoveView(ModeratorView):
    class InputSerializer(serializers.Serializer):
        category = serializers.SlugField()
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="forum_moderation_move", request=InputSerializer, responses=ForumThreadSerializer
    )
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_get_for(thread_id=thread_id, viewer=request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        category: Category = selectors.category_get_by_slug(slug=serializer.validated_data["category"])
        thread = services.thread_move(
            moderator=_me(request),
            thread=thread,
            category=category,
            reason=serializer.validated_data["reason"],
        )
        return Response(ForumThreadSerializer(thread).data)


class SuspensionSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.handle")

    class Meta:
        model = Suspension
        fields = ["id", "user", "until", "reason", "created_at", "lifted_at"]


class MemberSuspendView(ModeratorView):
    class InputSerializer(serializers.Serializer):
        days = serializers.ChoiceField(
            choices=[1, 3, 7, 30], allow_null=True, help_text="1, 3, 7 or 30; null until lifted."
        )
        reason = serializers.CharField(max_length=500)

    @extend_schema(
        operation_id="forum_moderation_suspend",
        request=InputSerializer,
        responses={201: SuspensionSerializer},
    )
    def post(self, request: Request, handle: str) -> Response:
        member = account_selectors.member_get_by_handle(handle=handle)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        suspension = services.member_suspend(moderator=_me(request), user=member, **serializer.validated_data)
        return Response(SuspensionSerializer(suspension).data, status=status.HTTP_201_CREATED)


class MemberLiftSuspensionView(ModeratorView):
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="forum_moderation_lift_suspension",
        request=InputSerializer,
        responses={204: None, 409: OpenApiResponse(description="The member is not suspended.")},
    )
    def post(self, request: Request, handle: str) -> Response:
        member = account_selectors.member_get_by_handle(handle=handle)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.suspension_lift(
            moderator=_me(request), user=member, reason=serializer.validated_data["reason"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ModeratorNoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author_name")

    class Meta:
        model = ModeratorNote
        fields = ["id", "author", "text", "created_at"]


class MemberHistoryView(ModeratorView):
    """What moderators know about a member: the latest of each kind, and how many in all."""

    class OutputSerializer(serializers.Serializer):
        class PostSerializer(serializers.ModelSerializer):
            thread_title = serializers.CharField(source="thread.title")

            class Meta:
                model = Post
                fields = [
                    "id", "thread", "thread_title", "status", "is_crisis", "body", "rejection_reason", "created_at",
                ]  # fmt: skip

        class FlagSerializer(serializers.ModelSerializer):
            reporter = serializers.CharField(source="reporter_name")
            post_author = serializers.CharField(source="post.author_name")

            class Meta:
                model = Flag
                fields = ["id", "post", "post_author", "reporter", "reason", "note", "status", "created_at"]

        class LogSerializer(serializers.ModelSerializer):
            class Meta:
                model = ModerationLogEntry
                fields = ["id", "created_at", "moderator_handle", "action", "target", "post", "reason"]

        handle = serializers.CharField()
        date_joined = serializers.DateTimeField()
        post_counts = serializers.DictField(child=serializers.IntegerField(), help_text="Posts by status.")
        posts = PostSerializer(many=True)
        flags_made_count = serializers.IntegerField()
        flags_made = FlagSerializer(many=True)
        flags_received_count = serializers.IntegerField()
        flags_received = FlagSerializer(many=True)
        suspensions = SuspensionSerializer(many=True)
        log = LogSerializer(many=True)
        notes = ModeratorNoteSerializer(many=True)

    @extend_schema(
        operation_id="forum_moderation_member",
        parameters=[
            OpenApiParameter("status", str, enum=PostStatus.values, description="Only posts with it.")
        ],
        responses={200: OutputSerializer, 400: OpenApiResponse(description="`status` is not a post status.")},
    )
    def get(self, request: Request, handle: str) -> Response:
        member = account_selectors.member_get_by_handle(handle=handle)
        post_status = _param(request, "status", 20)
        if post_status and post_status not in PostStatus.values:
            raise serializers.ValidationError({"status": ["Choose one of: " + ", ".join(PostStatus.values)]})
        history = selectors.member_history(member=member, post_status=post_status)
        data = {"handle": member.handle, "date_joined": member.date_joined, **history.__dict__}
        return Response(self.OutputSerializer(data).data)


class MemberNoteListView(ModeratorView):
    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=2000)

    @extend_schema(operation_id="forum_moderation_member_notes", responses=ModeratorNoteSerializer(many=True))
    def get(self, request: Request, handle: str) -> Response:
        member = account_selectors.member_get_by_handle(handle=handle)
        return Response(ModeratorNoteSerializer(selectors.moderator_notes(member=member), many=True).data)

    @extend_schema(
        operation_id="forum_moderation_member_note_add",
        request=InputSerializer,
        responses={201: ModeratorNoteSerializer},
    )
    def post(self, request: Request, handle: str) -> Response:
        member = account_selectors.member_get_by_handle(handle=handle)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = services.moderator_note_add(moderator=_me(request), member=member, **serializer.validated_data)
        return Response(ModeratorNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class ModerationLogView(ModeratorView):
    pagination_class = PageNumberPagination

    class OutputSerializer(serializers.ModelSerializer):
        member = serializers.SerializerMethodField()

        class Meta:
            model = ModerationLogEntry
            fields = [
                "id",
                "created_at",
                "moderator_handle",
                "action",
                "target",
                "member",
                "post",
                "thread",
                "reason",
            ]

        def get_member(self, entry) -> str | None:
            return entry.target_user.handle if entry.target_user_id else None

    class FilterSerializer(serializers.Serializer):
        action = serializers.ChoiceField(
            choices=ModerationLogEntry.Action.values, required=False, allow_blank=True, default=""
        )
        moderator = serializers.CharField(
            max_length=30, required=False, allow_blank=True, default="", help_text="A moderator's handle."
        )
        member = serializers.CharField(
            max_length=30, required=False, allow_blank=True, default="", help_text="The member acted on."
        )
        since = serializers.DateField(
            required=False, allow_null=True, default=None, help_text="From this day."
        )
        until = serializers.DateField(
            required=False, allow_null=True, default=None, help_text="To this day, included."
        )

        def validate(self, attrs):
            if attrs["since"] and attrs["until"] and attrs["since"] > attrs["until"]:
                raise serializers.ValidationError({"until": ["Please choose a day on or after `since`."]})
            return attrs

    @extend_schema(
        operation_id="forum_moderation_log",
        parameters=[FilterSerializer],
        responses=OutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        entries = selectors.moderation_log(
            action=data["action"],
            moderator_handle=data["moderator"],
            member_handle=data["member"],
            since=data["since"],
            until=data["until"],
        )
        return paginated_response(
            request=request,
            view=self,
            queryset=entries,
            serialize=lambda page: self.OutputSerializer(page, many=True).data,
        )


class ModerationLogExportView(ModeratorView):
    """The moderation log with the same filters, as a CSV file for a spreadsheet."""

    @extend_schema(
        operation_id="forum_moderation_log_export",
        parameters=[ModerationLogView.FilterSerializer],
        responses={
            (200, "text/csv"): OpenApiResponse(
                response=OpenApiTypes.STR,
                description="When (in the moderator's zone, with its offset), moderator, action, on what, "
                "member and why; one row per entry, newest first.",
            ),
            400: OpenApiResponse(description="The filters are not valid: `errors` says what to change."),
        },
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        filters = ModerationLogView.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        return moderation_log_csv(
            selectors.moderation_log(
                action=data["action"],
                moderator_handle=data["moderator"],
                member_handle=data["member"],
                since=data["since"],
                until=data["until"],
            )
        )
