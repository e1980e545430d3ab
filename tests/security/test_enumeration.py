"""No one can learn whether an e-mail address has an account: known and unknown addresses get the same answer.

Someone checking whether their ex (or anyone) is a member must learn nothing from sign-up,
log-in or password reset, on the web or through the mobile app's API.
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

APP = "/_allauth/app/v1"
BROWSER = "/_allauth/browser/v1"
KNOWN = "known.member@example.com"
UNKNOWN = "nobody.here@example.com"
SIGN_UP_SURFACES = ["web", "browser", "app"]


@pytest.fixture(autouse=True)
def known_member():
    return UserFactory(email=KNOWN)


class CountingHasher(MD5PasswordHasher):
    """The suite's fast hasher, counting the passwords it hashes."""

    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.fixture
def passwords_hashed_by(settings):
    """How many passwords an action hashes: work that takes time an attacker could measure."""
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]

    def count(action) -> int:
        CountingHasher.hashed = 0
        action()
        return CountingHasher.hashed

    return count


def _web(path: str, data: dict):
    response = Client().post(path, data)
    # The notice on the next page names the address typed in, whichever it is.
    notices = [
        str(message).replace(data.get("email", ""), "<address>")
        for message in get_messages(response.wsgi_request)
    ]
    return response.status_code, response.get("Location"), _form_errors(response), notices


def _form_errors(response) -> list[str]:
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    return sorted(str(error) for errors in form.errors.values() for error in errors) if form else []


def _app(path: str, data: dict, *, client: str = APP, token: str | None = None):
    headers = {"X-Session-Token": token} if token else {}
    response = APIClient().post(f"{client}{path}", data, format="json", headers=headers)
    body = response.json()
    # A pending flow carries a fresh session token each time; it says nothing about the address.
    body.get("meta", {}).pop("session_token", None)
    return response.status_code, body


def _sign_up(surface: str, email: str, handle: str):
    if surface == "web":
        data = {"email": email, "username": handle, "password1": PASSWORD, "password2": PASSWORD}
        return _web("/accounts/signup/", {**data, "timezone": "Europe/Paris"})
    data = {"email": email, "username": handle, "password": PASSWORD, "timezone": "Europe/Paris"}
    return _app("/auth/signup", data, client=APP if surface == "app" else BROWSER)


@pytest.mark.parametrize("surface", SIGN_UP_SURFACES)
def test_sign_up_answers_the_same_for_a_known_and_a_new_address(surface):
    assert _sign_up(surface, KNOWN, "first_try") == _sign_up(surface, UNKNOWN, "second_try")
    # Both addresses receive one e-mail; only the owner of the address reads which kind.
    assert sorted((message.to[0], message.subject) for message in mail.outbox) == [
        (KNOWN, "[No Contact] You already have an account"),
        (UNKNOWN, "[No Contact] Welcome to No Contact: please confirm your e-mail address"),
    ]


@pytest.mark.parametrize("surface", SIGN_UP_SURFACES)
def test_sign_up_spends_the_same_password_work_for_a_known_and_a_new_address(passwords_hashed_by, surface):
    """A new address costs a password hash; a known one must cost the same, or the delay tells."""
    known = passwords_hashed_by(lambda: _sign_up(surface, KNOWN, "first_try"))
    new = passwords_hashed_by(lambda: _sign_up(surface, UNKNOWN, "second_try"))
    assert known == new >= 1


@pytest.mark.parametrize("surface", SIGN_UP_SURFACES)
def test_signing_up_again_and_again_answers_alike_for_a_recent_member_and_a_new_address(surface):
    """Each address may receive one e-mail every few minutes. A member who joined a moment ago has
    had theirs; a new address has not. The answers must not tell which is which."""
    _sign_up(surface, "just.joined@example.com", "just_joined")
    for attempt in range(3):
        recent = _sign_up(surface, "just.joined@example.com", f"again_{attempt}")
        new = _sign_up(surface, UNKNOWN, f"new_{attempt}")
        assert recent == new, f"attempt {attempt + 1}"


def test_the_code_step_after_a_sign_up_answers_alike_for_a_recent_member_and_a_new_address():
    def sign_up_then_send_a_wrong_code(email: str, handle: str):
        data = {"email": email, "username": handle, "password": PASSWORD, "timezone": "Europe/Paris"}
        response = APIClient().post(f"{APP}/auth/signup", data, format="json")
        token = response.json().get("meta", {}).get("session_token")
        return _app("/auth/email/verify", {"key": "WRONG1"}, token=token)

    sign_up_then_send_a_wrong_code("just.joined@example.com", "just_joined")
    recent = sign_up_then_send_a_wrong_code("just.joined@example.com", "again")
    assert recent == sign_up_then_send_a_wrong_code(UNKNOWN, "new_here")
    assert recent[0] == 400


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
def test_log_in_spends_the_same_password_work_for_a_known_and_an_unknown_address(passwords_hashed_by, path):
    """A reply that comes back faster for unknown addresses would give them away."""

    def log_in(email) -> None:
        if path.startswith(APP):
            APIClient().post(path, {"email": email, "password": "not-the-password-1"}, format="json")
        else:
            Client().post(path, {"login": email, "password": "not-the-password-1"})

    assert passwords_hashed_by(lambda: log_in(KNOWN)) == passwords_hashed_by(lambda: log_in(UNKNOWN)) >= 1
