from django.urls import path

from . import views

app_name = "streaks"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("check-in/", views.checkin, name="checkin"),
    path("urge/", views.urge, name="urge"),
    path("slip/", views.slip, name="slip"),
    path("preferences/", views.preferences, name="preferences"),
    path("history/", views.history, name="history"),
    path("milestones/celebrate/", views.milestones_celebrate, name="celebrate"),
    path("milestones/<int:award_id>/share/", views.share, name="share"),
]
