"""Push to the mobile app: FCM HTTP v1 for Android, APNs for iOS.

The protocols' signing is the libraries': google-auth signs the service account's JWT and trades
it for an OAuth2 access token, PyJWT signs the APNs provider token (ES256). This module builds the
requests, sends them with httpx, and reads the services' answers. Without credentials a channel
is off, and the log says so once.
"""

import json
import logging
import threading
import time
from pathlib import Path

import httpx
import jwt
from django.conf import settings
from google.auth.transport.requests import Request as GoogleAuthRequest
from google.oauth2 import service_account

from .models import MobileDevice
from .push import PushContent, PushServiceUnavailable

logger = logging.getLogger(__name__)

PUSH_TIMEOUT = 10
FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
# Apple refuses a provider token older than an hour and too-frequent new ones: renew after 50 min.
APNS_TOKEN_LIFETIME = 50 * 60

_off_logged: set[str] = set()
_lock = threading.Lock()
_fcm_credentials: dict[str, service_account.Credentials] = {}
_apns_tokens: dict[tuple[str, str, str], tuple[str, float]] = {}


def _say_off_once(channel: str, reason: str) -> None:
    if channel not in _off_logged:
        logger.info("%s push is off: %s", channel, reason)
        _off_logged.add(channel)


def _text_or_file(value: str) -> str:
    """A secret given as its text, or as the path of a file holding it."""
    stripped = value.strip()
    if stripped.startswith(("{", "-----BEGIN")):
        return stripped
    return Path(stripped).read_text()


def fcm_enabled() -> bool:
    if settings.FCM_SERVICE_ACCOUNT:
        return True
    _say_off_once("FCM", "FCM_SERVICE_ACCOUNT is not set.")
    return False


def apns_enabled() -> bool:
    if settings.APNS_KEY and settings.APNS_KEY_ID and settings.APNS_TEAM_ID and settings.APNS_TOPIC:
        return True
    _say_off_once("APNs", "APNS_KEY, APNS_KEY_ID, APNS_TEAM_ID and APNS_TOPIC are not all set.")
    return False


def enabled_platforms() -> list[str]:
    platforms = []
    if fcm_enabled():
        platforms.append(MobileDevice.Platform.FCM.value)
    if apns_enabled():
        platforms.append(MobileDevice.Platform.APNS.value)
    return platforms


def _fcm_credentials_for(secret: str) -> service_account.Credentials:
    with _lock:
        credentials = _fcm_credentials.get(secret)
        if credentials is None:
            info = json.loads(_text_or_file(secret))
            credentials = service_account.Credentials.from_service_account_info(info, scopes=[FCM_SCOPE])
            _fcm_credentials.clear()
            _fcm_credentials[secret] = credentials
        if not credentials.valid:
            # google-auth signs the assertion with the service account's key and fetches a token
            # from its token_uri; it is cached until shortly before it expires.
            credentials.refresh(GoogleAuthRequest())
        return credentials


def _alert(content: PushContent) -> dict[str, str]:
    """What the phone shows: a title, and the body when there is one (none in discreet mode)."""
    return {"title": content.title, "body": content.body} if content.body else {"title": content.title}


def fcm_request(*, device: MobileDevice, content: PushContent) -> httpx.Request:
    """The FCM HTTP v1 request for one device, authorized with a fresh OAuth2 access token."""
    try:
        credentials = _fcm_credentials_for(settings.FCM_SERVICE_ACCOUNT)
    except Exception as error:
        raise PushServiceUnavailable(f"No FCM access token: {error}") from error
    message = {
        "token": device.token,
        "notification": _alert(content),
        "data": {"url": content.url},
        "android": {"priority": "high"},
    }
    url = f"{settings.FCM_BASE_URL.rstrip('/')}/v1/projects/{credentials.project_id}/messages:send"
    return httpx.Request(
        "POST", url, json={"message": message}, headers={"Authorization": f"Bearer {credentials.token}"}
    )


def _fcm_gone(response: httpx.Response) -> bool:
    """FCM says the token no longer reaches an install: 404, or the UNREGISTERED error code."""
    if response.status_code == 404:
        return True
    try:
        details = response.json().get("error", {}).get("details", [])
    except ValueError:
        return False
    return any(isinstance(d, dict) and d.get("errorCode") == "UNREGISTERED" for d in details)


def apns_provider_token() -> str:
    """The ES256 JWT APNs wants, signed by PyJWT with the .p8 key, reused for 50 minutes."""
    cache_key = (settings.APNS_KEY, settings.APNS_KEY_ID, settings.APNS_TEAM_ID)
    now = time.time()
    with _lock:
        cached = _apns_tokens.get(cache_key)
        if cached is not None and now - cached[1] < APNS_TOKEN_LIFETIME:
            return cached[0]
        token = jwt.encode(
            {"iss": settings.APNS_TEAM_ID, "iat": int(now)},
            _text_or_file(settings.APNS_KEY),
            algorithm="ES256",
            headers={"kid": settings.APNS_KEY_ID},
        )
        _apns_tokens.clear()
        _apns_tokens[cache_key] = (token, now)
        return token


def apns_request(*, device: MobileDevice, content: PushContent) -> httpx.Request:
    """The APNs request for one device: an alert, with the page to open as `url`."""
    try:
        provider_token = apns_provider_token()
    except Exception as error:
        raise PushServiceUnavailable(f"No APNs provider token: {error}") from error
    payload = {"aps": {"alert": _alert(content), "sound": "default"}, "url": content.url}
    return httpx.Request(
        "POST",
        f"{settings.APNS_BASE_URL.rstrip('/')}/3/device/{device.token}",
        json=payload,
        headers={
            "authorization": f"bearer {provider_token}",
            "apns-topic": settings.APNS_TOPIC,
            "apns-push-type": "alert",
            "apns-priority": "10",
            "apns-expiration": str(int(time.time()) + 24 * 3600),
        },
    )


def _apns_gone(response: httpx.Response) -> bool:
    """APNs says the token no longer reaches an install: 410, or 400 BadDeviceToken."""
    if response.status_code == 410:
        return True
    if response.status_code != 400:
        return False
    try:
        return response.json().get("reason") in ("BadDeviceToken", "Unregistered")
    except ValueError:
        return False


def device_send(*, device: MobileDevice, content: PushContent) -> bool:
    """Send one push to one phone; False if the service says its token is gone (the device is
    deleted). Any other failure raises PushServiceUnavailable, for the task to retry."""
    if device.platform == MobileDevice.Platform.APNS:
        request, gone = apns_request(device=device, content=content), _apns_gone
        # APNs speaks HTTP/2 only.
        client = httpx.Client(http1=False, http2=True, timeout=PUSH_TIMEOUT)
    else:
        request, gone = fcm_request(device=device, content=content), _fcm_gone
        client = httpx.Client(timeout=PUSH_TIMEOUT)
    try:
        with client:
            response = client.send(request)
    except httpx.HTTPError as error:
        raise PushServiceUnavailable(f"{device.platform} unreachable: {error}") from error
    if response.is_success:
        return True
    if gone(response):
        device.delete()
        return False
    raise PushServiceUnavailable(f"{device.platform} answered {response.status_code}")
