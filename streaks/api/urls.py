from django.urls import path

from . import views, writing

urlpatterns = [
    path("current/", views.CurrentStreakView.as_view(), name="api-streaks-current"),
    path("start/", views.StreakStartView.as_view(), name="api-streaks-start"),
    path("welcome/", views.StreakWelcomeView.as_view(), name="api-streaks-welcome"),
    path("history/", views.StreakHistoryView.as_view(), name="api-streaks-history"),
    path("history/<int:streak_id>/", views.StreakDetailView.as_view(), name="api-streaks-detail"),
    path("checkins/", views.CheckInListView.as_view(), name="api-streaks-checkins"),
    path("checkins/create/", views.CheckInCreateView.as_view(), name="api-streaks-checkins-create"),
    path("checkins/<int:checkin_id>/", views.CheckInDetailView.as_view(), name="api-streaks-checkin"),
    path("urges/", views.UrgeListView.as_view(), name="api-streaks-urges"),
    path("urges/create/", views.UrgeCreateView.as_view(), name="api-streaks-urges-create"),
    path("urges/<int:urge_id>/", views.UrgeDetailView.as_view(), name="api-streaks-urge"),
    path("slips/", views.SlipListView.as_view(), name="api-streaks-slips"),
    path("slips/create/", views.SlipCreateView.as_view(), name="api-streaks-slips-create"),
    path("slips/<int:slip_id>/", views.SlipDetailView.as_view(), name="api-streaks-slip"),
    path("milestones/", views.MilestoneListView.as_view(), name="api-streaks-milestones"),
    path(
        "milestones/celebrate/",
        views.MilestonesCelebrateView.as_view(),
        name="api-streaks-milestones-celebrate",
    ),
    path(
        "milestones/<int:award_id>/share/",
        views.MilestoneShareView.as_view(),
        name="api-streaks-milestone-share",
    ),
    path("preferences/", views.PreferencesView.as_view(), name="api-streaks-preferences"),
    path("preferences/update/", views.PreferencesUpdateView.as_view(), name="api-streaks-preferences-update"),
    path("reasons/", writing.ReasonListView.as_view(), name="api-streaks-reasons"),
    path("reasons/create/", writing.ReasonCreateView.as_view(), name="api-streaks-reasons-create"),
    path("reasons/reorder/", writing.ReasonsReorderView.as_view(), name="api-streaks-reasons-reorder"),
    path("reasons/<int:reason_id>/", writing.ReasonDetailView.as_view(), name="api-streaks-reason"),
    path("reasons/<int:reason_id>/edit/", writing.ReasonEditView.as_view(), name="api-streaks-reason-edit"),
    path(
        "reasons/<int:reason_id>/delete/",
        writing.ReasonDeleteView.as_view(),
        name="api-streaks-reason-delete",
    ),
    path("letters/", writing.LetterListView.as_view(), name="api-streaks-letters"),
    path("letters/create/", writing.LetterCreateView.as_view(), name="api-streaks-letters-create"),
    path("letters/<int:letter_id>/", writing.LetterDetailView.as_view(), name="api-streaks-letter"),
    path("letters/<int:letter_id>/edit/", writing.LetterEditView.as_view(), name="api-streaks-letter-edit"),
    path("letters/<int:letter_id>/glad/", writing.LetterGladView.as_view(), name="api-streaks-letter-glad"),
    path(
        "letters/<int:letter_id>/delete/",
        writing.LetterDeleteView.as_view(),
        name="api-streaks-letter-delete",
    ),
]
