"""Site-wide pages: the home page and the crisis resources."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


def crisis_resources(request: HttpRequest) -> HttpResponse:
    return render(request, "crisis_resources.html")
