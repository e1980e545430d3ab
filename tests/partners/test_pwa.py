"""The site as an installable app: manifest, service worker at the root, the device switch, keys."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_at_the_root_from_our_static_files(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert b'addEventListener("push"' in response.content
    assert client.post("/sw.js").status_code == 405


def test_every_page_links_the_manifest_from_our_static_files_under_the_csp(client, settings):
    page = client.get("/")
    href = re.search(r'<link rel="manifest" href="([^"]+)"', page.content.decode()).group(1)

    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert href.startswith(settings.STATIC_URL)
    path = finders.find(href.removeprefix(settings.STATIC_URL))
    assert path
    with open(path) as manifest:
        data = json.load(manifest)
    assert data["scope"] == "/" and data["display"] == "standalone"
    assert finders.find(data["icons"][0]["src"].removeprefix(settings.STATIC_URL))


def test_the_device_switch_shows_only_when_push_is_configured(settings):
    member = UserFactory()
    client = Client()
    client.force_login(member)

    settings.VAPID_PUBLIC_KEY = ""
    assert b"push-switch" not in client.get("/members/settings/").content
    settings.VAPID_PUBLIC_KEY = "BPublicKey"
    page = client.get("/members/settings/").content.decode()
    assert 'data-key="BPublicKey"' in page and "Notify me on this device" in page


def test_local_vapid_keys_are_written_once_and_never_overwritten(tmp_path):
    env = tmp_path / ".env"
    env.write_text("DEBUG=true")

    call_command("vapid_keys", env_file=str(env))
    first = env.read_text()
    call_command("vapid_keys", env_file=str(env))

    assert first.startswith("DEBUG=true\n")
    assert "VAPID_PRIVATE_KEY=" in first and "VAPID_PUBLIC_KEY=" in first
    assert env.read_text() == first
