from django.urls import path

from . import views

urlpatterns = [
    path("help/", views.crisis_resources, name="crisis_resources"),
    path("help/my-plan/", views.safety_plan, name="safety_plan"),
    path("members/settings/safety/", views.safety_settings, name="safety_settings"),
    path(
        "members/settings/safety/quick-exit-explained/",
        views.quick_exit_explained,
        name="quick_exit_explained",
    ),
]
