"""Sentry is used only when SENTRY_DSN is set, and its reports leave out what identifies a member."""

import json

from community.sentry import scrub_event
from tests.test_settings import PG, load_settings

PRODUCTION = {"DATABASE_URL": PG, "SECRET_KEY": "x" * 50}
DSN = "https://public-key@sentry.invalid/1"
CLIENT_OPTIONS = """
import json, sentry_sdk
client = sentry_sdk.get_client()
options = client.options
print(json.dumps({
    "initialized": sentry_sdk.is_initialized(),
    "environment": options["environment"],
    "traces_sample_rate": options["traces_sample_rate"],
    "send_default_pii": options["send_default_pii"],
    "before_send": getattr(options["before_send"], "__qualname__", None),
    "integrations": sorted(client.integrations),
}))
"""


def started_with(**env: str) -> dict:
    result = load_settings("community.settings.production", then=CLIENT_OPTIONS, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_dsn_sentry_is_not_initialised():
    assert started_with()["initialized"] is False


def test_local_settings_do_not_even_load_sentry():
    result = load_settings("community.settings.local", then="import sys; print('sentry_sdk' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_with_a_dsn_sentry_reports_django_and_celery_errors_without_personal_data():
    sentry = started_with(SENTRY_DSN=DSN, SENTRY_ENVIRONMENT="staging", SENTRY_TRACES_SAMPLE_RATE="0.25")
    assert sentry["initialized"] is True
    assert sentry["environment"] == "staging"
    assert sentry["traces_sample_rate"] == 0.25
    assert sentry["send_default_pii"] is False
    assert sentry["before_send"] == "scrub_event"
    assert {"django", "celery"} <= set(sentry["integrations"])


def test_sentry_traces_nothing_unless_asked():
    assert started_with(SENTRY_DSN=DSN)["traces_sample_rate"] == 0


def test_reports_leave_out_bodies_cookies_credentials_and_the_members_address():
    event = {
        "message": "Something broke",
        "request": {
            "url": "https://nocontact.example/streak/check-in/",
            "method": "POST",
            "data": {"note": "I almost texted him today", "password": "a-long-Kind-passphrase-42"},
            "cookies": {"sessionid": "abc", "csrftoken": "def"},
            "headers": {
                "User-Agent": "Mozilla/5.0",
                "Authorization": "Bearer secret",
                "X-Session-Token": "token-123",
                "Cookie": "sessionid=abc",
                "X-CSRFToken": "def",
            },
        },
        "user": {
            "id": "42",
            "email": "sam@example.com",
            "username": "hopeful_sam",
            "ip_address": "203.0.113.9",
        },
    }

    scrubbed = scrub_event(event, {})

    assert scrubbed["message"] == "Something broke"
    assert scrubbed["request"] == {
        "url": "https://nocontact.example/streak/check-in/",
        "method": "POST",
        "headers": {"User-Agent": "Mozilla/5.0"},
    }
    assert scrubbed["user"] == {"id": "42"}


def test_reports_without_a_request_or_a_member_are_sent_as_they_are():
    event = {"message": "A task failed", "tags": {"celery_task": "streaks.tasks.milestones_sweep"}}
    assert scrub_event(dict(event), {}) == event
