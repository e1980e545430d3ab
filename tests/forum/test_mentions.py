"""@mention suggestions: handles only, never e-mails, never members who blocked me or whom I
blocked, those active in the thread first, at most eight."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Block
from tests.factories import UserFactory
from tests.forum.factories import PostFactory, published_thread

pytestmark = pytest.mark.django_db


def _suggest(user, query: str) -> list[str]:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/forum/mentions/?{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_suggestions_are_handles_never_emails(member):
    UserFactory(handle="maya_one", email="maya.secret.mailbox@example.org")

    response = APIClient()
    response.force_authenticate(member)
    body = response.get("/api/v1/forum/mentions/?q=ma").content.decode()

    assert "maya_one" in body
    assert "mailbox" not in body and "@example.org" not in body
    assert _suggest(member, "q=maya.secret") == []


def test_members_who_blocked_me_or_whom_i_blocked_are_never_suggested(member):
    blocker = UserFactory(handle="mark_blocker")
    blocked = UserFactory(handle="mark_blocked")
    UserFactory(handle="mark_friend")
    UserFactory(handle="mark_left", is_active=False)
    Block.objects.create(blocker=blocker, blocked=member)
    Block.objects.create(blocker=member, blocked=blocked)

    assert _suggest(member, "q=mark") == ["mark_friend"]
    assert _suggest(member, "q=@MA") == ["mark_friend"]


def test_those_who_posted_in_the_thread_most_recently_come_first_at_most_eight(member):
    thread = published_thread()
    for index in range(10):
        UserFactory(handle=f"sam_{index:02d}")
    early, late = UserFactory(handle="sam_zz_early"), UserFactory(handle="sam_zz_late")
    PostFactory(thread=thread, author=early, created_at=timezone.now() - dt.timedelta(hours=2))
    PostFactory(thread=thread, author=late, created_at=timezone.now() - dt.timedelta(minutes=5))

    ranked = _suggest(member, f"q=sa&thread={thread.pk}")

    assert ranked[:2] == ["sam_zz_late", "sam_zz_early"]
    assert len(ranked) == 8
    assert _suggest(member, "q=sa")[:2] == ["sam_00", "sam_01"]


@pytest.mark.parametrize("query", ["q=m", "q=", "q=a%20b", "q=" + "x" * 40, "q=ma&thread=999999999999"])
def test_too_short_or_odd_queries_suggest_nothing_or_404_never_500(member, query):
    UserFactory(handle="maya_two")
    client = APIClient()
    client.force_authenticate(member)

    response = client.get(f"/api/v1/forum/mentions/?{query}")

    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert response.json()["results"] == []


def test_visitors_get_no_suggestions():
    UserFactory(handle="maya_three")
    assert APIClient().get("/api/v1/forum/mentions/?q=ma").status_code in (401, 403)
