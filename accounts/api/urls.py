from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("members/<str:handle>/", views.MemberDetailView.as_view(), name="api-member"),
]
