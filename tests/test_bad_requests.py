"""Requests we cannot read answer a clear error in the API's shape, never a 500 or an HTML page."""

import json

import pytest
from django.conf import settings
from django.test import Client

from streaks.models import CheckIn
from tests.streaks.factories import StreakFactory

pytestmark = pytest.mark.django_db

CHECK_IN = "/api/v1/streaks/checkins/create/"
APP_LOGIN = "/_allauth/app/v1/auth/login"
BROWSER_LOGIN = "/_allauth/browser/v1/auth/login"
DEPTH = 10_000

DEEP_ARRAY = "[" * DEPTH + "]" * DEPTH
DEEP_OBJECT = '{"a":' * DEPTH + "1" + "}" * DEPTH
TOO_BIG = json.dumps({"note": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})


@pytest.fixture
def client():
    # Answer like production does instead of re-raising an error into the test.
    return Client(raise_request_exception=False)


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"message", "errors"}
    assert body["message"]
    return body


@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT], ids=["array", "object"])
def test_deeply_nested_json_to_the_api_is_a_400(client, member, body):
    StreakFactory(user=member)
    client.force_login(member)

    response = client.post(CHECK_IN, body, content_type="application/json")

    assert assert_error_shape(response, 400) == {
        "message": "The JSON you sent is nested too deeply for us to read.",
        "errors": {},
    }
    assert not CheckIn.objects.exists()


def test_deeply_nested_json_in_a_patch_is_a_400(client, member):
    client.force_login(member)

    response = client.patch("/api/v1/me/", DEEP_OBJECT, content_type="application/json")

    assert_error_shape(response, 400)


@pytest.mark.parametrize("path", [APP_LOGIN, BROWSER_LOGIN])
@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT], ids=["array", "object"])
def test_deeply_nested_json_to_sign_in_is_a_400(client, path, body):
    response = client.post(path, body, content_type="application/json")

    assert assert_error_shape(response, 400)["errors"] == {}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"email": ', "We could not read what you sent: it is not valid JSON."),
        (b'{"email": "\xff"}', "We could not read what you sent: it is not valid JSON."),
        ('["a list"]', "Please send a JSON object."),
    ],
    ids=["truncated", "not-utf8", "not-an-object"],
)
def test_an_unreadable_body_to_sign_in_is_a_400_that_says_why(client, body, message):
    response = client.post(APP_LOGIN, body, content_type="application/json")

    assert assert_error_shape(response, 400) == {"message": message, "errors": {}}


def test_sign_in_still_reads_a_well_formed_body(client, member):
    response = client.post(
        APP_LOGIN, {"email": member.email, "password": "a-wrong-guess"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["param"] == "password"


def test_an_endpoint_that_ignores_its_body_keeps_allauth_answer(client):
    # allauth does not read this endpoint's body, so neither do we: its own answer stands
    # (a 409, as nobody is waiting for a code).
    response = client.post(
        "/_allauth/app/v1/auth/email/verify/resend", DEEP_ARRAY, content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json() == {"status": 409}


def test_a_body_over_the_limit_to_the_api_is_a_json_413(client, member):
    StreakFactory(user=member)
    client.force_login(member)

    response = client.post(CHECK_IN, TOO_BIG, content_type="application/json")

    assert "too large" in assert_error_shape(response, 413)["message"]
    assert not CheckIn.objects.exists()


def test_a_form_with_more_fields_than_allowed_to_the_api_is_a_json_400(client, member):
    client.force_login(member)
    fields = "&".join(f"f{n}=x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = client.patch("/api/v1/me/", fields, content_type="application/x-www-form-urlencoded")

    assert_error_shape(response, 400)


@pytest.mark.parametrize("path", [APP_LOGIN, BROWSER_LOGIN])
def test_a_body_over_the_limit_to_sign_in_is_a_json_413(client, path):
    response = client.post(path, TOO_BIG, content_type="application/json")

    assert "too large" in assert_error_shape(response, 413)["message"]


def test_a_browser_sign_in_without_the_csrf_token_is_a_json_403():
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        BROWSER_LOGIN, {"email": "a@example.com", "password": "x"}, content_type="application/json"
    )

    body = assert_error_shape(response, 403)
    assert "reload" in body["message"]
    assert body["errors"] == {}


def test_a_session_signed_in_api_write_without_the_csrf_token_is_a_json_403(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.patch("/api/v1/me/", {"bio": "hello"}, content_type="application/json")

    assert assert_error_shape(response, 403)["errors"] == {}
