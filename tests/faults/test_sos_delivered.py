"""An SOS from the mobile app reaches a partner in another time zone within seconds, once in each
channel: in-app, by e-mail (a real SMTP server) and by Web Push (a stand-in push service that
checks the VAPID signature and decrypts the payload), delivered by a real Celery worker on Redis."""

import time

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Notification
from tests.factories import UserFactory
from tests.partners.test_web_push import push_service  # noqa: F401  (a fixture)
from tests.privacy.test_deletion import APP, PASSWORD
from tests.waiting import wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]


def _app(email: str) -> APIClient:
    """A member signed in as the mobile app is: allauth headless, a session token."""
    client = APIClient()
    response = client.post(f"{APP}/auth/login", {"email": email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_X_SESSION_TOKEN=response.json()["meta"]["session_token"])
    return client


def test_an_sos_reaches_a_partner_in_another_zone_in_app_by_email_and_by_push_once(
    broker,
    smtp_sink,
    start_worker,
    push_service,  # noqa: F811
    settings,
    monkeypatch,
):
    sam = UserFactory(handle="sam_in_newfoundland", timezone="America/St_Johns")
    kim = UserFactory(handle="kim_in_kiribati", timezone="Pacific/Kiritimati", email_on_partner=True)
    sink = smtp_sink()
    monkeypatch.setenv("VAPID_PRIVATE_KEY", settings.VAPID_PRIVATE_KEY)
    monkeypatch.setenv("VAPID_PUBLIC_KEY", settings.VAPID_PUBLIC_KEY)
    start_worker(broker_url=broker.url, email_url=sink.url)

    sam_app, kim_app = _app(sam.email), _app(kim.email)
    invite = sam_app.post("/api/v1/partners/invites/", {"handle": kim.handle}, format="json")
    assert invite.status_code == 201, invite.content
    accepted = kim_app.post(f"/api/v1/partners/invites/{invite.json()['token']}/accept/")
    assert accepted.status_code in (200, 201), accepted.content
    kim_browser = Client()
    kim_browser.force_login(kim)
    subscribed = kim_browser.post(
        "/api/v1/push/subscriptions/", push_service.subscription(), content_type="application/json"
    )
    assert subscribed.status_code == 201, subscribed.content
    wait_for(
        lambda: not Notification.objects.filter(recipient=kim, email_state="pending").exists(),
        "the partner invite's e-mail to be sent",
    )
    before = len(sink.messages)

    pressed = time.monotonic()
    sos = sam_app.post("/api/v1/sos/", {"message": "The urge is strong tonight."}, format="json")
    assert sos.status_code == 201, sos.content

    def sos_mail() -> list:
        return [m for m in sink.messages[before:] if m["To"] == kim.email]

    wait_for(lambda: sos_mail() and push_service.received, "the SOS by e-mail and by push", deadline=15)
    elapsed = time.monotonic() - pressed
    time.sleep(3)  # anything sent twice would arrive by now

    assert elapsed < 10
    alert = Notification.objects.get(recipient=kim, kind=Notification.Kind.SOS)
    assert alert.email_state == "sent" and alert.push_state == "sent"
    inbox = kim_app.get("/api/v1/notifications/").json()["results"]
    assert [n["title"] for n in inbox if n["kind"] == "sos"] == [
        "sam_in_newfoundland needs support right now"
    ]
    assert len(sos_mail()) == 1
    assert "sam_in_newfoundland" in sos_mail()[0]["Subject"]
    assert push_service.refused == []
    assert push_service.received == [
        {
            "title": "sam_in_newfoundland needs support right now",
            "body": "The urge is strong tonight.",
            "url": alert.url,
        }
    ]
    assert not Notification.objects.filter(recipient=sam, kind=Notification.Kind.SOS).exists()
