"""With PostgreSQL unreachable, pages answer a friendly 503 and the API a JSON 503."""

from contextlib import contextmanager

import pytest
from django.db import connection

from accounts.models import User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def client(client):
    # Answer like production does instead of re-raising the error into the test.
    client.raise_request_exception = False
    return client


@contextmanager
def database_unreachable():
    original = connection.settings_dict.copy()
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there: connecting is refused
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)


def test_page_answers_503_with_a_calm_message_when_the_database_is_down(client, member):
    client.force_login(member)
    with database_unreachable():
        response = client.get("/members/settings/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Nothing you sent was lost" in response.content.decode()


def test_api_answers_json_503_when_the_database_is_down(client, member):
    client.force_login(member)
    with database_unreachable():
        response = client.get("/api/v1/me/")
    assert response.status_code == 503
    assert response.json()["message"].startswith("We cannot reach our database")


def test_a_sign_up_during_the_outage_leaves_nothing_behind_and_works_afterwards(client):
    form = {
        "email": "outage@example.com",
        "username": "outage_member",
        "password1": "a-long-Kind-passphrase-42",
        "password2": "a-long-Kind-passphrase-42",
        "timezone": "Europe/London",
    }
    with database_unreachable():
        response = client.post("/accounts/signup/", form)
    assert response.status_code == 503
    assert not User.objects.filter(handle="outage_member").exists()
    response = client.post("/accounts/signup/", form)
    assert response.status_code == 302
    assert User.objects.filter(handle="outage_member").exists()
