"""The demo content command: a first look at a lively community, loaded once."""

import pytest
from django.core.management import call_command

from accounts.models import User
from forum.models import Post, Thread
from streaks.models import Streak

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_members_streaks_threads_and_a_moderator_once(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    assert "moderator@demo.nocontact.local" in first
    moderator = User.objects.get(email="moderator@demo.nocontact.local")
    assert moderator.has_perm("accounts.moderate")
    assert Streak.objects.filter(ended_on__isnull=True).count() == 5
    assert Streak.objects.filter(ended_on__isnull=False).count() == 1
    assert Post.objects.filter(status="pending").count() == 1
    counts = (User.objects.count(), Streak.objects.count(), Thread.objects.count(), Post.objects.count())

    call_command("seed_demo")
    assert "already loaded" in capsys.readouterr().out
    assert (
        User.objects.count(),
        Streak.objects.count(),
        Thread.objects.count(),
        Post.objects.count(),
    ) == counts


def test_demo_members_can_log_in_with_the_printed_password(client, capsys):
    call_command("seed_demo")
    response = client.post(
        "/accounts/login/", {"login": "hopeful_sam@demo.nocontact.local", "password": "hold-on-one-more-day"}
    )
    assert response.status_code == 302
    assert client.get("/streak/").status_code == 200
