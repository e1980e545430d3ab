from django.urls import path

from . import views

urlpatterns = [
    path("me/safety-plan/", views.SafetyPlanView.as_view(), name="api-safety-plan"),
    path("me/safety-settings/", views.SafetySettingsView.as_view(), name="api-safety-settings"),
    path("crisis-lines/", views.CrisisLinesView.as_view(), name="api-crisis-lines"),
]
