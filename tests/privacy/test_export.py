"""Downloading all one's data: through the API and the settings page, only by its owner, for 7 days."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import DataExport, Notification
from tests.privacy.factories import community

pytestmark = pytest.mark.django_db


@pytest.fixture
def lives():
    return community()


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def request_export(client, capture):
    with capture(execute=True):
        response = client.post("/api/v1/me/export/")
    assert response.status_code == 202, response.content
    return response


def download(client, capture, user) -> tuple[dict, str]:
    request_export(client, capture)
    status = client.get("/api/v1/me/export/")
    assert status.status_code == 200
    body = status.json()
    assert body["status"] == "ready"
    response = client.get(body["download_url"])
    assert response.status_code == 200
    raw = response.content.decode()
    return json.loads(raw), raw


def test_export_holds_every_section_of_the_member_and_nothing_of_others(
    lives, django_capture_on_commit_callbacks
):
    robin, alex, _ = lives

    data, raw = download(api_for(robin.user), django_capture_on_commit_callbacks, robin.user)

    assert data["format"] == "no-contact-export/1"
    account = data["account"]
    assert account["profile"]["handle"] == "robin"
    assert account["profile"]["email"] == robin.email
    assert account["profile"]["listener"] is False and account["profile"]["email_on_right_now"] is False
    assert account["email_addresses"] == [{"email": robin.email, "verified": True, "primary": True}]
    assert [block["handle"] for block in account["blocked_members"]] == ["host_member"]
    assert any(note["title"] == "NOTIFICATION-ROBIN" for note in account["notifications"])

    streaks = data["streaks"]
    assert streaks["preferences"] == {
        "logistics_ends_streak": True,
        "reminder_time": None,
        "pledge_reminder_time": None,
        "review_reminder_time": None,
    }
    assert len(streaks["streaks"]) == 2
    assert [c["note"] for c in streaks["checkins"]] == ["CHECKINNOTE-ROBIN"]
    assert streaks["checkins"][0]["evening_review_at"] == robin.checkin.reviewed_at.isoformat()
    assert streaks["morning_pledges"] == [
        {"day": robin.pledge.day.isoformat(), "created_at": robin.pledge.created_at.isoformat()}
    ]
    assert [u["note"] for u in streaks["urges"]] == ["URGENOTE-ROBIN"]
    assert [s["note"] for s in streaks["slips"]] == ["SLIPNOTE-ROBIN"]
    assert streaks["slips"][0]["undone_at"] is None
    assert [m["days"] for m in streaks["milestones"]] == [7]
    assert streaks["milestones"][0]["reached_on"]
    assert [r["text"] for r in streaks["reasons"]] == ["REASON-ROBIN"]
    assert [letter["body"] for letter in streaks["unsent_letters"]] == ["LETTER-ROBIN"]

    forum = data["forum"]
    assert [t["title"] for t in forum["threads_started"]] == ["Thread of robin"]
    assert {p["body"] for p in forum["posts"]} == {"OPENING-ROBIN", "REPLY-ROBIN", "PENDING-ROBIN"}
    assert [r["kind"] for r in forum["reactions"]] == ["hug"]
    assert [f["note"] for f in forum["flags"]] == ["FLAGNOTE-ROBIN"]
    assert len(forum["followed_threads"]) == 1
    assert {d["body"] for d in forum["drafts"]} == {"DRAFTREPLY-ROBIN", "DRAFTTHREAD-ROBIN"}
    assert [d["title"] for d in forum["drafts"] if d["thread_id"] is None] == ["DRAFTTITLE-ROBIN"]

    safety = data["safety"]
    assert safety["safety_plan"]["warning_signs"] == ["PLANSIGN-ROBIN"]
    assert safety["safety_plan"]["people_to_ask"] == ["PLANPERSON-ROBIN 07700 900123"]
    assert safety["settings"] == {
        "quick_exit_url": "https://www.google.com/",
        "discreet": False,
        "country": "",
    }

    for other in (alex.email, "host.private.mailbox@example.org", *alex.notes, *alex.post_texts):
        assert other not in raw
    assert "ALEX" not in raw
    assert "Evenings are the hardest" not in raw


def test_download_is_a_json_attachment_that_is_not_cached(lives, django_capture_on_commit_callbacks):
    robin, _, _ = lives
    client = api_for(robin.user)
    request_export(client, django_capture_on_commit_callbacks)
    url = client.get("/api/v1/me/export/").json()["download_url"]

    response = client.get(url)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="no-contact-data-robin-')
    assert "no-store" in response["Cache-Control"]


def test_the_member_is_told_in_app_and_by_email_with_a_link_only_they_can_open(
    lives, client, django_capture_on_commit_callbacks
):
    robin, alex, _ = lives
    request_export(api_for(robin.user), django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=robin.user)
    link = f"/members/settings/export/{export.token}/"

    notification = Notification.objects.get(recipient=robin.user, kind=Notification.Kind.ACCOUNT)
    assert notification.url == link
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [robin.email]
    assert link in mail.outbox[0].body

    anonymous = client.get(link)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")

    client.force_login(alex.user)
    assert client.get(link).status_code == 404
    assert api_for(alex.user).get(f"/api/v1/me/export/{export.token}/").status_code == 404
    assert APIClient().get(f"/api/v1/me/export/{export.token}/").status_code in (401, 403)
    assert APIClient().post("/api/v1/me/export/").status_code in (401, 403)

    client.force_login(robin.user)
    response = client.get(link)
    assert response.status_code == 200
    assert "CHECKINNOTE-ROBIN" in response.content.decode()


def test_an_expired_link_is_refused_kindly_with_a_way_to_ask_again(
    lives, client, django_capture_on_commit_callbacks
):
    robin, _, _ = lives
    request_export(api_for(robin.user), django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=robin.user)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(robin.user)

    page = client.get(f"/members/settings/export/{export.token}/")
    api = api_for(robin.user).get(f"/api/v1/me/export/{export.token}/")
    status = api_for(robin.user).get("/api/v1/me/export/").json()

    assert page.status_code == 410
    assert "This link has expired" in page.content.decode()
    assert "/members/settings/export/" in page.content.decode()
    assert "CHECKINNOTE" not in page.content.decode()
    assert api.status_code == 410
    assert "expired" in api.json()["message"]
    assert status["expired"] is True
    assert status["download_url"] is None


def test_expired_contents_are_forgotten(lives, django_capture_on_commit_callbacks):
    robin, alex, _ = lives
    request_export(api_for(robin.user), django_capture_on_commit_callbacks)
    DataExport.objects.filter(user=robin.user).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    request_export(api_for(alex.user), django_capture_on_commit_callbacks)

    assert DataExport.objects.get(user=robin.user).content == ""
    assert "CHECKINNOTE-ALEX" in DataExport.objects.get(user=alex.user).content


def test_one_export_at_a_time_and_a_fresh_one_replaces_the_old_link(
    lives, django_capture_on_commit_callbacks
):
    robin, _, _ = lives
    client = api_for(robin.user)
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post("/api/v1/me/export/")
        again = client.post("/api/v1/me/export/")
    assert first.json()["status"] == again.json()["status"] == "pending"
    assert DataExport.objects.filter(user=robin.user).count() == 1
    old = DataExport.objects.get(user=robin.user)
    services.data_export_build(export_id=old.pk)

    request_export(client, django_capture_on_commit_callbacks)

    assert client.get(f"/api/v1/me/export/{old.token}/").status_code == 404
    assert DataExport.objects.filter(user=robin.user).count() == 1


def test_a_link_not_ready_yet_says_so(lives, client, django_capture_on_commit_callbacks):
    robin, _, _ = lives
    with django_capture_on_commit_callbacks(execute=False):
        api_for(robin.user).post("/api/v1/me/export/")
    export = DataExport.objects.get(user=robin.user)
    client.force_login(robin.user)

    page = client.get(f"/members/settings/export/{export.token}/", follow=True)
    api = api_for(robin.user).get(f"/api/v1/me/export/{export.token}/")

    assert "not ready yet" in page.content.decode()
    assert "We are preparing your data" in page.content.decode()
    assert api.status_code == 409


def test_status_before_asking_is_a_clear_404(member_api):
    response = member_api.get("/api/v1/me/export/")

    assert response.status_code == 404
    assert "not asked" in response.json()["message"]


def test_a_failed_export_can_be_asked_for_again(lives, client, django_capture_on_commit_callbacks):
    robin, _, _ = lives
    with django_capture_on_commit_callbacks(execute=False):
        api_for(robin.user).post("/api/v1/me/export/")
    services.data_export_fail(export_id=DataExport.objects.get(user=robin.user).pk)
    client.force_login(robin.user)

    page = client.get("/members/settings/export/").content.decode()

    assert "could not prepare your data" in page
    assert "Prepare a fresh copy" in page


def test_settings_page_leads_to_the_export_and_the_page_flow_works(
    lives, client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    robin, _, _ = lives
    client.force_login(robin.user)
    assert 'href="/members/settings/export/"' in client.get("/members/settings/").content.decode()
    with django_assert_max_num_queries(6):
        first = client.get("/members/settings/export/")
    assert "Prepare my data" in first.content.decode()
    assert 'name="robots" content="noindex"' in first.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        pending = client.post("/members/settings/export/", follow=True)
    response = client.get("/members/settings/export/")

    assert "We are preparing your data" in pending.content.decode()
    html = response.content.decode()
    export = DataExport.objects.get(user=robin.user)
    assert f"/members/settings/export/{export.token}/" in html
    assert "Download my data (JSON)" in html
    with django_assert_max_num_queries(6):
        client.get("/members/settings/export/")
    with django_assert_max_num_queries(5):
        file = client.get(f"/members/settings/export/{export.token}/")
    assert json.loads(file.content)["account"]["profile"]["handle"] == "robin"


def test_status_endpoint_query_count(
    lives, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    robin, _, _ = lives
    client = api_for(robin.user)
    request_export(client, django_capture_on_commit_callbacks)

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/me/export/")

    assert response.json()["download_url"].startswith("/api/v1/me/export/")


def test_openapi_schema_describes_the_privacy_endpoints(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    assert {"/api/v1/me/export/", "/api/v1/me/export/{token}/", "/api/v1/me/delete/"} <= set(schema["paths"])
    assert "202" in schema["paths"]["/api/v1/me/delete/"]["post"]["responses"]
