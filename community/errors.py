"""When the database cannot be reached, members get a calm 503 (JSON on the API), not a 500."""

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

UNAVAILABLE_MESSAGE = (
    "We cannot reach our database right now. Nothing you sent was lost: please try again in a minute."
)
RETRY_AFTER_SECONDS = "30"


def is_database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(("/api/", "/_allauth/")):
        response: HttpResponse = JsonResponse({"message": UNAVAILABLE_MESSAGE, "errors": {}}, status=503)
    else:
        # Rendered without a request context: the context processors would need the database.
        html = loader.render_to_string("503.html", {"message": UNAVAILABLE_MESSAGE})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            return unavailable_response(request)
        return None
