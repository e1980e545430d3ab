"""Push to the mobile app through the notifications' outbox, against local stand-ins for FCM (HTTP
with its OAuth2 token endpoint) and APNs (HTTP/2): each notification reaches each phone once, a
token the service calls gone removes the phone, an outage is retried."""

import logging
import socket

import jwt
import pytest
from django.utils import timezone

from accounts import mobile_push, services
from accounts.models import MobileDevice, Notification, PushDelivery
from accounts.push import PushServiceUnavailable
from tests.factories import UserFactory
from tests.partners.test_partners import partners

from .push_stand_ins import APNS_KEY_ID, APNS_TEAM_ID, APNS_TOPIC, ApnsStandIn, FcmStandIn

pytestmark = pytest.mark.django_db

FCM_TOKEN = "dGVzdC1pbnN0YWxs:APA91b" + "x" * 140
APNS_TOKEN = "0123456789abcdef" * 4


@pytest.fixture
def fcm(settings):
    stand_in = FcmStandIn()
    settings.FCM_SERVICE_ACCOUNT = stand_in.service_account()
    settings.FCM_BASE_URL = stand_in.origin
    yield stand_in
    stand_in.close()


@pytest.fixture
def apns(settings):
    stand_in = ApnsStandIn()
    settings.APNS_KEY = stand_in.p8()
    settings.APNS_KEY_ID = APNS_KEY_ID
    settings.APNS_TEAM_ID = APNS_TEAM_ID
    settings.APNS_TOPIC = APNS_TOPIC
    settings.APNS_BASE_URL = stand_in.origin
    yield stand_in
    stand_in.close()


def phone(member, platform="fcm", token=FCM_TOKEN) -> MobileDevice:
    device, _ = services.device_register(user=member, platform=platform, token=token, name="Phone")
    return device


def test_a_partners_sos_reaches_the_android_app_once(fcm, django_capture_on_commit_callbacks):
    sam, kim = UserFactory(handle="sam"), UserFactory(handle="kim", timezone="Asia/Tokyo")
    partners(sam, kim)
    phone(kim)

    with django_capture_on_commit_callbacks(execute=True):
        services.sos_send(sender=sam, message="Hard evening")
    note = Notification.objects.get(recipient=kim, kind="sos")
    assert services.notification_push_deliver(notification_id=note.pk) is False  # a retry: done already

    assert fcm.refused == []
    assert fcm.received == [
        {
            "token": FCM_TOKEN,
            "notification": {"title": "sam needs support right now", "body": "Hard evening"},
            "data": {"url": note.url},
            "android": {"priority": "high"},
        }
    ]
    note.refresh_from_db()
    assert note.push_state == "sent" and note.pushed_at is not None


def test_the_access_token_is_fetched_once_and_reused(fcm):
    kim = UserFactory()
    phone(kim)
    for title in ("One", "Two"):
        note = services.notification_create(recipient=kim, kind="account", title=title)
        services.notification_push_deliver(notification_id=note.pk)

    assert [message["notification"]["title"] for message in fcm.received] == ["One", "Two"]
    assert fcm.token_requests == 1


def test_the_iphone_app_gets_it_over_http2_with_a_signed_provider_token(apns):
    kim = UserFactory()
    phone(kim, platform="apns", token=APNS_TOKEN)
    note = services.notification_create(recipient=kim, kind="account", title="Your data is ready", body="Hi")

    assert services.notification_push_deliver(notification_id=note.pk) is True
    assert services.notification_push_deliver(notification_id=note.pk) is False

    assert apns.refused == []
    assert apns.protocols == {"h2"}
    assert apns.received == [
        {
            "device": APNS_TOKEN,
            "aps": {"alert": {"title": "Your data is ready", "body": "Hi"}, "sound": "default"},
            "url": "",
        }
    ]


def test_the_provider_token_is_an_es256_jwt_from_the_p8_key(apns):
    token = mobile_push.apns_provider_token()

    assert jwt.get_unverified_header(token) == {"alg": "ES256", "kid": APNS_KEY_ID, "typ": "JWT"}
    claims = jwt.decode(token, apns.key.public_key(), algorithms=["ES256"])
    assert claims["iss"] == APNS_TEAM_ID
    assert mobile_push.apns_provider_token() == token  # reused, as Apple asks


def test_in_discreet_mode_the_phone_says_nothing_of_what_it_is_about(fcm):
    kim = UserFactory(discreet=True)
    phone(kim)
    note = services.notification_create(recipient=kim, kind="sos", title="sam needs support", body="x")

    services.notification_push_deliver(notification_id=note.pk)

    assert fcm.received[0]["notification"] == {"title": "You have a new notification"}


@pytest.mark.parametrize("answer", [(410, "Unregistered"), (400, "BadDeviceToken")])
def test_apns_saying_the_token_is_gone_removes_the_phone(apns, answer):
    kim = UserFactory()
    phone(kim, platform="apns", token=APNS_TOKEN)
    apns.answers = [answer]
    note = services.notification_create(recipient=kim, kind="account", title="Hello")

    assert services.notification_push_deliver(notification_id=note.pk) is False

    assert not MobileDevice.objects.exists()
    assert Notification.objects.get(pk=note.pk).push_state == "none"


def test_fcm_unregistered_removes_the_phone(fcm):
    kim = UserFactory()
    phone(kim)
    fcm.statuses = [404]
    note = services.notification_create(recipient=kim, kind="account", title="Hello")

    assert services.notification_push_deliver(notification_id=note.pk) is False

    assert not MobileDevice.objects.exists()
    assert fcm.received == []


def test_an_outage_is_retried_and_the_phone_already_reached_is_not_pushed_twice(fcm, apns):
    kim = UserFactory()
    phone(kim)
    phone(kim, platform="apns", token=APNS_TOKEN)
    apns.answers = [(500, "InternalServerError")]
    note = services.notification_create(recipient=kim, kind="account", title="Hello")

    with pytest.raises(PushServiceUnavailable):
        services.notification_push_deliver(notification_id=note.pk)
    assert Notification.objects.get(pk=note.pk).push_state == "pending"
    assert len(fcm.received) == 1 and apns.received == []
    Notification.objects.filter(pk=note.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=6))
    assert services.notification_pushes_due() == [note.pk]

    assert services.notification_push_deliver(notification_id=note.pk) is True

    assert len(fcm.received) == 1 and len(apns.received) == 1
    assert PushDelivery.objects.filter(notification=note).count() == 2
    assert Notification.objects.get(pk=note.pk).push_state == "sent"
    assert services.notification_pushes_due() == []


def test_a_push_service_that_cannot_be_reached_is_retried(fcm, settings):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    settings.FCM_BASE_URL = f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()
    kim = UserFactory()
    phone(kim)
    note = services.notification_create(recipient=kim, kind="account", title="Hello")

    with pytest.raises(PushServiceUnavailable):
        services.notification_push_deliver(notification_id=note.pk)
    settings.FCM_BASE_URL = fcm.origin
    assert services.notification_push_deliver(notification_id=note.pk) is True

    assert [message["notification"]["title"] for message in fcm.received] == ["Hello"]


def test_without_credentials_the_app_channels_are_off_and_say_so_once(settings, caplog):
    settings.FCM_SERVICE_ACCOUNT = ""
    settings.APNS_KEY = ""
    mobile_push._off_logged.clear()
    kim = UserFactory()
    phone(kim)

    with caplog.at_level(logging.INFO, logger="accounts.mobile_push"):
        first = services.notification_create(recipient=kim, kind="account", title="One")
        services.notification_create(recipient=kim, kind="account", title="Two")

    assert first.push_state == "none"
    messages = [record.getMessage() for record in caplog.records if record.name == "accounts.mobile_push"]
    assert messages == [
        "FCM push is off: FCM_SERVICE_ACCOUNT is not set.",
        "APNs push is off: APNS_KEY, APNS_KEY_ID, APNS_TEAM_ID and APNS_TOPIC are not all set.",
    ]


def test_a_kind_turned_off_is_not_pushed_but_still_in_the_inbox(fcm):
    kim = UserFactory(push_on_reply=False)
    phone(kim)

    reply = services.notification_create(recipient=kim, kind="reply", title="sam replied")
    mention = services.notification_create(recipient=kim, kind="mention", title="sam mentioned you")

    assert reply.push_state == "none" and mention.push_state == "pending"
    assert Notification.objects.filter(recipient=kim).count() == 2


def test_a_kind_turned_off_before_the_push_went_out_is_not_pushed(fcm):
    kim = UserFactory()
    phone(kim)
    note = services.notification_create(recipient=kim, kind="milestone", title="7 days")
    services.push_settings_update(user=kim, data={"push_on_milestone": False})

    assert services.notification_push_deliver(notification_id=note.pk) is False

    assert fcm.received == []
    assert Notification.objects.get(pk=note.pk).push_state == "none"
