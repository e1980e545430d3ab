"""The installable site in a real browser, under the strict CSP: the manifest and its icon load,
the service worker from our static files registers, and "Notify me on this device" answers the
member plainly, whatever the browser's push service does, without a script error."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from accounts.models import PushSubscription
from tests.e2e.test_member_journey import Journey, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TURNED_ON = "This device will be notified."
REFUSED = "Notifications were not turned on. Your browser may be blocking them."


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def vapid(settings):
    private = ec.generate_private_key(ec.SECP256R1())
    settings.VAPID_PRIVATE_KEY = _b64u(private.private_numbers().private_value.to_bytes(32))
    settings.VAPID_PUBLIC_KEY = _b64u(
        private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


def test_the_manifest_and_service_worker_load_under_the_csp_and_the_switch_answers(
    live_server, open_page, vapid
):
    member = UserFactory()
    page = open_page(width=375, height=812)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    journey = Journey(page, live_server.url)
    log_in(journey, member.email)
    journey.goto("/members/settings/")

    manifest = page.evaluate(
        """async () => {
            const link = document.querySelector('link[rel=manifest]');
            const response = await fetch(link.href);
            const manifest = await response.json();
            const icon = await fetch(new URL(manifest.icons[0].src, link.href));
            return {status: response.status, name: manifest.name, start: manifest.start_url, icon: icon.status};
        }"""
    )
    assert manifest == {"status": 200, "name": "No Contact", "start": "/streak/", "icon": 200}

    worker = page.evaluate(
        """async () => {
            const registration = await navigator.serviceWorker.ready;
            return {scope: registration.scope, script: registration.active.scriptURL};
        }"""
    )
    assert worker == {"scope": f"{live_server.url}/", "script": f"{live_server.url}/sw.js"}

    switch = page.get_by_label("Notify me on this device")
    page.wait_for_function("!document.getElementById('push-switch').disabled")
    switch.click()
    status = page.locator("#push-status")
    page.wait_for_function(
        "(answers) => answers.includes(document.getElementById('push-status').textContent)",
        arg=[TURNED_ON, REFUSED],
        timeout=30_000,
    )
    # Without a push service to reach from this machine the browser may refuse; either way the
    # member is told, the switch shows the truth, and the site keeps what it was given.
    if status.inner_text() == TURNED_ON:
        assert switch.is_checked()
        assert PushSubscription.objects.filter(user=member).count() == 1
    else:
        assert not switch.is_checked()
        assert not PushSubscription.objects.filter(user=member).exists()
    assert switch.is_enabled()
    assert problems == []
