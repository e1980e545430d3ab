"""Requests forged by another site are refused, and no link of ours sends a member to another site."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from forum.models import Post, PostStatus
from tests.factories import PASSWORD
from tests.security.conftest import World

pytestmark = pytest.mark.django_db

OFFSITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "\\\\evil.example",
]


def _csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/streak/check-in/", {"mood": "3"}),
        ("/members/settings/", {"handle": "renamed", "timezone": "UTC", "streak_visibility": "everyone"}),
        ("/members/notifications/read/", {}),
        ("/members/settings/delete/", {"password": PASSWORD, "posts": "delete"}),
    ],
)
def test_forms_refuse_a_post_without_the_csrf_token(world: World, path, data):
    response = _csrf_client(world.member).post(path, data)
    assert response.status_code == 403
    world.member.refresh_from_db()
    assert world.member.handle != "renamed"
    assert world.member.is_active


def test_the_forum_refuses_a_forged_reply(world: World):
    response = _csrf_client(world.member).post(f"/forum/t/{world.thread.pk}/reply/", {"body": "Forged"})
    assert response.status_code == 403
    assert not Post.objects.filter(body="Forged").exists()


def test_the_api_refuses_a_browser_session_write_without_the_csrf_token(world: World):
    """A session cookie alone must not be enough: another site's page could send it."""
    client = APIClient(enforce_csrf_checks=True)
    client.login(handle=world.member.handle, password=PASSWORD)
    response = client.post(
        f"/api/v1/forum/threads/{world.thread.pk}/replies/", {"body": "Forged"}, format="json"
    )
    assert response.status_code == 403
    assert client.get("/api/v1/me/").status_code == 200, "reads still work with the session"
    assert not Post.objects.filter(body="Forged").exists()


def test_the_api_accepts_a_session_token_without_a_csrf_token(world: World):
    """The app's session token is a header another site cannot set, so it needs no CSRF token."""
    browser = Client()
    browser.force_login(world.member)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_X_SESSION_TOKEN=browser.session.session_key)
    response = client.post(
        f"/api/v1/forum/threads/{world.thread.pk}/replies/", {"body": "Real"}, format="json"
    )
    assert response.status_code == 201


def test_a_made_up_session_token_is_refused_cleanly(world: World):
    client = APIClient()
    client.credentials(HTTP_X_SESSION_TOKEN="not-a-real-token")
    assert client.get("/api/v1/me/").status_code in (401, 403)
    # Control characters never reach us in a header: the production server refuses them.
    for token in ("'; DROP TABLE django_session; --", "x" * 5000, "../../etc/passwd", "%00"):
        client.credentials(HTTP_X_SESSION_TOKEN=token)
        assert client.get("/api/v1/me/").status_code in (401, 403), token


@pytest.mark.parametrize("target", OFFSITE)
def test_logging_in_never_sends_the_member_to_another_site(world: World, target):
    client = Client()
    response = client.post(
        f"{reverse('account_login')}?next={target}", {"login": world.member.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/") and not response["Location"].startswith(("//", "/\\"))


@pytest.mark.parametrize("target", OFFSITE)
def test_a_moderators_decision_never_sends_them_to_another_site(world: World, target):
    client = Client()
    client.force_login(world.moderator)
    response = client.post(
        f"/forum/p/{world.pending.pk}/moderate/",
        {"action": "approve", "version": world.pending.version, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/") and not response["Location"].startswith(("//", "/\\"))
    world.pending.refresh_from_db()
    assert world.pending.status == PostStatus.PUBLISHED


def test_a_write_to_an_unknown_api_path_answers_in_the_apis_shape(world: World):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/forum/threads/-1.5/lock/")
        assert response.status_code == 404, method
        assert response.json() == {"message": "Not found.", "errors": {}}
