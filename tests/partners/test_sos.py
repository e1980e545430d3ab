"""SOS: every partner alerted at once in-app and by e-mail (as they allow), one private answer
back, 3 an hour, never to a member who blocked the sender, never to anyone but partners."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.test import Client

from accounts import services
from accounts.models import Block, Notification, SosAlert
from tests.factories import UserFactory

from .test_partners import partners

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, data: dict | None = None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


@pytest.fixture
def sender(db):
    return UserFactory(handle="sam", timezone="America/New_York")


def test_every_partner_is_alerted_once_in_app_and_by_email_if_they_allow_it(
    sender, django_capture_on_commit_callbacks
):
    kim = UserFactory(handle="kim", timezone="Asia/Tokyo")
    lee = UserFactory(handle="lee", email_on_partner=False)
    stranger = UserFactory()
    partners(sender, kim)
    partners(lee, sender)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(_client(sender), "/api/v1/sos/", {"message": "The evening is hard"})

    assert response.status_code == 201, response.content
    alerts = Notification.objects.filter(kind="sos")
    assert sorted(alerts.values_list("recipient__handle", flat=True)) == ["kim", "lee"]
    assert {note.title for note in alerts} == {"sam needs support right now"}
    assert [message.to for message in mail.outbox] == [[kim.email]]
    assert "The evening is hard" in mail.outbox[0].body
    assert not Notification.objects.filter(recipient=stranger).exists()


def test_a_partner_answers_once_privately_and_it_reaches_the_senders_inbox(sender):
    kim = UserFactory(handle="kim")
    partners(sender, kim)
    alert = services.sos_send(sender=sender, message="Please")
    url = Notification.objects.get(recipient=kim, kind="sos").url

    page = _client(kim).get(url)
    assert page.status_code == 200 and b"Please" in page.content and b"/forum/" in page.content
    answered = _client(kim).post(url, {"body": "I am here. Call me."})
    assert answered.status_code == 302

    inbox = Notification.objects.get(recipient=sender, kind="sos")
    assert (inbox.title, inbox.body) == ("kim answered your SOS", "I am here. Call me.")
    again = _post(_client(kim), f"/api/v1/sos/{alert.pk}/reply/", {"body": "And again"})
    assert again.status_code == 409
    assert _client(kim).get(f"/api/v1/sos/{alert.pk}/").json()["answered"] is True


def test_only_partners_see_an_sos(sender):
    kim = UserFactory(handle="kim")
    partners(sender, kim)
    alert = services.sos_send(sender=sender)
    for outsider in (UserFactory(), UserFactory(is_staff=True), sender):
        client = _client(outsider)
        assert client.get(f"/partners/sos/{alert.pk}/").status_code == 404
        assert client.get(f"/api/v1/sos/{alert.pk}/").status_code == 404
        assert _post(client, f"/api/v1/sos/{alert.pk}/reply/", {"body": "hi"}).status_code == 404


def test_three_an_hour_then_a_clear_429(sender):
    partners(sender, UserFactory())
    client = _client(sender)
    for _ in range(3):
        assert _post(client, "/api/v1/sos/").status_code == 201

    refused = _post(client, "/api/v1/sos/")
    page = client.post("/partners/sos/", {"message": "again"})

    assert refused.status_code == 429
    assert "3 times in the last hour" in refused.json()["message"]
    assert page.status_code == 429 and b"3 times in the last hour" in page.content
    assert SosAlert.objects.count() == 3
    SosAlert.objects.update(created_at=SosAlert.objects.first().created_at - dt.timedelta(hours=1))
    assert _post(client, "/api/v1/sos/").status_code == 201


def test_a_member_who_blocked_the_sender_is_never_alerted(sender):
    kim, lee = UserFactory(handle="kim"), UserFactory(handle="lee")
    partners(sender, kim)
    partners(sender, lee)
    # A block ends the partnership; even a row left behind would not let an SOS through.
    Block.objects.create(blocker=kim, blocked=sender)

    services.sos_send(sender=sender)

    assert list(Notification.objects.filter(kind="sos").values_list("recipient__handle", flat=True)) == [
        "lee"
    ]


def test_without_partners_or_with_a_long_message_nothing_is_sent(sender):
    client = _client(sender)
    lonely = _post(client, "/api/v1/sos/")
    assert lonely.status_code == 400 and "no partners" in lonely.json()["message"]
    partners(sender, UserFactory())

    long = _post(client, "/api/v1/sos/", {"message": "x" * 281})
    page = client.post("/partners/sos/", {"message": "x" * 281})

    assert long.status_code == 400 and "message" in long.json()["errors"]
    assert page.status_code == 400
    assert not SosAlert.objects.exists()


def test_the_dashboard_and_the_urge_page_offer_the_sos_with_a_confirm_step(sender):
    partners(sender, UserFactory(handle="kim"))
    client = _client(sender)

    assert b'href="/partners/sos/"' in client.get("/streak/").content
    assert b'href="/partners/sos/"' in client.get("/streak/urge/").content
    assert b'href="/partners/sos/"' in client.get("/streak/urge/log/").content
    confirm = client.get("/partners/sos/")
    assert b"Yes, alert my partners now" in confirm.content and b"kim" in confirm.content
    assert not SosAlert.objects.exists()


def test_an_empty_or_long_answer_is_a_400_and_sends_nothing(sender):
    kim = UserFactory(handle="kim")
    partners(sender, kim)
    alert = services.sos_send(sender=sender)
    client = _client(kim)

    assert _post(client, f"/api/v1/sos/{alert.pk}/reply/", {"body": "x" * 501}).status_code == 400
    assert client.post(f"/partners/sos/{alert.pk}/", {"body": "  "}).status_code == 400
    assert not Notification.objects.filter(recipient=sender, kind="sos").exists()
