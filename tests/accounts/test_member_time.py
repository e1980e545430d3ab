"""Every time on a page is in the member's own zone; visitors get UTC, named; the API gives offsets."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import DataExport, Notification
from forum import services as forum_services
from forum.models import ModerationLogEntry, Post, Suspension
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import CategoryFactory, published_thread

pytestmark = pytest.mark.django_db

ZONES = ["Pacific/Kiritimati", "America/St_Johns"]


def shown(moment: dt.datetime, zone: str, pattern: str = "%d %b %Y, %H:%M") -> str:
    local = moment.astimezone(ZoneInfo(zone))
    return local.strftime(pattern).lstrip("0")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("zone", ZONES)
def test_a_post_time_is_shown_in_the_members_zone(zone):
    member = UserFactory(timezone=zone)
    thread = published_thread()
    moment = dt.datetime(2026, 3, 1, 23, 45, tzinfo=dt.UTC)
    Post.objects.filter(thread=thread).update(created_at=moment)

    html = client_for(member).get(thread.get_absolute_url()).content.decode()

    assert shown(moment, zone) in html
    assert shown(moment, "UTC") not in html


def test_two_members_in_different_zones_each_see_their_own_time_on_the_same_post():
    thread = published_thread()
    moment = dt.datetime(2026, 3, 1, 23, 45, tzinfo=dt.UTC)
    Post.objects.filter(thread=thread).update(created_at=moment)
    for zone in ZONES:  # the second reads the post from the cache the first filled
        html = client_for(UserFactory(timezone=zone)).get(thread.get_absolute_url()).content.decode()
        assert shown(moment, zone) in html


def test_visitors_see_utc_and_are_told_it_is_utc(client):
    thread = published_thread(category=CategoryFactory(is_public=True))
    moment = dt.datetime(2026, 3, 1, 23, 45, tzinfo=dt.UTC)
    Post.objects.filter(thread=thread).update(created_at=moment)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert f"{shown(moment, 'UTC')} UTC" in html


@pytest.mark.parametrize("zone", ZONES)
def test_a_notification_time_is_shown_in_the_members_zone(zone):
    member = UserFactory(timezone=zone)
    note = Notification.objects.create(recipient=member, kind="account", title="Hello")
    moment = dt.datetime(2026, 7, 4, 12, 5, tzinfo=dt.UTC)
    Notification.objects.filter(pk=note.pk).update(created_at=moment)

    html = client_for(member).get("/members/notifications/").content.decode()

    assert shown(moment, zone) in html


@pytest.mark.parametrize("zone", ZONES)
def test_the_export_expiry_is_shown_in_the_members_zone(zone):
    member = UserFactory(timezone=zone)
    now = timezone.now()
    expires = now.replace(microsecond=0) + dt.timedelta(days=3, minutes=7)
    DataExport.objects.create(
        user=member, status="ready", content="{}", created_at=now, ready_at=now, expires_at=expires
    )

    html = client_for(member).get("/members/settings/export/").content.decode()

    assert shown(expires, zone, "%d %B %Y, %H:%M") in html


@pytest.mark.parametrize("zone", ZONES)
def test_a_suspension_end_and_the_moderation_log_are_in_each_ones_zone(zone):
    member = UserFactory(timezone=zone)
    moderator = ModeratorFactory(timezone=zone)
    forum_services.member_suspend(moderator=moderator, user=member, days=3, reason="A pause")
    until = Suspension.objects.get(user=member).until
    logged = ModerationLogEntry.objects.get().created_at
    thread = published_thread()

    member_html = client_for(member).get(thread.get_absolute_url()).content.decode()
    moderator_html = client_for(moderator).get("/forum/log/").content.decode()

    assert shown(until, zone, "%d %B %Y, %H:%M") in member_html
    assert shown(logged, zone) in moderator_html


def test_the_api_gives_aware_iso_times_with_the_offset(member_api, member):
    Notification.objects.create(recipient=member, kind="account", title="Hello")

    created_at = member_api.get("/api/v1/notifications/").json()["results"][0]["created_at"]

    parsed = dt.datetime.fromisoformat(created_at)
    assert parsed.utcoffset() is not None
    assert created_at.endswith(("Z", "+00:00")) or created_at[-6] in "+-"


def test_a_members_api_times_carry_their_own_offset(client):
    member = UserFactory(timezone="Pacific/Kiritimati")
    client.force_login(member)
    Notification.objects.create(recipient=member, kind="account", title="Hello")

    created_at = client.get("/api/v1/notifications/").json()["results"][0]["created_at"]

    assert created_at.endswith("+14:00")
