"""The admin has no log-in form of its own: it sends everyone through the site's log-in, with its rate limits."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True)


def test_visitors_are_sent_to_the_sites_log_in_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in response["Location"]


def test_the_admin_index_sends_visitors_to_the_sites_log_in_page_too(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_the_admins_own_password_form_cannot_be_used(client, staff):
    """Posting a right password to the admin's form signs no one in: allauth's rate limits stay in force."""
    response = client.post("/admin/login/", {"username": staff.handle, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_a_member_who_is_not_staff_is_refused(client):
    client.force_login(UserFactory())
    assert client.get("/admin/login/").status_code == 403
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert client.get("/admin/accounts/user/").status_code != 200


def test_staff_signed_in_through_the_site_reach_the_admin(client, staff):
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_failed_log_ins_are_rate_limited_on_the_sites_form(client, staff, settings):
    """The admin's way in is the site's log-in page, and that page limits failed attempts."""
    for _ in range(5):
        client.post(reverse("account_login"), {"login": staff.email, "password": "wrong-guess"})
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
