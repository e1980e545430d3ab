"""API pagination: one rule for `page_size`, page numbers for most lists, keysets for the forum's feeds."""

import base64
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from rest_framework import pagination, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

if TYPE_CHECKING:
    from rest_framework.views import APIView

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PAGE_SIZE_PARAMETER = {
    "name": "page_size",
    "in": "query",
    "required": False,
    "description": f"How many results a page holds: {DEFAULT_PAGE_SIZE} by default, at most {MAX_PAGE_SIZE}.",
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
}
CURSOR_PARAMETER = {
    "name": "cursor",
    "in": "query",
    "required": False,
    "description": "Where the page starts: the `cursor` in the previous page's `next` link.",
    "schema": {"type": "string"},
}


class _PageSizeSerializer(serializers.Serializer):
    page_size = serializers.IntegerField(
        min_value=1,
        required=False,
        default=DEFAULT_PAGE_SIZE,
        error_messages={
            "invalid": "Please give a whole number, such as 20.",
            "min_value": "Please give a number of 1 or more.",
            "max_string_length": "Please give a whole number, such as 20.",
        },
    )


def page_size(request: Request) -> int:
    """The page size the request asks for, at most MAX_PAGE_SIZE; anything but a positive whole
    number is a 400 with a field error on `page_size`, never silently replaced by the default."""
    given = request.query_params.getlist("page_size")
    serializer = _PageSizeSerializer(data={"page_size": given[-1]} if given else {})
    serializer.is_valid(raise_exception=True)
    return min(serializer.validated_data["page_size"], MAX_PAGE_SIZE)


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages, with `count`, `next` and `previous` links."""

    def get_page_size(self, request: Request) -> int:
        return page_size(request)

    def get_schema_operation_parameters(self, view: "APIView") -> list[dict[str, Any]]:
        page = {
            "name": self.page_query_param,
            "in": "query",
            "required": False,
            "description": "Which page, from 1.",
            "schema": {"type": "integer", "minimum": 1},
        }
        return [page, PAGE_SIZE_PARAMETER]


def paginated_response(
    *, request: Request, view: "APIView", queryset: Any, serialize: Callable[[list], Any]
) -> Response:
    """One numbered page of `queryset`, given to `serialize` (the view sets PageNumberPagination as
    its `pagination_class` for the schema)."""
    paginator = PageNumberPagination()
    page: list[Any] | None = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serialize(page or []))


# Keyset ("cursor") pagination over several ordering fields, stable however deep a member scrolls.


def _encode(values: list[Any]) -> str:
    plain = [value.isoformat() if isinstance(value, datetime) else value for value in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode()


def _decode(cursor: str, count: int) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError) as error:
        raise NotFound("That page cursor is not valid.") from error
    if not isinstance(values, list) or len(values) != count:
        raise NotFound("That page cursor is not valid.")
    return values


def _after(fields: Sequence[str], values: list[Any]) -> Q:
    """Rows strictly after `values` in the order given by `fields` ("-name" is descending)."""
    condition = Q()
    for index, field in enumerate(fields):
        name = field.lstrip("-")
        step = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": values[index]})
        for previous, value in zip(fields[:index], values[:index], strict=True):
            step &= Q(**{previous.lstrip("-"): value})
        condition |= step
    return condition


class KeysetPagination:
    """Pages taken after the last row of the previous page, in a fixed order: stable however deep a
    member scrolls and however much is posted meanwhile, and as fast on the last page as on the
    first. Only a `next` link, holding the cursor."""

    next_url: str | None = None

    def paginate(
        self,
        *,
        queryset: QuerySet,
        request: Request,
        ordering: Sequence[str],
        fetch: Callable[[QuerySet], list[Any]] = list,
    ) -> list[Any]:
        """One page of `queryset` in `ordering` after the request's cursor.

        `fetch` reads the rows of the page's slice (one row more than the page, to know whether
        another page follows).
        """
        size = page_size(request)
        cursor = request.query_params.get("cursor")
        queryset = queryset.order_by(*ordering)
        if cursor:
            queryset = queryset.filter(_after(ordering, _cursor_values(queryset, cursor, ordering)))
        rows = fetch(queryset[: size + 1])
        if len(rows) > size:
            rows = rows[:size]
            next_cursor = _encode([getattr(rows[-1], field.lstrip("-")) for field in ordering])
            self.next_url = replace_query_param(request.build_absolute_uri(), "cursor", next_cursor)
        return rows

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"next": self.next_url, "results": data})

    def get_schema_operation_parameters(self, view: "APIView") -> list[dict[str, Any]]:
        return [CURSOR_PARAMETER, PAGE_SIZE_PARAMETER]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }


def _cursor_values(queryset: QuerySet, cursor: str, ordering: Sequence[str]) -> list[Any]:
    values = _decode(cursor, len(ordering))
    for index, field in enumerate(ordering):
        name = field.lstrip("-")
        annotation = queryset.query.annotations.get(name)
        model_field = (
            annotation.output_field if annotation is not None else queryset.model._meta.get_field(name)
        )
        value = values[index]
        if (isinstance(value, str) and "\x00" in value) or (isinstance(value, int) and abs(value) >= 2**63):
            raise NotFound("That page cursor is not valid.")
        try:
            values[index] = model_field.to_python(value)
        except ValidationError as error:
            raise NotFound("That page cursor is not valid.") from error
    return values
