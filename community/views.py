"""Site-wide pages: the answers to requests that fail.

Each error handler answers JSON in the API's shape under /api/ and /_allauth/, and a page in the
site's style elsewhere; they are wired in community/urls.py and settings.CSRF_FAILURE_VIEW.
"""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from .errors import error_response, is_database_unavailable, unavailable_response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 handler; a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, it says how much fits."""
    if isinstance(exception, RequestDataTooBig):
        limit = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024:g} MB"
        message = f"What you sent is too large for us to accept: at most {limit} fits in one request."
        return error_response(request, status=413, message=message, template="413.html")
    message = "We could not make sense of that request. Please go back and try again."
    return error_response(request, status=400, message=message, template="400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = "This is not available to you."
    return error_response(request, status=403, message=message, template="403.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, status=404, message="Not found.", template="404.html")


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """allauth's pages answer 429 through this when a rate limit is reached."""
    message = "That was a lot of tries in a short time, so we paused this for a little while."
    return error_response(request, status=429, message=message, template="429.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler; an unreachable database anywhere in the request becomes a 503."""
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    message = "Something went wrong on our side. It has been logged; please try again."
    return error_response(request, status=500, message=message, template="500.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form or sign-in sent without a valid security token, usually from a page left open for long."""
    message = "Your page was open for a while, so we could not confirm this came from you. Please reload and try again."
    return error_response(request, status=403, message=message, template="403_csrf.html")
