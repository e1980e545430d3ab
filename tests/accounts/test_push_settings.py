"""Which notifications are pushed, and quiet hours in the member's zone: held pushes arrive once
when the quiet hours end; a partner's SOS breaks through if the member allows it."""

import datetime as dt
import zoneinfo

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import Notification
from accounts.push import push_held_until
from tests.factories import UserFactory

from .test_mobile_push import fcm, phone  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def clock(monkeypatch):
    """Sets the time everything reads, as clock(datetime)."""

    def set_to(moment: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(dt.UTC))

    return set_to


def night_owl(**extra):
    """A member in Tokyo, quiet from 22:00 until 07:00 (overnight)."""
    return UserFactory(
        timezone="Asia/Tokyo", quiet_hours_start=dt.time(22), quiet_hours_end=dt.time(7), **extra
    )


@pytest.mark.parametrize(
    ("local", "held_until"),
    [
        (dt.datetime(2026, 3, 10, 21, 59, tzinfo=TOKYO), None),
        (dt.datetime(2026, 3, 10, 22, 0, tzinfo=TOKYO), dt.datetime(2026, 3, 11, 7, 0, tzinfo=TOKYO)),
        (dt.datetime(2026, 3, 10, 23, 30, tzinfo=TOKYO), dt.datetime(2026, 3, 11, 7, 0, tzinfo=TOKYO)),
        (dt.datetime(2026, 3, 11, 3, 0, tzinfo=TOKYO), dt.datetime(2026, 3, 11, 7, 0, tzinfo=TOKYO)),
        (dt.datetime(2026, 3, 11, 7, 0, tzinfo=TOKYO), None),
        (dt.datetime(2026, 3, 11, 12, 0, tzinfo=TOKYO), None),
    ],
)
def test_quiet_hours_cross_midnight_in_the_members_zone(local, held_until):
    member = night_owl()

    assert push_held_until(member=member, kind="reply", now=local.astimezone(dt.UTC)) == held_until


def test_quiet_hours_within_a_day_and_across_a_dst_change():
    member = UserFactory(timezone="Europe/Paris", quiet_hours_start=dt.time(1), quiet_hours_end=dt.time(6))
    # 29 March 2026: Paris skips from 02:00 to 03:00; the quiet hours still end at 06:00 local.
    night = dt.datetime(2026, 3, 29, 1, 30, tzinfo=PARIS)

    ends = push_held_until(member=member, kind="reply", now=night.astimezone(dt.UTC))

    assert ends == dt.datetime(2026, 3, 29, 6, 0, tzinfo=PARIS)
    assert ends - night == dt.timedelta(hours=3, minutes=30)
    assert push_held_until(member=member, kind="reply", now=ends) is None


def test_a_push_in_quiet_hours_waits_then_arrives_once(fcm, clock):  # noqa: F811
    kim = night_owl()
    phone(kim)
    clock(dt.datetime(2026, 3, 10, 23, 0, tzinfo=TOKYO))

    note = services.notification_create(recipient=kim, kind="reply", title="sam replied")
    assert services.notification_push_deliver(notification_id=note.pk) is False  # an early task
    assert services.notification_pushes_due() == []
    assert fcm.received == []
    note.refresh_from_db()
    assert note.push_state == "pending"
    assert note.push_held_until == dt.datetime(2026, 3, 11, 7, 0, tzinfo=TOKYO)

    clock(dt.datetime(2026, 3, 11, 7, 0, tzinfo=TOKYO))
    assert services.notification_pushes_due() == [note.pk]
    assert services.notification_push_deliver(notification_id=note.pk) is True
    assert services.notification_push_deliver(notification_id=note.pk) is False

    assert [message["notification"]["title"] for message in fcm.received] == ["sam replied"]
    assert services.notification_pushes_due() == []


def test_a_partners_sos_breaks_through_quiet_hours_when_allowed(fcm, clock):  # noqa: F811
    kim = night_owl()
    phone(kim)
    clock(dt.datetime(2026, 3, 10, 23, 0, tzinfo=TOKYO))

    sos = services.notification_create(recipient=kim, kind="sos", title="sam needs support right now")
    reply = services.notification_create(recipient=kim, kind="reply", title="sam replied")
    services.notification_push_deliver(notification_id=sos.pk)
    services.notification_push_deliver(notification_id=reply.pk)

    assert sos.push_held_until is None
    assert [message["notification"]["title"] for message in fcm.received] == ["sam needs support right now"]


def test_a_partners_sos_waits_too_when_the_member_asked_for_that(fcm, clock):  # noqa: F811
    kim = night_owl(quiet_hours_sos_breaks_through=False)
    phone(kim)
    clock(dt.datetime(2026, 3, 10, 23, 0, tzinfo=TOKYO))

    sos = services.notification_create(recipient=kim, kind="sos", title="sam needs support right now")
    services.notification_push_deliver(notification_id=sos.pk)

    assert fcm.received == []
    assert Notification.objects.get(pk=sos.pk).push_held_until == dt.datetime(2026, 3, 11, 7, tzinfo=TOKYO)


def test_quiet_hours_hold_pushes_made_in_bulk_too(fcm, clock):  # noqa: F811
    kim, lee = night_owl(), UserFactory(timezone="Asia/Tokyo")
    phone(kim)
    phone(lee, token="lee" + "y" * 150)
    clock(dt.datetime(2026, 3, 10, 23, 0, tzinfo=TOKYO))

    services.notifications_create(recipients=[kim, lee], kind="reminder", title="Check in?", deliver=True)

    held = Notification.objects.get(recipient=kim)
    assert held.push_state == "pending" and held.push_held_until is not None
    assert Notification.objects.get(recipient=lee).push_held_until is None


def api(member) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


def test_push_settings_through_the_api():
    kim = UserFactory()
    client = api(kim)

    before = client.get("/api/v1/me/push-settings/")
    changed = client.patch(
        "/api/v1/me/push-settings/",
        {"push_on_reply": False, "quiet_hours_start": "22:30", "quiet_hours_end": "06:45"},
        format="json",
    )
    cleared = client.patch(
        "/api/v1/me/push-settings/", {"quiet_hours_start": None, "quiet_hours_end": None}, format="json"
    )

    assert before.status_code == 200
    assert before.json() == {
        "push_on_milestone": True,
        "push_on_reply": True,
        "push_on_mention": True,
        "push_on_moderation": True,
        "push_on_partner": True,
        "push_on_sos": True,
        "push_on_reminder": True,
        "push_on_right_now": True,
        "quiet_hours_start": None,
        "quiet_hours_end": None,
        "quiet_hours_sos_breaks_through": True,
    }
    assert changed.status_code == 200
    assert changed.json()["quiet_hours_start"] == "22:30"
    assert changed.json()["push_on_reply"] is False
    assert cleared.json()["quiet_hours_start"] is None
    kim.refresh_from_db()
    assert kim.push_on_reply is False and kim.quiet_hours_end is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"quiet_hours_start": "22:00"}, "quiet_hours_end"),
        ({"quiet_hours_end": "07:00"}, "quiet_hours_start"),
        ({"quiet_hours_start": "22:00", "quiet_hours_end": "22:00"}, "quiet_hours_end"),
        ({"quiet_hours_start": "25:00", "quiet_hours_end": "07:00"}, "quiet_hours_start"),
        ({"push_on_sos": "perhaps"}, "push_on_sos"),
    ],
)
def test_bad_push_settings_are_a_400_with_field_errors_and_change_nothing(data, field):
    kim = UserFactory(push_on_sos=True)

    response = api(kim).patch("/api/v1/me/push-settings/", data, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    kim.refresh_from_db()
    assert kim.quiet_hours_start is None and kim.quiet_hours_end is None and kim.push_on_sos is True


def test_the_settings_page_sets_push_kinds_and_quiet_hours_without_javascript():
    kim = UserFactory()
    client = Client()
    client.force_login(kim)

    page = client.get("/members/settings/")
    saved = client.post(
        "/members/settings/push/",
        {
            "push_on_sos": "on",
            "push_on_reminder": "on",
            "quiet_hours_start": "22:00",
            "quiet_hours_end": "07:00",
        },
    )
    refused = client.post("/members/settings/push/", {"quiet_hours_start": "22:00"})

    assert 'action="/members/settings/push/"' in page.content.decode()
    assert saved.status_code == 302
    kim.refresh_from_db()
    assert (kim.push_on_sos, kim.push_on_reply, kim.quiet_hours_start) == (True, False, dt.time(22))
    assert refused.status_code == 400
    assert "Please give both the start and the end of your quiet hours." in refused.content.decode()
    kim.refresh_from_db()
    assert kim.quiet_hours_end == dt.time(7)


def test_an_offset_sent_with_a_quiet_hour_is_dropped_the_members_zone_decides(fcm, clock):  # noqa: F811
    kim = UserFactory(timezone="Asia/Tokyo")
    phone(kim)
    response = api(kim).patch(
        "/api/v1/me/push-settings/",
        {"quiet_hours_start": "22:00:30Z", "quiet_hours_end": "07:00+02:00"},
        format="json",
    )
    clock(dt.datetime(2026, 3, 10, 23, 0, tzinfo=TOKYO))

    note = services.notification_create(recipient=kim, kind="reply", title="sam replied")

    assert response.status_code == 200
    assert (response.json()["quiet_hours_start"], response.json()["quiet_hours_end"]) == ("22:00", "07:00")
    assert note.push_held_until == dt.datetime(2026, 3, 11, 7, 0, tzinfo=TOKYO)


def test_a_listener_can_keep_right_now_requests_in_the_inbox_without_a_push(fcm):  # noqa: F811
    quiet = UserFactory(listener=True, push_on_right_now=False)
    eager = UserFactory(listener=True)
    phone(quiet, token="quiet:" + "q" * 140)
    phone(eager, token="eager:" + "e" * 140)

    for listener in (quiet, eager):
        note = services.notification_create(
            recipient=listener, kind=Notification.Kind.RIGHT_NOW, title="Someone needs support right now"
        )
        services.notification_push_deliver(notification_id=note.pk)

    # Both still see it in their notifications; only the one who wants it on their phone is pushed.
    assert Notification.objects.filter(kind="right_now").count() == 2
    assert [message["token"] for message in fcm.received] == ["eager:" + "e" * 140]
