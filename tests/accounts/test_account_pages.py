"""allauth's pages: each renders inside our layout, and the account chores work end to end."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.services import notifications_create
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HEADER = b'class="site-header"'
FOOTER_HELP = b'href="/help/"'


def assert_our_layout(response):
    assert response.status_code == 200
    assert HEADER in response.content
    assert FOOTER_HELP in response.content
    assert b'class="card narrow allauth-page"' in response.content
    assert b"<h1>" in response.content
    assert b'style="' not in response.content
    # Only our own files: site.js everywhere, safety.js (the quick exit) for members.
    scripts = re.findall(rb"<script[^>]*>", response.content)
    assert scripts[0] == rb'<script src="/static/js/site.js" defer>'
    assert set(scripts[1:]) <= {rb'<script src="/static/js/safety.js" defer>'}


def labelled_inputs_only(html: str) -> None:
    for field_id in re.findall(
        r'<(?:input|select|textarea)(?![^>]*type="(?:hidden|submit)")[^>]*id="([^"]+)"', html
    ):
        assert f'for="{field_id}"' in html, field_id


@pytest.mark.parametrize(
    "url",
    ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/", "/accounts/password/reset/done/"],
)
def test_entrance_pages_render_in_our_layout_with_labels(client, url):
    response = client.get(url)

    assert_our_layout(response)
    assert b"Log in" in response.content
    labelled_inputs_only(response.content.decode())


@pytest.mark.parametrize("url", ["/accounts/logout/", "/accounts/password/change/", "/accounts/email/"])
def test_account_pages_render_in_our_layout_with_labels(member_client, member, url):
    response = member_client.get(url)

    assert_our_layout(response)
    assert b"Signed in as" in response.content
    assert member.handle.encode() in response.content
    labelled_inputs_only(response.content.decode())


def test_verification_sent_page_renders(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "a@example.com",
            "username": "a_name",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "timezone": "UTC",
        },
    )

    response = client.get("/accounts/confirm-email/")

    assert_our_layout(response)


def test_a_broken_confirmation_link_says_so_kindly(client):
    response = client.get("/accounts/confirm-email/not-a-real-key/")

    assert_our_layout(response)
    assert b"This link no longer works" in response.content
    assert b"Confirm Email Address" not in response.content


def test_password_reset_from_the_email_link(client, member):
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.subject == "[No Contact] Choose a new password"
    assert f"Hello {member.handle}" in message.body
    link = urlsplit(re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.body).group(0)).path

    response = client.get(link, follow=True)
    assert_our_layout(response)
    labelled_inputs_only(response.content.decode())
    response = client.post(
        response.redirect_chain[-1][0],
        {"password1": "another-Kind-phrase-7", "password2": "another-Kind-phrase-7"},
    )

    assert response.status_code == 302
    assert (
        client.post(
            "/accounts/login/", {"login": member.email, "password": "another-Kind-phrase-7"}
        ).status_code
        == 302
    )
    assert int(client.session["_auth_user_id"]) == member.pk


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert "we have no account with it" in mail.outbox[0].body


def test_change_password(member_client, member):
    response = member_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "another-Kind-phrase-7", "password2": "another-Kind-phrase-7"},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("another-Kind-phrase-7")


def test_change_password_refuses_a_weak_one(member_client, member):
    response = member_client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": "123456", "password2": "123456"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_change_email_is_confirmed_by_a_link_to_the_new_address(member_client, member):
    response = member_client.post("/accounts/email/", {"action_add": "", "email": "new@example.com"})

    assert response.status_code == 302
    assert mail.outbox[0].to == ["new@example.com"]
    member.refresh_from_db()
    assert member.email != "new@example.com"
    link = urlsplit(re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)).path

    response = member_client.post(link)

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "new@example.com"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == [
        "new@example.com"
    ]


def test_change_email_to_another_members_address_changes_nothing(member_client, member, other_member):
    member_client.post("/accounts/email/", {"action_add": "", "email": other_member.email.upper()})
    for message in mail.outbox:
        for url in re.findall(r"https?://\S+/accounts/confirm-email/\S+/", message.body):
            member_client.post(urlsplit(url).path)

    member.refresh_from_db()
    assert member.email != other_member.email
    assert not EmailAddress.objects.filter(
        user=member, email__iexact=other_member.email, verified=True
    ).exists()
    assert EmailAddress.objects.get(email__iexact=other_member.email, verified=True).user == other_member


def test_login_is_rate_limited_after_repeated_failures(client, member):
    for _ in range(5):
        client.post("/accounts/login/", {"login": member.email, "password": "wrong"})

    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert b"Too many failed login attempts. Try again later." in response.content


def test_a_logged_in_member_sees_who_they_are_in_the_header(member_client, member):
    response = member_client.get("/")

    assert b"Signed in as" in response.content
    assert member.email.encode() not in response.content


def test_unread_notification_count_shows_in_the_header(member_client, member, django_assert_max_num_queries):
    notifications_create(recipients=[member, member], kind="reply", title="A reply")
    response = member_client.get("/")

    assert (
        b'<span class="badge-count">2</span><span class="visually-hidden"> unread</span>' in response.content
    )


def test_the_header_counts_unread_notifications_in_one_query(member):
    request = RequestFactory().get("/")
    request.user = member
    with CaptureQueriesContext(connection) as queries:
        render_to_string("includes/nav_member.html", request=request)

    assert len([q for q in queries if "accounts_notification" in q["sql"]]) == 1


def test_the_header_does_not_count_for_visitors(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        client.get("/")
