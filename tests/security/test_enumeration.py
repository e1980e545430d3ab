"""No one can learn whether an e-mail address has an account: known and unknown addresses get the same answer.

Someone checking whether their ex (or anyone) is a member must learn nothing from sign-up,
log-in or password reset, on the web or through the mobile app's API.
"""

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

APP = "/_allauth/app/v1"
KNOWN = "known.member@example.com"
UNKNOWN = "nobody.here@example.com"


@pytest.fixture(autouse=True)
def known_member():
    return UserFactory(email=KNOWN)


def _web(path: str, data: dict):
    response = Client().post(path, data)
    return response.status_code, response.get("Location"), _form_errors(response)


def _form_errors(response) -> list[str]:
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    return sorted(str(error) for errors in form.errors.values() for error in errors) if form else []


def _app(path: str, data: dict):
    response = APIClient().post(f"{APP}{path}", data, format="json")
    body = response.json()
    # A pending flow carries a fresh session token each time; it says nothing about the address.
    body.get("meta", {}).pop("session_token", None)
    return response.status_code, body


def test_web_sign_up_answers_the_same(known_member):
    def signup(email, handle):
        data = {"email": email, "username": handle, "password1": PASSWORD, "password2": PASSWORD}
        return _web("/accounts/signup/", {**data, "timezone": "Europe/Paris"})

    assert signup(KNOWN, "first_try") == signup(UNKNOWN, "second_try")
    # Both addresses receive one e-mail; only the owner of the address reads which kind.
    assert sorted(message.to[0] for message in mail.outbox) == sorted([KNOWN, UNKNOWN])


def test_app_sign_up_answers_the_same():
    def signup(email, handle):
        data = {"email": email, "username": handle, "password": PASSWORD, "timezone": "Europe/Paris"}
        return _app("/auth/signup", data)

    assert signup(KNOWN, "first_try") == signup(UNKNOWN, "second_try")


def test_web_log_in_with_a_wrong_password_answers_the_same():
    def login(email):
        return _web("/accounts/login/", {"login": email, "password": "not-the-password-1"})

    known, unknown = login(KNOWN), login(UNKNOWN)
    assert known == unknown
    assert known[0] == 200 and known[2], "the form says the details are wrong"


def test_app_log_in_with_a_wrong_password_answers_the_same():
    def login(email):
        return _app("/auth/login", {"email": email, "password": "not-the-password-1"})

    known, unknown = login(KNOWN), login(UNKNOWN)
    assert known == unknown
    assert known[0] == 400


def test_web_password_reset_answers_the_same():
    known, unknown = (
        _web("/accounts/password/reset/", {"email": KNOWN}),
        _web("/accounts/password/reset/", {"email": UNKNOWN}),
    )
    assert known == unknown
    assert known[0] == 302
    assert sorted(message.to[0] for message in mail.outbox) == sorted([KNOWN, UNKNOWN])


def test_app_password_reset_answers_the_same():
    known, unknown = (
        _app("/auth/password/request", {"email": KNOWN}),
        _app("/auth/password/request", {"email": UNKNOWN}),
    )
    assert known == unknown
    assert known[0] == 200


def test_an_address_in_another_case_answers_like_the_known_one():
    upper = _app("/auth/password/request", {"email": KNOWN.upper()})
    assert upper == _app("/auth/password/request", {"email": UNKNOWN.upper()})


def test_the_api_never_shows_a_members_address_to_another_member(known_member):
    other = UserFactory()
    client = APIClient()
    client.force_authenticate(other)
    response = client.get(f"/api/v1/members/{known_member.handle}/")
    assert response.status_code == 200
    assert KNOWN not in response.content.decode()
    page = Client()
    page.force_login(other)
    assert KNOWN not in page.get(f"/members/{known_member.handle}/").content.decode()


@pytest.mark.parametrize("path", ["/accounts/login/", f"{APP}/auth/login"])
def test_log_in_spends_the_same_password_work_for_a_known_and_an_unknown_address(monkeypatch, path):
    """A reply that comes back faster for unknown addresses would give them away."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    calls = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher, "encode", lambda self, *args: calls.append(1) or original(self, *args)
    )

    def hashing_for(email) -> int:
        calls.clear()
        if path.startswith(APP):
            APIClient().post(path, {"email": email, "password": "not-the-password-1"}, format="json")
        else:
            Client().post(path, {"login": email, "password": "not-the-password-1"})
        return len(calls)

    assert hashing_for(KNOWN) == hashing_for(UNKNOWN) >= 1
