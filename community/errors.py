"""Error answers outside the API views: the API's JSON shape under its paths, a calm page elsewhere.

The exception handler in community/api.py and every handler, middleware and view here build the
JSON body with `error_body`, so the API has one error shape wherever an error starts.
"""

from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

JSON_PATH_PREFIXES = ("/api/", "/_allauth/")

UNAVAILABLE_MESSAGE = (
    "We cannot reach our database right now. Nothing you sent was lost: please try again in a minute."
)
RETRY_AFTER_SECONDS = "30"


def error_body(message: str, errors: dict[str, Any] | None = None) -> dict[str, Any]:
    """The API's error shape: {"message": ..., "errors": {field: [..]}}."""
    return {"message": message, "errors": errors or {}}


def json_error(message: str, *, status: int) -> JsonResponse:
    return JsonResponse(error_body(message), status=status)


def answers_in_json(request: HttpRequest) -> bool:
    """The API and allauth's headless endpoints are read by apps; everything else by people."""
    return request.path.startswith(JSON_PATH_PREFIXES)


def error_response(request: HttpRequest, *, status: int, message: str, template: str) -> HttpResponse:
    if answers_in_json(request):
        return json_error(message, status=status)
    # Rendered without a request context: the context processors would need the database, and an
    # error page must show even when the database or the request itself is what failed.
    html = loader.render_to_string(template, {"message": message})
    return HttpResponse(html, status=status)


def is_database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    response = error_response(request, status=503, message=UNAVAILABLE_MESSAGE, template="503.html")
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, members get a calm 503 (JSON on the API), not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            return unavailable_response(request)
        return None
