"""The site's root: wired at "" by community.urls, so the page keeps the name "home"."""

from django.urls import path

from . import views

urlpatterns = [path("", views.home, name="home")]
