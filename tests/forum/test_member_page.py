"""A member's history for moderators: posts, flags, suspensions, the log and private notes, with
Suspend and Lift in the same place; pages and API alike."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from forum import selectors, services
from forum.models import Flag, ModeratorNote, PostStatus, Suspension
from tests.factories import UserFactory
from tests.forum.factories import PostFactory, published_thread
from tests.privacy.test_export import download

pytestmark = pytest.mark.django_db


def _history(member, moderator, size: int) -> None:
    thread = published_thread()
    for index in range(size):
        post = PostFactory(thread=thread, author=member, body=f"Post number {index} by them.")
        services.flag_create(user=UserFactory(), post=post, reason=Flag.Reason.SPAM)
        services.flag_create(user=member, post=PostFactory(thread=thread), reason=Flag.Reason.OFF_TOPIC)
        services.moderator_note_add(moderator=moderator, member=member, text=f"Note {index}.")
    rejected = PostFactory(
        thread=thread, author=member, status=PostStatus.PENDING, needs_review=True, approved_at=None
    )
    services.post_reject(moderator=moderator, post=rejected, reason="Please leave out names.")
    services.member_suspend(moderator=moderator, user=member, days=3, reason="Cooling down.")
    services.suspension_lift(moderator=moderator, user=member)


def test_the_page_shows_everything_moderators_need(moderator_client, moderator, member):
    _history(member, moderator, 2)
    html = moderator_client.get(reverse("forum:member", args=[member.handle])).content.decode()
    for expected in [
        "Post number 1 by them.",
        "Please leave out names.",
        "Flags on their posts (2)",
        "Flags they made (2)",
        "Cooling down.",
        "Suspensions (1)",
        "Lifted a suspension",
        "Note 1.",
        "Published: 2",
        "Rejected: 1",
    ]:
        assert expected in html, expected
    rejected_only = moderator_client.get(
        reverse("forum:member", args=[member.handle]), {"status": "rejected"}
    )
    assert "Post number 1 by them." not in rejected_only.content.decode()


def test_the_page_costs_the_same_queries_for_a_short_or_a_long_history(moderator_client, moderator):
    counts = []
    for size in (1, 15):
        member = UserFactory()
        _history(member, moderator, size)
        url = reverse("forum:member", args=[member.handle])
        moderator_client.get(url)  # the navigation's counts are cached after the first page
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 20


def test_suspension_defaults_to_one_day_and_no_end_date_needs_a_confirmation(moderator_client, member):
    url = reverse("forum:member", args=[member.handle])
    html = moderator_client.get(url).content.decode()
    assert re.search(r'<input type="radio" name="days" value="1"[^>]* checked', html)
    assert not re.search(r'value="until_lifted"[^>]* checked', html)
    suspend = reverse("forum:suspend", args=[member.handle])
    response = moderator_client.post(suspend, {"days": "until_lifted", "reason": "Threats."})
    assert response.status_code == 200
    assert "please tick this box to confirm" in response.content.decode()
    assert not Suspension.objects.filter(user=member).exists()

    response = moderator_client.post(
        suspend, {"days": "until_lifted", "confirm_until_lifted": "on", "reason": "Threats."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}#suspend"
    assert Suspension.objects.get(user=member).until is None

    moderator_client.post(suspend, {"action": "lift", "reason": "Talked it through."})
    assert not selectors.member_is_suspended(user=member)


def test_a_one_day_suspension_from_the_page(moderator_client, member):
    moderator_client.post(reverse("forum:suspend", args=[member.handle]), {"days": "1", "reason": "A pause."})
    suspension = Suspension.objects.get(user=member)
    assert (suspension.until - suspension.created_at).days == 1


def test_notes_are_added_never_changed_and_only_moderators_read_them(
    moderator_client, moderator, member, django_capture_on_commit_callbacks
):
    url = reverse("forum:member_note", args=[member.handle])
    response = moderator_client.post(url, {"text": "Talked kindly by message; seemed fine."})
    assert response.status_code == 302
    note = ModeratorNote.objects.get(member=member)
    assert note.author == moderator
    note.text = "Changed."
    with pytest.raises(PermissionDenied):
        note.save()
    with pytest.raises(PermissionDenied):
        note.delete()
    assert moderator_client.post(url, {"text": "  "}).status_code == 200

    member_client = Client()
    member_client.force_login(member)
    assert member_client.get(reverse("forum:member", args=[member.handle])).status_code == 403
    api = APIClient()
    api.force_authenticate(member)
    _, raw = download(api, django_capture_on_commit_callbacks, member)
    assert "Talked kindly" not in raw


def test_the_public_profile_offers_suspend_to_moderators_only(moderator_client, member):
    profile = reverse("accounts:profile", args=[member.handle])
    assert f"/forum/members/{member.handle}/#suspend" in moderator_client.get(profile).content.decode()
    other = Client()
    other.force_login(UserFactory())
    assert "/forum/members/" not in other.get(profile).content.decode()


def test_the_api_gives_the_history_and_takes_notes(moderator, member):
    _history(member, moderator, 2)
    api = APIClient()
    api.force_authenticate(moderator)
    data = api.get(f"/api/v1/forum/moderation/members/{member.handle}/").json()
    assert data["handle"] == member.handle
    assert data["post_counts"]["published"] == 2
    assert data["flags_received_count"] == 2 and data["flags_made_count"] == 2
    assert [item["reason"] for item in data["suspensions"]] == ["Cooling down."]
    assert {"suspend", "lift_suspension", "reject"} <= {entry["action"] for entry in data["log"]}
    assert "email" not in str(data).lower()

    response = api.post(
        f"/api/v1/forum/moderation/members/{member.handle}/notes/", {"text": "Checked in."}, format="json"
    )
    assert response.status_code == 201
    notes = api.get(f"/api/v1/forum/moderation/members/{member.handle}/notes/").json()
    assert notes[0]["text"] == "Checked in." and notes[0]["author"] == moderator.handle

    assert api.get(f"/api/v1/forum/moderation/members/{member.handle}/?status=gone").status_code == 400
    response = api.post(
        f"/api/v1/forum/moderation/members/{member.handle}/notes/", {"text": ""}, format="json"
    )
    assert response.status_code == 400 and "text" in response.json()["errors"]
