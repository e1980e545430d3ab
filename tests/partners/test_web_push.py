"""Web Push through the notifications' outbox, against a local stand-in for a push service that
checks the VAPID signature and decrypts the payload with the subscription's keys, as a browser's
push service and the browser would."""

import base64
import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.test import Client
from django.utils import timezone

from accounts import services
from accounts.models import Notification, PushSubscription
from accounts.push import PushServiceUnavailable
from tests.factories import UserFactory

from .test_partners import partners

pytestmark = pytest.mark.django_db

POINT = serialization.PublicFormat.UncompressedPoint
X962 = serialization.Encoding.X962


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushServiceStandIn:
    """Answers each push with the next status given (then 201), keeping what it could decrypt."""

    def __init__(self, *, vapid_public: str) -> None:
        self.vapid_public = vapid_public
        self.statuses: list[int] = []
        self.received: list[dict] = []
        self.refused: list[str] = []
        self.receiver = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = stand_in.statuses.pop(0) if stand_in.statuses else 201
                problem = stand_in.check(self.headers.get("Authorization", ""))
                if problem:
                    stand_in.refused.append(problem)
                    status = 401
                elif status == 201:
                    payload = http_ece.decrypt(
                        body, private_key=stand_in.receiver, auth_secret=stand_in.auth, version="aes128gcm"
                    )
                    stand_in.received.append(json.loads(payload))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def check(self, authorization: str) -> str:
        """The VAPID JWT is signed by our key, for this push service, and not expired."""
        match = re.fullmatch(r"vapid t=([\w.-]+),\s*k=([\w-]+)", authorization)
        if match is None:
            return f"no VAPID authorization: {authorization!r}"
        token, key = match.groups()
        if key != self.vapid_public:
            return "not our VAPID key"
        header, claims, signature = token.split(".")
        raw = unb64u(signature)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64u(key))
        try:
            public.verify(
                encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:])),
                f"{header}.{claims}".encode(),
                ec.ECDSA(hashes.SHA256()),
            )
        except InvalidSignature:
            return "bad signature"
        data = json.loads(unb64u(claims))
        if data["aud"] != self.origin or data["exp"] < time.time() or not data["sub"].startswith("mailto:"):
            return f"bad claims {data}"
        return ""

    def subscription(self) -> dict:
        return {
            "endpoint": f"{self.origin}/push/abc123",
            "keys": {
                "p256dh": b64u(self.receiver.public_key().public_bytes(X962, POINT)),
                "auth": b64u(self.auth),
            },
        }

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def push_service(settings):
    private = ec.generate_private_key(ec.SECP256R1())
    settings.VAPID_PRIVATE_KEY = b64u(private.private_numbers().private_value.to_bytes(32))
    settings.VAPID_PUBLIC_KEY = b64u(private.public_key().public_bytes(X962, POINT))
    stand_in = PushServiceStandIn(vapid_public=settings.VAPID_PUBLIC_KEY)
    yield stand_in
    stand_in.close()


def _subscribed(member, push_service) -> None:
    client = Client()
    client.force_login(member)
    response = client.post(
        "/api/v1/push/subscriptions/",
        json.dumps(push_service.subscription()),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content


def test_a_partners_sos_arrives_by_push_once_signed_and_encrypted(
    push_service, django_capture_on_commit_callbacks
):
    sam, kim = UserFactory(handle="sam"), UserFactory(handle="kim", timezone="Asia/Tokyo")
    partners(sam, kim)
    _subscribed(kim, push_service)

    with django_capture_on_commit_callbacks(execute=True):
        services.sos_send(sender=sam, message="Hard evening")
    note = Notification.objects.get(recipient=kim, kind="sos")
    assert services.notification_push_deliver(notification_id=note.pk) is False  # a retry: done already

    assert push_service.refused == []
    assert push_service.received == [
        {"title": "sam needs support right now", "body": "Hard evening", "url": note.url}
    ]
    note.refresh_from_db()
    assert note.push_state == "sent" and note.email_state == "sent"


def test_a_410_removes_the_subscription(push_service):
    kim = UserFactory()
    _subscribed(kim, push_service)
    push_service.statuses = [410]
    note = services.notification_create(recipient=kim, kind="account", title="Hello")

    assert services.notification_push_deliver(notification_id=note.pk) is False

    assert not PushSubscription.objects.exists()
    note.refresh_from_db()
    assert note.push_state == "none"


def test_an_outage_leaves_the_push_for_a_retry_and_the_sweep(push_service):
    kim = UserFactory()
    _subscribed(kim, push_service)
    push_service.statuses = [503]
    note = services.notification_create(recipient=kim, kind="account", title="Hello")

    with pytest.raises(PushServiceUnavailable):
        services.notification_push_deliver(notification_id=note.pk)
    assert Notification.objects.get(pk=note.pk).push_state == "pending"
    Notification.objects.filter(pk=note.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=6))
    assert services.notification_pushes_due() == [note.pk]

    assert services.notification_push_deliver(notification_id=note.pk) is True
    assert [message["title"] for message in push_service.received] == ["Hello"]
    assert services.notification_pushes_due() == []


def test_without_vapid_keys_push_is_off(settings):
    settings.VAPID_PRIVATE_KEY = ""
    kim = UserFactory()
    PushSubscription.objects.create(
        user=kim, endpoint="https://push.example/1", p256dh="x", auth="y", created_at=timezone.now()
    )

    note = services.notification_create(recipient=kim, kind="account", title="Hello")

    assert note.push_state == "none"


def test_bad_subscriptions_are_a_400_and_another_members_endpoint_a_404(push_service):
    kim, sam = UserFactory(), UserFactory()
    _subscribed(kim, push_service)
    client = Client()
    client.force_login(sam)

    bad = client.post(
        "/api/v1/push/subscriptions/",
        json.dumps({"endpoint": "not a url", "keys": {"p256dh": "short", "auth": ""}}),
        content_type="application/json",
    )
    gone = client.delete(
        "/api/v1/push/subscriptions/",
        json.dumps({"endpoint": push_service.subscription()["endpoint"]}),
        content_type="application/json",
    )

    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"endpoint", "keys"}
    assert gone.status_code == 404
    assert PushSubscription.objects.get().user == kim


def test_in_discreet_mode_a_push_says_nothing_of_what_it_is_about(push_service):
    kim = UserFactory(discreet=True)
    _subscribed(kim, push_service)
    note = services.notification_create(
        recipient=kim, kind="sos", title="sam needs support right now", body="x"
    )

    services.notification_push_deliver(notification_id=note.pk)

    assert push_service.received == [{"title": "You have a new notification", "body": "", "url": ""}]


def test_a_kind_the_member_turned_off_is_not_pushed_to_their_browser_either(push_service):
    kim = UserFactory(push_on_mention=False)
    _subscribed(kim, push_service)

    mention = services.notification_create(recipient=kim, kind="mention", title="sam mentioned you")
    reply = services.notification_create(recipient=kim, kind="reply", title="sam replied")
    services.notification_push_deliver(notification_id=reply.pk)

    assert mention.push_state == "none"
    assert [message["title"] for message in push_service.received] == ["sam replied"]
