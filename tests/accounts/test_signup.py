"""Signing up, on the web (link) and through the mobile API (code), and every way it can go wrong."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

APP = "/_allauth/app/v1"


def web_signup(client, **overrides):
    data = {
        "email": "sam@example.com",
        "username": "hopeful_sam",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "timezone": "Europe/Paris",
        **overrides,
    }
    return client.post("/accounts/signup/", data)


def app_signup(api_client, **overrides):
    data = {
        "email": "sam@example.com",
        "username": "hopeful_sam",
        "password": PASSWORD,
        "timezone": "America/New_York",
        **overrides,
    }
    return api_client.post(f"{APP}/auth/signup", data, format="json")


def link_in(message) -> str:
    url = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    return urlsplit(url).path


def code_in(message) -> str:
    return re.search(r"^\s{4}(\S+)$", message.body, re.MULTILINE).group(1)


def test_web_signup_sends_a_link_that_confirms_and_logs_the_member_in(client):
    response = web_signup(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.com"]
    assert "Welcome to No Contact" in message.subject
    assert "hopeful_sam" in message.body
    user = User.objects.get(email="sam@example.com")
    assert user.handle == "hopeful_sam"
    assert user.timezone == "Europe/Paris"
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session

    # One click: opening the link confirms, logs in and lands on the welcome that starts the count.
    response = client.get(link_in(message))

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk
    home = client.get("/")
    assert b"Signed in as" in home.content
    assert b"hopeful_sam" in home.content
    assert b"start your count" in home.content


def test_web_signup_page_has_a_label_for_every_field(client):
    response = client.get("/accounts/signup/")

    html = response.content.decode()
    assert response.status_code == 200
    for name in ("email", "username", "password1", "password2", "timezone"):
        field_id = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*id="([^"]+)"', html)
        field_id = field_id or re.search(rf'<(?:input|select)[^>]*id="([^"]+)"[^>]*name="{name}"', html)
        assert field_id, name
        assert f'for="{field_id.group(1)}"' in html, name
    assert 'data-browser-timezone="true"' in html


def test_app_signup_sends_a_code_that_verifies_and_gives_a_token_for_the_api(api_client):
    response = app_signup(api_client)

    assert response.status_code == 401
    body = response.json()
    pending = [flow for flow in body["data"]["flows"] if flow.get("is_pending")]
    assert pending[0]["id"] == "verify_email"
    token = body["meta"]["session_token"]
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" not in mail.outbox[0].body
    code = code_in(mail.outbox[0])

    response = api_client.post(f"{APP}/auth/email/verify", {"key": code}, HTTP_X_SESSION_TOKEN=token)

    assert response.status_code == 200, response.json()
    assert response.json()["meta"]["is_authenticated"]
    token = response.json()["meta"].get("session_token", token)
    me = api_client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token)
    assert me.status_code == 200
    assert me.json()["handle"] == "hopeful_sam"
    assert me.json()["email"] == "sam@example.com"
    assert me.json()["timezone"] == "America/New_York"


def test_app_verification_refuses_a_wrong_code(api_client):
    token = app_signup(api_client).json()["meta"]["session_token"]

    response = api_client.post(f"{APP}/auth/email/verify", {"key": "WRONG1"}, HTTP_X_SESSION_TOKEN=token)

    assert response.status_code == 400
    assert not EmailAddress.objects.get(email="sam@example.com").verified


def assert_nothing_created(email="sam@example.com", handle="hopeful_sam"):
    assert not User.objects.filter(email__iexact=email).exclude(handle__iexact="taken").exists()
    assert not User.objects.filter(handle__iexact=handle).exists()
    assert not EmailAddress.objects.filter(email__iexact=email, user__handle__iexact=handle).exists()


@pytest.mark.parametrize("handle", ["Hopeful_Sam", "HOPEFUL_SAM", "hopeful_sam"])
def test_web_signup_refuses_a_handle_taken_in_any_letter_case(client, handle):
    existing = UserFactory(handle="hopeful_sam")

    response = web_signup(client, username=handle, email="other@example.com")

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert b"already" in response.content
    assert User.objects.filter(handle__iexact="hopeful_sam").get() == existing
    assert not User.objects.filter(email="other@example.com").exists()
    assert not EmailAddress.objects.filter(email="other@example.com").exists()
    assert mail.outbox == []


def test_app_signup_refuses_a_handle_taken_in_another_letter_case(api_client):
    UserFactory(handle="hopeful_sam")

    response = app_signup(api_client, username="HoPeFuL_sAm", email="other@example.com")

    assert response.status_code == 400
    assert response.json()["errors"][0]["param"] == "username"
    assert not User.objects.filter(email="other@example.com").exists()
    assert not EmailAddress.objects.filter(email="other@example.com").exists()


@pytest.mark.parametrize("email", ["taken@example.com", "TAKEN@Example.com"])
def test_signup_with_a_registered_email_opens_nothing_and_tells_only_the_owner(client, email):
    # Whether an address belongs to a member is never revealed to whoever types it in (an ex
    # could check whether someone is here); the owner's mailbox gets the clear explanation.
    existing = UserFactory(handle="taken", email="taken@example.com")

    response = web_signup(client, email=email)

    assert response.status_code == 302
    assert User.objects.filter(email__iexact="taken@example.com").get() == existing
    assert not User.objects.filter(handle__iexact="hopeful_sam").exists()
    assert EmailAddress.objects.filter(email__iexact="taken@example.com").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.endswith("You already have an account")
    assert "no new account was opened" in mail.outbox[0].body


def test_app_signup_with_a_registered_email_opens_nothing(api_client):
    existing = UserFactory(handle="taken", email="taken@example.com")

    response = app_signup(api_client, email="Taken@Example.com")

    assert response.status_code == 401
    assert User.objects.filter(email__iexact="taken@example.com").get() == existing
    assert not User.objects.filter(handle__iexact="hopeful_sam").exists()
    assert "no new account was opened" in mail.outbox[0].body


def test_web_signup_refuses_an_unknown_time_zone(client):
    response = web_signup(client, timezone="Mars/Olympus_Mons")

    assert response.status_code == 200
    assert response.context["form"].errors["timezone"] == [
        "Please choose a time zone from the list, such as Europe/Paris."
    ]
    assert_nothing_created()


def test_app_signup_refuses_an_unknown_time_zone(api_client):
    response = app_signup(api_client, timezone="+02:00")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["param"] == "timezone"
    assert "time zone" in errors[0]["message"]
    assert_nothing_created()


@pytest.mark.parametrize("password", ["12345678", "password", "short", "hopeful_sam1"])
def test_web_signup_refuses_a_weak_password(client, password):
    response = web_signup(client, password1=password, password2=password)

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert_nothing_created()
    assert mail.outbox == []


def test_app_signup_refuses_a_weak_password(api_client):
    response = app_signup(api_client, password="password")

    assert response.status_code == 400
    assert response.json()["errors"][0]["param"] == "password"
    assert_nothing_created()


@pytest.mark.parametrize("handle", ["ab", "a" * 31, "sam smith", "sam-smith", "Admin", "MODERATORS"])
def test_web_signup_refuses_a_handle_that_does_not_fit_the_rules(client, handle):
    response = web_signup(client, username=handle)

    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not User.objects.filter(email="sam@example.com").exists()


def test_web_login_before_verification_sends_a_new_link_instead(client):
    UserFactory(email="sam@example.com", verified=False)

    response = client.post("/accounts/login/", {"login": "sam@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    page = client.get(response["Location"])
    assert b"confirm" in page.content.lower()


def test_app_login_before_verification_is_pending_verification(api_client):
    UserFactory(email="sam@example.com", verified=False)

    response = api_client.post(
        f"{APP}/auth/login", {"email": "sam@example.com", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 401
    flows = response.json()["data"]["flows"]
    assert [flow["id"] for flow in flows if flow.get("is_pending")] == ["verify_email"]
    token = response.json()["meta"]["session_token"]
    assert api_client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code in (401, 403)


def test_web_login_and_logout(client, member):
    response = client.post("/accounts/login/", {"login": member.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_web_login_with_a_wrong_password_says_so(client, member):
    response = client.post("/accounts/login/", {"login": member.email, "password": "not-it"})

    assert response.status_code == 200
    assert b"not correct" in response.content
