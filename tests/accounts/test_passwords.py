"""Passwords are stored with Argon2; a hash from before still lets its owner in, and is upgraded then.

The rest of the suite hashes with MD5 to stay fast: these tests use the production list.
"""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, identify_hasher
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from community.settings import base
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

APP = "/_allauth/app/v1"


@pytest.fixture(autouse=True)
def production_hashers(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def log_in(surface: str, email: str) -> int:
    if surface == "web":
        return Client().post("/accounts/login/", {"login": email, "password": PASSWORD}).status_code
    return (
        APIClient()
        .post(f"{APP}/auth/login", {"email": email, "password": PASSWORD}, format="json")
        .status_code
    )


@pytest.mark.parametrize(("surface", "logged_in"), [("web", 302), ("app", 200)])
def test_a_member_with_a_pbkdf2_hash_logs_in_and_is_then_stored_with_argon2(surface, logged_in):
    member = UserFactory()
    # As stored before Argon2 (with an older Django's fewer rounds, so the test stays quick).
    pbkdf2 = PBKDF2PasswordHasher()
    member.password = pbkdf2.encode(PASSWORD, pbkdf2.salt(), iterations=1000)
    member.save(update_fields=["password"])

    assert log_in(surface, member.email) == logged_in

    member.refresh_from_db()
    assert identify_hasher(member.password).algorithm == "argon2"
    assert check_password(PASSWORD, member.password)
    assert log_in(surface, member.email) == logged_in


def test_a_new_members_password_is_stored_with_argon2():
    data = {"email": "sam@example.com", "username": "hopeful_sam", "password": PASSWORD, "timezone": "UTC"}
    APIClient().post(f"{APP}/auth/signup", data, format="json")

    assert identify_hasher(User.objects.get(email="sam@example.com").password).algorithm == "argon2"
