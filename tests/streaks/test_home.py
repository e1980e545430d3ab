"""A member's home is their count: after logging in, after verifying, and at `/`."""

import pytest

from tests.factories import PASSWORD

from .factories import StreakFactory

pytestmark = pytest.mark.django_db


def test_visitors_keep_the_landing_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Join the community" in response.content


def test_a_members_home_is_their_count(member_client, member, days_ago):
    StreakFactory(user=member, start_date=days_ago(12))
    response = member_client.get("/")
    assert response.status_code == 200
    assert b'<span class="streak-days">12</span>' in response.content
    assert b"Join the community" not in response.content
    assert b"Review queue" not in response.content


def test_a_moderator_lands_on_their_count_with_the_queue_one_tap_away(client, moderator, days_ago):
    StreakFactory(user=moderator)
    client.force_login(moderator)
    html = client.get("/").content.decode()
    assert 'class="streak-days"' in html
    assert (
        'class="moderator-bar"><a class="button button-secondary button-small" href="/forum/review/"' in html
    )


def test_logging_in_lands_on_the_count(client, member):
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert b"streak" in client.get("/").content
