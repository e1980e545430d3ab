"""Site-wide pages: the home page, the crisis resources and the server error page."""

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

from .errors import is_database_unavailable, unavailable_response


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


def crisis_resources(request: HttpRequest) -> HttpResponse:
    return render(request, "crisis_resources.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler; an unreachable database anywhere in the request becomes a 503."""
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    message = "Something went wrong on our side. It has been logged; please try again."
    if request.path.startswith(("/api/", "/_allauth/")):
        return JsonResponse({"message": message, "errors": {}}, status=500)
    return HttpResponse(loader.render_to_string("500.html", {"message": message}), status=500)
