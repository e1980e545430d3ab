"""Scheduled housekeeping is wired to real tasks, and unused allauth routes answer cleanly."""

import pytest
from celery import current_app
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_every_beat_entry_names_a_registered_task():
    current_app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in current_app.tasks, name


@pytest.mark.parametrize("client_kind", ["app", "browser"])
@pytest.mark.parametrize("path", ["account/phone", "auth/phone/verify", "auth/phone/verify/resend"])
def test_phone_endpoints_are_not_offered(client, member, client_kind, path):
    client.force_login(member)
    response = client.get(f"/_allauth/{client_kind}/v1/{path}")
    assert response.status_code == 404
    assert response.json()["message"] == "Not found."
