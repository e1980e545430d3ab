"""Ready-made rejection reasons: picked in the queue or the API, with a sentence added if wanted."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from forum.models import ModerationLogEntry, Post, PostStatus, RejectionReason
from tests.factories import UserFactory
from tests.forum.factories import PostFactory, published_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending():
    thread = published_thread()
    return PostFactory(
        thread=thread,
        status=PostStatus.PENDING,
        approved_at=None,
        needs_review=True,
        review_since=thread.created_at,
        body="His number is 555 0101, call him.",
    )


def _contact_details() -> RejectionReason:
    return RejectionReason.objects.get(label="Personal contact details")


def test_the_starting_reasons_are_there_and_offered_in_the_queue(moderator_client, pending):
    labels = list(RejectionReason.objects.values_list("label", flat=True))
    assert 4 <= len(labels) <= 6
    html = moderator_client.get(reverse("forum:queue")).content.decode()
    for label in labels:
        assert f">{label}</option>" in html


def test_a_ready_made_reason_with_a_sentence_is_what_the_author_reads(moderator_client, pending):
    reason = _contact_details()
    moderator_client.post(
        reverse("forum:post_moderate", args=[pending.pk]),
        {
            "action": "reject",
            "version": pending.version,
            "preset": reason.pk,
            "reason": "The rest is lovely.",
        },
    )
    pending.refresh_from_db()
    assert pending.status == PostStatus.REJECTED
    assert pending.rejection_reason == f"{reason.text} The rest is lovely."
    author = Client()
    author.force_login(pending.author)
    page = author.get(pending.thread.get_absolute_url()).content.decode()
    assert "For everyone&#x27;s safety" in page and "The rest is lovely." in page
    assert ModerationLogEntry.objects.get(action="reject").reason == pending.rejection_reason


def test_rejecting_with_no_reason_at_all_is_refused_kindly(moderator_client, pending):
    response = moderator_client.post(
        reverse("forum:post_moderate", args=[pending.pk]),
        {"action": "reject", "version": pending.version, "preset": "", "reason": " "},
        follow=True,
    )
    assert "Please choose or write a reason for the author." in response.content.decode()
    assert Post.objects.get(pk=pending.pk).status == PostStatus.PENDING


def test_the_api_lists_the_reasons_and_rejects_with_one(moderator, pending):
    api = APIClient()
    api.force_authenticate(moderator)
    listed = api.get("/api/v1/forum/moderation/rejection-reasons/").json()
    reason = _contact_details()
    assert {"id": reason.pk, "label": reason.label, "text": reason.text} in listed
    response = api.post(
        f"/api/v1/forum/moderation/posts/{pending.pk}/reject/",
        {"version": pending.version, "preset": reason.pk},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["rejection_reason"] == reason.text


def test_a_retired_or_unknown_reason_is_a_400(moderator, pending):
    retired = _contact_details()
    retired.is_active = False
    retired.save()
    api = APIClient()
    api.force_authenticate(moderator)
    for preset in (retired.pk, 999999, "spam"):
        response = api.post(
            f"/api/v1/forum/moderation/posts/{pending.pk}/reject/",
            {"version": pending.version, "preset": preset},
            format="json",
        )
        assert response.status_code == 400
        assert "preset" in response.json()["errors"]
    assert Post.objects.get(pk=pending.pk).status == PostStatus.PENDING


def test_reasons_edited_in_the_admin_show_in_the_queue_at_once(moderator_client, pending):
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    reason = _contact_details()
    assert (
        ">Personal contact details</option>" in moderator_client.get(reverse("forum:queue")).content.decode()
    )
    assert admin.get(reverse("admin:forum_rejectionreason_changelist")).status_code == 200
    response = admin.post(
        reverse("admin:forum_rejectionreason_change", args=[reason.pk]),
        {
            "label": "Contact details",
            "text": "Please share it again without contact details.",
            "position": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert RejectionReason.objects.get(pk=reason.pk).text == "Please share it again without contact details."
    queue = moderator_client.get(reverse("forum:queue")).content.decode()
    assert ">Contact details</option>" in queue and "Personal contact details" not in queue
