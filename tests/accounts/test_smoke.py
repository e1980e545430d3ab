import pytest

pytestmark = pytest.mark.django_db


def test_home_page_invites_a_visitor_to_join(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Join the community" in response.content


def test_moderator_has_the_moderate_permission_through_the_group(moderator, member):
    assert moderator.has_perm("accounts.moderate")
    assert not member.has_perm("accounts.moderate")
