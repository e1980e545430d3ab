from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("settings/push/", views.push_settings, name="push_settings"),
    path("settings/export/", views.data_export, name="export"),
    path("settings/export/<uuid:token>/", views.data_export_download, name="export_download"),
    path("settings/delete/", views.account_delete, name="delete"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("<str:handle>/", views.profile, name="profile"),
    path("<str:handle>/block/", views.block, name="block"),
    path("<str:handle>/unblock/", views.unblock, name="unblock"),
]
