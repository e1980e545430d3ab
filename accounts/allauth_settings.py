"""allauth's settings, answered per request where one site needs two behaviours.

Verification: a link on the web, a code in the mobile app. allauth has one switch for "code
instead of link", ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED, and reads it through
ALLAUTH_SETTING_GETTER at every use, so this getter answers it per request: codes only while
allauth.headless serves its "app" client (a phone cannot follow a link into the app), links
everywhere else. The headless view marks the request after URL resolution, so the web URLconf
always keeps its confirm-email link route, and a code process started by the app (kept with its
session token) is finished by the app. Imported while settings load: no models here.
"""

from typing import Any

from allauth.core import context
from django.conf import settings
from django.http import HttpRequest

CODE_SETTING = "ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED"
APP_CLIENT = "app"  # allauth.headless.constants.Client.APP, which cannot be imported this early


def is_app_request(request: HttpRequest | None) -> bool:
    headless = getattr(getattr(request, "allauth", None), "headless", None)
    return getattr(headless, "client", None) == APP_CLIENT


def allauth_setting(name: str, default: Any) -> Any:
    if name == CODE_SETTING:
        return is_app_request(context.request)
    return getattr(settings, name, default)
