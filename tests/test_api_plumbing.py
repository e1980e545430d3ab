"""The API's shared plumbing: schema, docs from local files, one error shape, auth answers in JSON."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError

from community.api import exception_handler
from community.exceptions import ApplicationError

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings_or_errors(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(tmp_path / "s.yml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "community.settings.test", "PATH": "/usr/bin:/bin"},
    )

    assert result.returncode == 0, result.stderr
    schema = (tmp_path / "s.yml").read_text()
    assert "/api/v1/me/:" in schema
    assert "/api/v1/members/{handle}/:" in schema
    assert "XSessionTokenAuth" in schema


def test_schema_is_served_as_json(api_client):
    response = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert "/api/v1/me/" in response.json()["paths"]


def test_docs_page_loads_with_local_static_files_only(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in asset for asset in assets)
    for asset in assets:
        assert asset.startswith("/"), asset
        assert not asset.startswith("//"), asset
        assert client.get(asset).status_code == 200, asset


def test_unknown_api_path_is_a_json_404(api_client):
    response = api_client.get("/api/v1/no/such/thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "Not found.", "errors": {}}


def test_unauthenticated_request_gets_json(api_client):
    response = api_client.patch("/api/v1/me/", {"bio": "x"}, format="json")

    assert response.status_code in (401, 403)
    assert response.json() == {"message": "Authentication credentials were not provided.", "errors": {}}


def test_a_bad_session_token_is_refused_in_json(api_client):
    response = api_client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN="not-a-token")

    assert response.status_code in (401, 403)
    assert response.json()["message"]
    assert response.json()["errors"] == {}


def test_a_method_an_endpoint_does_not_offer_is_a_json_405(member_api):
    response = member_api.delete("/api/v1/me/")

    assert response.status_code == 405
    assert response.json() == {"message": 'Method "DELETE" not allowed.', "errors": {}}


def test_validation_errors_list_each_field(member_api):
    response = member_api.patch("/api/v1/me/", {"handle": "x", "timezone": "Nowhere"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "Please check the highlighted fields."
    assert set(body["errors"]) == {"handle", "timezone"}
    assert all(isinstance(message, str) for messages in body["errors"].values() for message in messages)


def test_an_unparsable_body_is_a_400_not_a_500(member_api):
    response = member_api.generic("PATCH", "/api/v1/me/", b"\xff{", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "message": "We could not read what you sent: it is not valid JSON.",
        "errors": {},
    }


def test_application_error_becomes_its_status_with_the_field():
    response = exception_handler(ApplicationError("That handle is already taken.", field="handle"), {})

    assert response.status_code == 400
    assert response.data == {
        "message": "That handle is already taken.",
        "errors": {"handle": ["That handle is already taken."]},
    }


def test_application_error_without_a_field_and_with_a_status():
    response = exception_handler(ApplicationError("You are suspended for now.", status=403), {})

    assert response.status_code == 403
    assert response.data == {"message": "You are suspended for now.", "errors": {}}


def test_django_validation_error_becomes_a_400_with_fields():
    error = DjangoValidationError({"timezone": ["Please choose a time zone from the list."]})

    response = exception_handler(error, {})

    assert response.status_code == 400
    assert response.data["errors"] == {"timezone": ["Please choose a time zone from the list."]}


def test_django_validation_error_without_fields_is_the_message():
    response = exception_handler(DjangoValidationError("Not today."), {})

    assert response.status_code == 400
    assert response.data == {"message": "Not today.", "errors": {"non_field_errors": ["Not today."]}}


def test_permission_denied_is_a_json_403():
    response = exception_handler(PermissionDenied(), {})

    assert response.status_code == 403
    assert response.data["errors"] == {}
    assert response.data["message"]
