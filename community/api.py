"""Shared API pieces: the base view with its throttles, and the single exception handler."""

import datetime as dt
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from community.errors import error_body, json_error
from community.exceptions import ApplicationError
from community.throttling import TypingRateThrottle, WriteRateThrottle


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every API error is JSON: {"message": ..., "errors": {field: [..]}}."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, ApplicationError):
        errors = {exc.field: [exc.message]} if exc.field else {}
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return Response(error_body(exc.message, errors), status=exc.status, headers=headers)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            errors = {key: _messages(value) for key, value in detail.items()}
        else:
            errors = {"non_field_errors": _messages(detail)}
        non_field = errors.get("non_field_errors")
        message = non_field[0] if non_field else "Please check the highlighted fields."
        response.data = error_body(message, errors)
    elif isinstance(exc, exceptions.Throttled):
        wait = getattr(exc, "wait", None)  # set by Throttled, missing from its stubs
        when = {None: "in a little while", 1: "in a second"}.get(wait, f"in {wait} seconds")
        response.data = error_body(f"That was a lot of requests in a short time. Please try again {when}.")
    else:
        text = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = error_body(str(text) or "Something went wrong.")
    return response


# Dates and times the API takes in: nothing before 1970 or after 2100 is a real moment of a
# member's life here, and refusing them keeps time arithmetic far from the calendar's ends.
EARLIEST_DATE = dt.date(1970, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
DATE_RANGE_HELP = "Between 1970-01-01 and 2100-12-31."


def _check_date_range(day: dt.date) -> None:
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise serializers.ValidationError(
            f"Please give a date between {EARLIEST_DATE:%d %B %Y} and {LATEST_DATE:%d %B %Y}."
        )


class _Bounded:
    def __init__(self, **kwargs: Any) -> None:
        help_text = kwargs.get("help_text")
        kwargs["help_text"] = f"{help_text} {DATE_RANGE_HELP}" if help_text else DATE_RANGE_HELP
        super().__init__(**kwargs)


class BoundedDateField(_Bounded, serializers.DateField):
    """A date between 1970 and 2100."""

    def to_internal_value(self, value: Any) -> dt.date:
        day = super().to_internal_value(value)
        _check_date_range(day)
        return day


class BoundedDateTimeField(_Bounded, serializers.DateTimeField):
    """An aware time between 1970 and 2100; one without an offset is taken in the member's zone."""

    def to_internal_value(self, value: Any) -> dt.datetime:
        if isinstance(value, str):
            try:
                parsed = dt.datetime.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None:
                _check_date_range(parsed.date())
        moment = super().to_internal_value(value)
        _check_date_range(moment.astimezone(dt.UTC).date())
        return moment


def _messages(value: Any) -> Any:
    if isinstance(value, list):
        return [_messages(item) for item in value]
    if isinstance(value, dict):
        return {key: _messages(item) for key, item in value.items()}
    return str(value)


class ApiView(APIView):
    """The base of every API view: the project-wide throttles, and the write throttle on top.

    Setting `throttle_classes` on a view would replace the project-wide throttles, leaving its
    reads unlimited: so no view sets them, and the list is read from the settings at each request.
    """

    write_throttle: type[BaseThrottle] = WriteRateThrottle

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """Times in answers are in the member's own zone, with its offset: a member signed in by
        an app token is only known here, after the page middleware has looked."""
        super().initial(request, *args, **kwargs)
        user = request.user
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)

    def get_throttles(self) -> list[BaseThrottle]:
        project_wide = cast(list[type[BaseThrottle]], api_settings.DEFAULT_THROTTLE_CLASSES)
        return [throttle() for throttle in [*project_wide, self.write_throttle]]


class TypingApiView(ApiView):
    """An endpoint called as a member types (a preview, a draft): its writes count against the
    typing allowance rather than the write one."""

    write_throttle = TypingRateThrottle


@csrf_exempt  # it changes nothing; without this a POST would get a CSRF 403, not the 404
def api_not_found(request: HttpRequest, unknown: str = "") -> JsonResponse:
    """Unknown paths under /api/v1/ answer in the API's shape too, never with an HTML page."""
    return json_error("Not found.", status=404)
