"""Accountability partners: invites by handle or link, answering, the limit of 5, ending, blocking,
and what a partner sees (the count and milestones, nothing else), on the pages and the API."""

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from accounts import services
from accounts.models import Block, Notification, Partnership
from streaks.models import MilestoneAward
from tests.factories import UserFactory
from tests.streaks.factories import CheckInFactory, StreakFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, data: dict | None = None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def partners(first, second) -> Partnership:
    invite = services.partner_invite(inviter=first, handle=second.handle)
    return services.partner_invite_accept(user=second, token=invite.token)


@pytest.fixture
def sam(db):
    return UserFactory(handle="sam", timezone="America/New_York")


@pytest.fixture
def kim(db):
    return UserFactory(handle="kim", timezone="Asia/Tokyo")


def test_an_invite_by_handle_accepted_on_the_api_makes_partners_who_see_each_others_count(sam, kim):
    StreakFactory(user=kim, start_date=timezone.localdate(timezone=kim.zone) - dt.timedelta(days=9))
    kim_streak = kim.streaks.get()
    MilestoneAward.objects.create(streak=kim_streak, days=7, awarded_at=timezone.now())
    sam_api, kim_api = _client(sam), _client(kim)

    sent = _post(sam_api, "/api/v1/partners/invites/", {"handle": "KIM"})
    assert sent.status_code == 201, sent.content
    token = sent.json()["token"]
    received = kim_api.get("/api/v1/partners/invites/").json()["received"]
    assert [invite["inviter"] for invite in received] == ["sam"]
    assert Notification.objects.filter(recipient=kim, kind="partner").count() == 1

    accepted = _post(kim_api, f"/api/v1/partners/invites/{token}/accept/")
    assert accepted.status_code == 200, accepted.content

    listed = sam_api.get("/api/v1/partners/").json()
    since = Partnership.objects.get().accepted_at
    assert dt.datetime.fromisoformat(listed[0].pop("since")) == since
    assert listed == [{"handle": "kim", "days": 9, "milestones": [7]}]
    assert [partner["handle"] for partner in kim_api.get("/api/v1/partners/").json()] == ["sam"]
    assert kim_api.get("/api/v1/partners/").json()[0]["days"] == 0
    assert Notification.objects.filter(recipient=sam, kind="partner").count() == 1


def test_a_private_link_is_accepted_once_and_then_says_it_was_used(sam, kim):
    third = UserFactory()
    link = _post(_client(sam), "/api/v1/partners/invites/", {}).json()
    assert link["invitee"] is None

    page = _client(kim).get(f"/partners/invites/{link['token']}/")
    assert page.status_code == 200
    assert b"never sees your notes, moods, urges, letters, reasons" in page.content
    response = _client(kim).post(f"/partners/invites/{link['token']}/accept/")
    assert response.status_code == 302

    again = _post(_client(third), f"/api/v1/partners/invites/{link['token']}/accept/")
    assert again.status_code == 410
    assert again.json()["message"] == "This invite link has already been used."
    assert _client(third).get(f"/partners/invites/{link['token']}/").status_code == 410
    assert _client(third).get(f"/api/v1/partners/invites/{link['token']}/").json()["inviter"] is None
    assert Partnership.objects.get().invitee == kim


def test_an_expired_invite_is_refused_with_410(sam, kim):
    invite = services.partner_invite(inviter=sam, handle="kim")
    Partnership.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    response = _post(_client(kim), f"/api/v1/partners/invites/{invite.token}/accept/")

    assert response.status_code == 410
    assert "expired" in response.json()["message"]
    assert _client(kim).get(f"/partners/invites/{invite.token}/").status_code == 410
    assert Partnership.objects.get().status == "invited"
    # A lapsed invite does not stand in the way of a new one.
    assert services.partner_invite(inviter=sam, handle="kim").pk != invite.pk


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        ("nobody_here", "There is no member with that handle."),
        ("sam", "That is your own handle: invite someone you trust."),
    ],
)
def test_unknown_handles_and_oneself_are_a_400_with_the_field(sam, handle, message):
    response = _post(_client(sam), "/api/v1/partners/invites/", {"handle": handle})

    assert response.status_code == 400
    assert response.json()["errors"] == {"handle": [message]}
    assert not Partnership.objects.exists()


def test_the_page_shows_the_same_refusal_on_the_form(sam):
    response = _client(sam).post("/partners/invite/", {"handle": "nobody_here"})

    assert response.status_code == 400
    assert b"There is no member with that handle." in response.content
    assert not Partnership.objects.exists()


def test_an_invite_to_someone_else_is_a_404_for_me(sam, kim):
    invite = services.partner_invite(inviter=sam, handle="kim")
    stranger = _client(UserFactory())

    assert stranger.get(f"/api/v1/partners/invites/{invite.token}/").status_code == 404
    assert _post(stranger, f"/api/v1/partners/invites/{invite.token}/accept/").status_code == 404
    assert _post(stranger, f"/api/v1/partners/invites/{invite.token}/decline/").status_code == 404
    assert _post(stranger, f"/api/v1/partners/invites/{uuid.uuid4()}/accept/").status_code == 404
    assert Partnership.objects.get().status == "invited"


def test_at_most_five_partners_on_either_side(sam, kim):
    for _ in range(5):
        partners(sam, UserFactory())

    beyond = _post(_client(sam), "/api/v1/partners/invites/", {"handle": "kim"})
    assert beyond.status_code == 409
    assert "5 partners" in beyond.json()["message"]

    invite = services.partner_invite(inviter=kim, handle="sam")
    refused = _post(_client(sam), f"/api/v1/partners/invites/{invite.token}/accept/")
    assert refused.status_code == 409
    link = services.partner_invite(inviter=kim)
    assert _post(_client(sam), f"/api/v1/partners/invites/{link.token}/accept/").status_code == 409
    assert Partnership.objects.filter(status="active").count() == 5


def test_blocked_either_way_cannot_invite_or_accept_and_a_block_ends_it(sam, kim):
    Block.objects.create(blocker=kim, blocked=sam)
    assert _post(_client(sam), "/api/v1/partners/invites/", {"handle": "kim"}).status_code == 400
    assert _post(_client(kim), "/api/v1/partners/invites/", {"handle": "sam"}).status_code == 400
    link = services.partner_invite(inviter=sam)
    assert _post(_client(kim), f"/api/v1/partners/invites/{link.token}/accept/").status_code == 400
    Block.objects.all().delete()

    partners(sam, kim)
    response = _client(kim).post("/members/sam/block/")

    assert response.status_code == 302
    assert not Partnership.objects.filter(status="active").exists()
    assert _client(sam).get("/api/v1/partners/").json() == []


def test_either_side_ends_it_and_the_other_is_told_nothing(sam, kim):
    partners(sam, kim)
    notes_before = Notification.objects.filter(recipient=sam).count()

    response = _client(kim).delete("/api/v1/partners/sam/")

    assert response.status_code == 204
    assert _client(sam).get("/api/v1/partners/").json() == []
    assert Notification.objects.filter(recipient=sam).count() == notes_before
    assert _client(kim).delete("/api/v1/partners/sam/").status_code == 404


def test_declining_deletes_the_invite_quietly(sam, kim):
    invite = services.partner_invite(inviter=sam, handle="kim")

    response = _client(kim).post(f"/partners/invites/{invite.token}/decline/")

    assert response.status_code == 302
    assert not Partnership.objects.exists()
    assert Notification.objects.filter(recipient=sam).count() == 0


def test_an_invite_the_other_way_round_is_answered_by_accepting(sam, kim):
    invite = services.partner_invite(inviter=sam, handle="kim")
    crossing = _post(_client(kim), "/api/v1/partners/invites/", {"handle": "sam"})
    assert crossing.status_code == 400
    assert "already invited you" in crossing.json()["errors"]["handle"][0]

    services.partner_invite_accept(user=kim, token=invite.token)
    again = _post(_client(kim), "/api/v1/partners/invites/", {"handle": "sam"})
    assert again.json()["errors"] == {"handle": ["You are already partners."]}


def test_the_dashboard_shows_my_partners_counts_and_never_their_notes(
    sam, kim, django_assert_max_num_queries
):
    streak = StreakFactory(user=kim, start_date=timezone.localdate(timezone=kim.zone) - dt.timedelta(days=3))
    CheckInFactory(streak=streak, day=streak.start_date, note="KIM-PRIVATE-NOTE", mood=2)
    MilestoneAward.objects.create(streak=streak, days=3, awarded_at=timezone.now())
    for _ in range(4):
        other = UserFactory()
        StreakFactory(user=other)
        partners(sam, other)
    partners(sam, kim)
    client = _client(sam)

    # The dashboard's own queries (with the morning pledge and evening review) and three for partners.
    with django_assert_max_num_queries(14):
        response = client.get("/streak/")

    text = response.content.decode()
    assert "Your partners" in text
    assert "kim" in text and "3 days without contact" in text
    assert "KIM-PRIVATE-NOTE" not in text
    assert "KIM-PRIVATE-NOTE" not in client.get("/api/v1/partners/").content.decode()
    assert "KIM-PRIVATE-NOTE" not in client.get("/partners/").content.decode()


def test_my_export_lists_my_partners_and_nothing_of_theirs(sam, kim, django_capture_on_commit_callbacks):
    streak = StreakFactory(user=kim)
    CheckInFactory(streak=streak, day=streak.start_date, note="KIM-PRIVATE-NOTE")
    partners(sam, kim)
    services.partner_invite(inviter=sam)
    client = _client(sam)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/api/v1/me/export/")
    data = json.loads(client.get(client.get("/api/v1/me/export/").json()["download_url"]).content)

    assert [partner["handle"] for partner in data["account"]["partners"]] == ["kim"]
    assert [invite["to"] for invite in data["account"]["partner_invites_sent"]] == [None]
    text = json.dumps(data)
    assert "KIM-PRIVATE-NOTE" not in text and kim.email not in text


def test_the_partners_page_lists_invites_and_partners(sam, kim):
    partners(sam, kim)
    waiting = UserFactory(handle="dana")
    services.partner_invite(inviter=waiting, handle="sam")
    services.partner_invite(inviter=sam)

    text = _client(sam).get("/partners/").content.decode()

    assert "kim" in text and "dana would like you as a partner" in text and "Private link" in text
