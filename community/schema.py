"""OpenAPI schema generation shared by every app's API (kept apart: DRF settings import community.api)."""

import inspect
from typing import Any

import uritemplate
from drf_spectacular import openapi
from drf_spectacular.plumbing import build_media_type_object, force_instance, is_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorResponseSerializer(serializers.Serializer):
    """The one shape of every refusal (community.api.exception_handler)."""

    message = serializers.CharField(help_text="What went wrong, in words to show the member.")
    # DRF's metaclass takes declared fields off the class, so this does not replace Serializer.errors.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        help_text=(
            "For each field at fault, its messages (a list, or for a list or nested field, the "
            'messages by position or name); "non_field_errors" for the request as a whole. '
            "Empty when no field is at fault."
        ),
    )


# What each refusal means, for the operations that can answer it.
ERRORS = {
    400: "The request is not valid: `errors` says what to change.",
    401: "Not signed in: send a valid X-Session-Token.",
    403: "Not signed in, or not allowed to do this.",
    404: "Not found, or not yours to see.",
    409: "Someone else changed this first.",
    413: "The body is larger than the API accepts.",
    415: "The body is in a media type this operation does not read: send JSON.",
    429: "Too many requests: try again after Retry-After seconds.",
}
RETRY_AFTER = {
    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before trying again."}
}


class AutoSchema(openapi.AutoSchema):
    """Names nested serializers after their view, and documents every refusal an operation can give.

    MeView.OutputSerializer -> "Me", MeView.InputSerializer -> "MeInput",
    ThreadView.OutputSerializer.AuthorSerializer -> "ThreadAuthor".

    Refusals are found from the view: a body to read can be a 400, 413 or 415; a page to read, a 400
    or a 404; a path naming an object, a 404; signing in required, a 403 (and a 401 where the first
    authentication sends a challenge); every API view is throttled, so a 429. A view that can
    answer anything else (409, or 404 for an object named in the body) lists it in its
    extend_schema responses with a description only: the error body is added here.
    """

    def get_serializer_name(self, serializer, direction) -> str:
        view, *nested = type(serializer).__qualname__.split(".")
        if not nested:
            return super().get_serializer_name(serializer, direction)
        parts = [part.removesuffix("Serializer") for part in nested]
        return view.removesuffix("View") + "".join(part for part in parts if part != "Output")

    def get_description(self) -> str:  # type: ignore[override]  # as drf-spectacular's own
        # Only the view's own docstring: one a view inherits describes its base, not the operation.
        doc = type(self.view).__doc__ or getattr(self.view, self.method.lower()).__doc__
        return inspect.cleandoc(doc) if doc else ""

    def _get_request_for_media_type(self, serializer, direction="request"):
        serializer = force_instance(serializer)
        if self.method != "PATCH" or not is_serializer(serializer) or serializer.partial:
            return super()._get_request_for_media_type(serializer, direction)
        # Our views validate a PATCH body as a whole unless they make their serializer partial:
        # documented as such, rather than every field optional as in DRF's generic views.
        self.method = "POST"
        try:
            return super()._get_request_for_media_type(serializer, direction)
        finally:
            self.method = "PATCH"

    def _map_basic_serializer(self, serializer, direction) -> dict[str, Any]:
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response" and schema.get("properties"):
            # Every answer carries every field of its serializer (a field with a default, such as
            # a model's, is no exception): the app may rely on each.
            schema["required"] = sorted(schema["properties"])
        return schema

    def _get_response_bodies(self, direction="response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for status in self._error_statuses(responses):
            response = responses.setdefault(str(status), {"description": ERRORS.get(status, "")})
            response.setdefault("content", self._error_content())
            if status == 429:
                response["headers"] = RETRY_AFTER
        return dict(sorted(responses.items()))

    def _error_statuses(self, responses: dict[str, Any]) -> set[int]:
        statuses = {int(code) for code in responses if code.startswith("4")}
        statuses.add(429)
        if self._get_request_body() is not None:
            statuses |= {400, 413, 415}
        if self._is_list_view() and self._get_paginator() is not None:
            statuses |= {400, 404}
        if uritemplate.variables(self.path):
            statuses.add(404)
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            statuses.add(403)
            authenticators = self.view.get_authenticators()
            if authenticators and authenticators[0].authenticate_header(self.view.request):
                statuses.add(401)
        return statuses

    def _error_content(self) -> dict[str, Any]:
        component = self.resolve_serializer(ErrorResponseSerializer, "response")
        return {
            media_type: build_media_type_object(component.ref)
            for media_type in self.map_renderers("media_type")
        }
