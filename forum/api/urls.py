from django.urls import path

from . import crisis, views

moderation = [
    ("posts/<int:post_id>/approve/", views.PostApproveView, "approve"),
    ("posts/<int:post_id>/reject/", views.PostRejectView, "reject"),
    ("posts/<int:post_id>/hide/", views.PostHideView, "hide"),
    ("posts/<int:post_id>/restore/", views.PostRestoreView, "restore"),
    ("posts/<int:post_id>/uphold-flags/", views.FlagsUpholdView, "uphold-flags"),
    ("posts/<int:post_id>/dismiss-flags/", views.FlagsDismissView, "dismiss-flags"),
    ("posts/<int:post_id>/edit/", views.ModeratorPostEditView, "edit"),
    ("posts/<int:post_id>/revisions/", views.PostRevisionListView, "revisions"),
    ("threads/<int:thread_id>/lock/", views.ThreadLockView, "lock"),
    ("threads/<int:thread_id>/unlock/", views.ThreadUnlockView, "unlock"),
    ("threads/<int:thread_id>/pin/", views.ThreadPinView, "pin"),
    ("threads/<int:thread_id>/unpin/", views.ThreadUnpinView, "unpin"),
    ("threads/<int:thread_id>/move/", views.ThreadMoveView, "move"),
    ("rejection-reasons/", views.RejectionReasonListView, "rejection-reasons"),
    ("members/<str:handle>/", views.MemberHistoryView, "member"),
    ("members/<str:handle>/notes/", views.MemberNoteListView, "member-notes"),
    ("members/<str:handle>/suspend/", views.MemberSuspendView, "suspend"),
    ("members/<str:handle>/lift-suspension/", views.MemberLiftSuspensionView, "lift-suspension"),
]

urlpatterns = [
    path("crisis-phrases/", crisis.CrisisPhraseListView.as_view(), name="api-forum-crisis-phrases"),
    path("categories/", views.CategoryListView.as_view(), name="api-forum-categories"),
    path(
        "categories/<slug:slug>/threads/",
        views.CategoryThreadListView.as_view(),
        name="api-forum-category-threads",
    ),
    path("right-now/", views.RightNowListView.as_view(), name="api-forum-right-now"),
    path("right-now/ask/", views.RightNowAskView.as_view(), name="api-forum-right-now-ask"),
    path("threads/", views.ThreadListView.as_view(), name="api-forum-threads"),
    path("latest/", views.LatestThreadListView.as_view(), name="api-forum-latest"),
    path("threads/create/", views.ThreadCreateView.as_view(), name="api-forum-thread-create"),
    path("threads/<int:thread_id>/", views.ThreadDetailView.as_view(), name="api-forum-thread"),
    path("threads/<int:thread_id>/posts/", views.ThreadPostListView.as_view(), name="api-forum-thread-posts"),
    path("threads/<int:thread_id>/replies/", views.ReplyCreateView.as_view(), name="api-forum-reply-create"),
    path("threads/<int:thread_id>/follow/", views.ThreadFollowView.as_view(), name="api-forum-thread-follow"),
    path(
        "threads/<int:thread_id>/unfollow/",
        views.ThreadUnfollowView.as_view(),
        name="api-forum-thread-unfollow",
    ),
    path("posts/<int:post_id>/", views.PostDetailView.as_view(), name="api-forum-post"),
    path("posts/<int:post_id>/edit/", views.PostEditView.as_view(), name="api-forum-post-edit"),
    path("posts/<int:post_id>/remove/", views.PostRemoveView.as_view(), name="api-forum-post-remove"),
    path(
        "posts/<int:post_id>/reactions/", views.ReactionToggleView.as_view(), name="api-forum-reaction-toggle"
    ),
    path("posts/<int:post_id>/flags/", views.FlagCreateView.as_view(), name="api-forum-flag-create"),
    path("search/", views.SearchView.as_view(), name="api-forum-search"),
    path("preview/", views.PostPreviewView.as_view(), name="api-forum-preview"),
    path("mentions/", views.MentionSuggestionsView.as_view(), name="api-forum-mentions"),
    path("drafts/", views.DraftListView.as_view(), name="api-forum-drafts"),
    path("drafts/new-thread/", views.NewThreadDraftView.as_view(), name="api-forum-draft-new-thread"),
    path("drafts/threads/<int:thread_id>/", views.ThreadDraftView.as_view(), name="api-forum-draft-thread"),
    path("blocks/", views.BlockListView.as_view(), name="api-forum-blocks"),
    path("blocks/<str:handle>/unblock/", views.BlockDeleteView.as_view(), name="api-forum-block-delete"),
    path("moderation/queue/", views.ReviewQueueView.as_view(), name="api-forum-queue"),
    path("moderation/queue/bulk/", views.ReviewQueueBulkView.as_view(), name="api-forum-queue-bulk"),
    path("moderation/log/", views.ModerationLogView.as_view(), name="api-forum-log"),
    path("moderation/log/export.csv", views.ModerationLogExportView.as_view(), name="api-forum-log-export"),
    *[
        path(f"moderation/{route}", view.as_view(), name=f"api-forum-moderation-{name}")
        for route, view, name in moderation
    ],
]
