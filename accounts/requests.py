"""Request types for views only signed-in members reach, so services receive a `User`, never an anonymous one.

Only annotations: `login_required` (pages) and `IsAuthenticated` (the API's default permission) make
them true before the view runs, and the type checker then knows `request.user` is a `User`.
"""

from django.http import HttpRequest
from rest_framework.request import Request

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A page request behind `login_required`."""

    user: User


class AuthenticatedRequest(Request):
    """An API request on a view whose permissions include `IsAuthenticated`."""

    user: User
