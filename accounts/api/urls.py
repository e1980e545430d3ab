from django.urls import path

from . import notifications, views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("me/export/", views.DataExportView.as_view(), name="api-me-export"),
    path("me/export/<uuid:token>/", views.DataExportDownloadView.as_view(), name="api-me-export-download"),
    path("me/delete/", views.AccountDeleteView.as_view(), name="api-me-delete"),
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
