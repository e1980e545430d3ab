"""Keyset ("cursor") pagination over several ordering fields, stable however deep a member scrolls."""

import base64
import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from forum.selectors import page_rows

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


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


def page_size(request: Request) -> int:
    try:
        return max(1, min(MAX_PAGE_SIZE, int(request.query_params.get("page_size", DEFAULT_PAGE_SIZE))))
    except ValueError:
        return DEFAULT_PAGE_SIZE


def paginate(
    *, queryset: QuerySet, request: Request, ordering: Sequence[str], shared_key: str | None = None
) -> tuple[list[Any], str | None]:
    """One page of `queryset` in `ordering` after the request's cursor, and the next page's URL.

    A queryset the same for every viewer may give a `shared_key` (holding the versions it depends
    on) to keep each page's ids in the cache.
    """
    size = page_size(request)
    cursor = request.query_params.get("cursor")
    queryset = queryset.order_by(*ordering)
    if cursor:
        values = _decode(cursor, len(ordering))
        model = queryset.model
        for index, field in enumerate(ordering):
            model_field = model._meta.get_field(field.lstrip("-"))
            value = values[index]
            if (isinstance(value, str) and "\x00" in value) or (
                isinstance(value, int) and abs(value) >= 2**63
            ):
                raise NotFound("That page cursor is not valid.")
            try:
                values[index] = model_field.to_python(value)
            except ValidationError as error:
                raise NotFound("That page cursor is not valid.") from error
        queryset = queryset.filter(_after(ordering, values))
    if shared_key is not None:
        shared_key = f"{shared_key}:{hashlib.sha256((cursor or '').encode()).hexdigest()[:32]}:{size}"
    rows = page_rows(queryset[: size + 1], shared_key=shared_key)
    next_url = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = _encode([getattr(last, field.lstrip("-")) for field in ordering])
        next_url = replace_query_param(request.build_absolute_uri(), "cursor", next_cursor)
    return rows, next_url
