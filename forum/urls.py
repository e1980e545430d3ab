from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("categories/", views.categories, name="categories"),
    path("search/", views.search, name="search"),
    path("drafts/", views.drafts, name="drafts"),
    path("review/", views.review_queue, name="queue"),
    path("review/bulk/", views.review_queue_bulk, name="queue_bulk"),
    path("log/", views.moderation_log, name="log"),
    path("log/export.csv", views.moderation_log_export, name="log_export"),
    path("members/<str:handle>/", views.member_page, name="member"),
    path("members/<str:handle>/suspension/", views.member_suspend, name="suspend"),
    path("members/<str:handle>/notes/", views.member_note_add, name="member_note"),
    path("right-now/ask/", views.right_now_ask, name="right_now_ask"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("c/<slug:slug>/new/", views.thread_new, name="thread_new"),
    path("t/<int:thread_id>/", views.thread, name="thread"),
    path("t/<int:thread_id>/reply/", views.reply, name="reply"),
    path("t/<int:thread_id>/follow/", views.thread_follow, name="follow"),
    path("t/<int:thread_id>/moderate/", views.thread_moderate, name="thread_moderate"),
    path("p/<int:post_id>/", views.post_permalink, name="post"),
    path("p/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("p/<int:post_id>/react/", views.post_react, name="post_react"),
    path("p/<int:post_id>/flag/", views.post_flag, name="post_flag"),
    path("p/<int:post_id>/moderate/", views.post_moderate, name="post_moderate"),
    path("p/<int:post_id>/moderate/edit/", views.post_moderator_edit, name="post_moderator_edit"),
]
