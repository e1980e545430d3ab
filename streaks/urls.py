from django.urls import path

from . import views

app_name = "streaks"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("check-in/", views.checkin, name="checkin"),
    path("urge/", views.urge, name="urge"),
    path("urge/held/", views.urge_held, name="urge_held"),
    path("urge/log/", views.urge_log, name="urge_log"),
    path("slip/", views.slip, name="slip"),
    path("slips/<int:slip_id>/undo/", views.slip_undo, name="slip_undo"),
    path("preferences/", views.preferences, name="preferences"),
    path("reminder/", views.reminder, name="reminder"),
    path("pledge/", views.pledge, name="pledge"),
    path("review/", views.review, name="review"),
    path("history/", views.history, name="history"),
    path("milestones/celebrate/", views.milestones_celebrate, name="celebrate"),
    path("milestones/<int:award_id>/share/", views.share, name="share"),
    path("milestones/<int:award_id>/celebrated/", views.milestone_celebrated, name="celebrated"),
    path("milestones/<int:award_id>/badge.svg", views.badge, name="badge"),
    path("journal/", views.journal, name="journal"),
    path("check-ins/<int:checkin_id>/edit/", views.checkin_edit, name="checkin_edit"),
    path("check-ins/<int:checkin_id>/delete/", views.checkin_delete, name="checkin_delete"),
    path("urges/<int:urge_id>/edit/", views.urge_edit, name="urge_edit"),
    path("urges/<int:urge_id>/delete/", views.urge_delete, name="urge_delete"),
    path("reasons/", views.reasons, name="reasons"),
    path("reasons/<int:reason_id>/edit/", views.reason_edit, name="reason_edit"),
    path("reasons/<int:reason_id>/move/", views.reason_move, name="reason_move"),
    path("reasons/<int:reason_id>/delete/", views.reason_delete, name="reason_delete"),
    path("letters/", views.letters, name="letters"),
    path("letters/new/", views.letter_write, name="letter_new"),
    path("letters/<int:letter_id>/", views.letter, name="letter"),
    path("letters/<int:letter_id>/edit/", views.letter_edit, name="letter_edit"),
    path("letters/<int:letter_id>/glad/", views.letter_glad, name="letter_glad"),
    path("letters/<int:letter_id>/delete/", views.letter_delete, name="letter_delete"),
]
