"""The urge moment: a calm screen first, then one tap to say how it went."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from streaks.models import Reason, Urge
from tests.factories import UserFactory

from .factories import StreakFactory

pytestmark = pytest.mark.django_db


def test_i_feel_the_urge_opens_a_calm_screen_not_a_form(member_client, member):
    StreakFactory(user=member)
    Reason.objects.create(user=member, text="I want to wake up calm")
    dashboard = member_client.get("/").content.decode()
    assert 'href="/streak/urge/">I feel the urge</a>' in dashboard

    html = member_client.get("/streak/urge/").content.decode()

    assert "This feeling will pass" in html
    assert 'name="action"' not in html and 'name="note"' not in html
    assert "I want to wake up calm" in html
    assert 'href="/streak/letters/new/"' in html
    assert 'href="/forum/c/early-days/new/"' in html
    assert 'href="/help/"' in html
    assert re.search(r'<button type="submit" class="urge-held">I held on</button>', html)
    assert 'href="/streak/slip/">I made contact</a>' in html
    assert '<script src="/static/js/urge.js" defer></script>' in html


def test_without_javascript_it_says_when_to_check_back_in_the_members_zone(client):
    member = UserFactory(timezone="Asia/Kathmandu")
    client.force_login(member)
    before = timezone.now()
    html = client.get("/streak/urge/").content.decode()
    shown = re.search(r"Check back at <strong><time[^>]*>(\d\d:\d\d)</time>", html).group(1)
    expected = {
        (moment + dt.timedelta(minutes=15)).astimezone(ZoneInfo("Asia/Kathmandu")).strftime("%H:%M")
        for moment in (before, timezone.now())
    }
    assert shown in expected


def test_without_reasons_it_invites_to_write_one(member_client, member):
    html = member_client.get("/streak/urge/").content.decode()
    assert "You have not written your reasons yet" in html


def test_i_held_on_logs_the_urge_from_when_the_screen_opened_and_offers_the_details(member_client, member):
    StreakFactory(user=member)
    opened = timezone.now() - dt.timedelta(minutes=15)

    response = member_client.post("/streak/urge/held/", {"started_at": opened.isoformat()})

    urge = Urge.objects.get()
    assert urge.held_on and urge.occurred_at == opened and urge.action == "other"
    assert response["Location"] == f"/streak/urges/{urge.pk}/edit/"
    page = member_client.get(response["Location"]).content.decode()
    assert "You held on, and that is real strength." in page
    assert "add details below only if you want to" in page
    assert "Urges held" in member_client.get("/").content.decode()
    assert '<p class="figure">1</p>' in member_client.get("/").content.decode()


def test_i_held_on_with_a_strength_and_a_bad_start_time_still_logs_it(member_client, member):
    member_client.post("/streak/urge/held/", {"started_at": "yesterday-ish", "strength": "5"})
    urge = Urge.objects.get()
    assert urge.strength == 5
    assert timezone.now() - urge.occurred_at < dt.timedelta(minutes=1)


def test_the_details_form_stays_available(member_client):
    html = member_client.get("/streak/urge/log/").content.decode()
    assert 'name="strength"' in html and 'name="note"' in html


def test_the_urge_screen_through_the_api(member_api, member):
    Reason.objects.create(user=member, text="Peace")
    moment = member_api.get("/api/v1/streaks/urges/moment/").json()
    assert moment["minutes"] == 15 and moment["reason"]["text"] == "Peace"
    assert moment["forum_category"] == "early-days"
    assert moment["help_url"].endswith("/help/")
    assert dt.datetime.fromisoformat(moment["ends_at"]).utcoffset() is not None

    held = member_api.post("/api/v1/streaks/urges/held/", {"strength": 2}, format="json")
    assert held.status_code == 201 and held.json()["held_on"] and held.json()["strength"] == 2
    bad = member_api.post("/api/v1/streaks/urges/held/", {"strength": 7}, format="json")
    assert bad.status_code == 400 and "strength" in bad.json()["errors"]
