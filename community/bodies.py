"""JSON bodies we cannot read are refused with a clear 400, by DRF's parser and before allauth's."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from rest_framework import exceptions, parsers

from .errors import json_error

TOO_DEEP_MESSAGE = "The JSON you sent is nested too deeply for us to read."
NOT_JSON_MESSAGE = "We could not read what you sent: it is not valid JSON."
NOT_AN_OBJECT_MESSAGE = "Please send a JSON object."


class JSONParser(parsers.JSONParser):
    """DRF's parser, saying what went wrong as allauth's endpoints do; JSON nested deeper than
    Python's parser can follow raises RecursionError, which DRF would let through as a 500."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(TOO_DEEP_MESSAGE) from None
        except exceptions.ParseError:
            raise exceptions.ParseError(NOT_JSON_MESSAGE) from None


class HeadlessJsonBodyMiddleware:
    """Reads the body of allauth's headless endpoints before allauth does, and refuses what it
    cannot read in the API's error shape.

    allauth parses request.body itself, in a view that offers no hook: JSON nested too deeply
    escapes it as a RecursionError (a 500), and other unreadable bodies get an empty 400. Catching
    RecursionError after the view would also blame the client for a bug of ours, so the body is
    read here first (sign-in bodies are small; allauth then reads the cached bytes again). Its
    views say whether they read the body (`handle_json_input`), so this checks exactly those,
    after the CSRF check, and lets every other request through untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not request.path.startswith("/_allauth/") or request.method == "GET":
            return None
        view_class = getattr(view_func, "view_class", None)
        if not getattr(view_class, "handle_json_input", False) or not request.body:
            return None
        try:
            data = json.loads(request.body.decode("utf8"))
        except RecursionError:
            return json_error(TOO_DEEP_MESSAGE, status=400)
        except ValueError:  # UnicodeDecodeError and JSONDecodeError alike
            return json_error(NOT_JSON_MESSAGE, status=400)
        if not isinstance(data, dict):
            return json_error(NOT_AN_OBJECT_MESSAGE, status=400)
        return None
