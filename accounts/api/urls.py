from django.urls import path

from . import devices, notifications, partners, push, sos, views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("me/export/", views.DataExportView.as_view(), name="api-me-export"),
    path("me/export/<uuid:token>/", views.DataExportDownloadView.as_view(), name="api-me-export-download"),
    path("me/push-settings/", devices.PushSettingsView.as_view(), name="api-me-push-settings"),
    path("me/delete/", views.AccountDeleteView.as_view(), name="api-me-delete"),
    path("members/<str:handle>/", views.MemberDetailView.as_view(), name="api-member"),
    path("partners/invites/", partners.PartnerInviteListView.as_view(), name="api-partner-invites"),
    path(
        "partners/invites/<uuid:token>/",
        partners.PartnerInviteDetailView.as_view(),
        name="api-partner-invite",
    ),
    path(
        "partners/invites/<uuid:token>/accept/",
        partners.PartnerInviteAcceptView.as_view(),
        name="api-partner-invite-accept",
    ),
    path(
        "partners/invites/<uuid:token>/decline/",
        partners.PartnerInviteDeclineView.as_view(),
        name="api-partner-invite-decline",
    ),
    path("partners/<str:handle>/", partners.PartnershipEndView.as_view(), name="api-partnership-end"),
    path("push/subscriptions/", push.PushSubscriptionView.as_view(), name="api-push-subscriptions"),
    path("devices/", devices.DeviceListView.as_view(), name="api-devices"),
    path("devices/<str:key>/", devices.DeviceDetailView.as_view(), name="api-device"),
    path("sos/", sos.SosSendView.as_view(), name="api-sos"),
    path("sos/<int:alert_id>/", sos.SosDetailView.as_view(), name="api-sos-detail"),
    path("sos/<int:alert_id>/reply/", sos.SosReplyView.as_view(), name="api-sos-reply"),
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
