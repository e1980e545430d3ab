from django.urls import path

from . import notifications, views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("members/<str:handle>/", views.MemberDetailView.as_view(), name="api-member"),
    path("notifications/", notifications.NotificationListView.as_view(), name="api-notifications"),
    path(
        "notifications/unread-count/",
        notifications.NotificationUnreadCountView.as_view(),
        name="api-notifications-unread-count",
    ),
    path(
        "notifications/read/", notifications.NotificationMarkReadView.as_view(), name="api-notifications-read"
    ),
]
