"""Drafts: kept on the server as the member types, restored on any device, deleted once posted,
and never anyone else's to read."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from forum import services
from forum.models import Draft, PostStatus
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import CategoryFactory, ThreadFactory, published_thread, trusted

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    return client.get(url).content.decode()


def test_a_reply_draft_saved_through_the_api_comes_back_on_the_thread_and_reply_pages(member):
    thread = published_thread()
    url = f"/api/v1/forum/drafts/threads/{thread.pk}/"

    saved = _api(member).put(url, {"body": "I keep thinking about **you**"}, format="json")

    assert saved.status_code == 200 and saved.json()["body"] == "I keep thinking about **you**"
    assert _api(member).get(url).json()["thread_title"] == thread.title
    for page in (_page(member, thread.get_absolute_url()), _page(member, f"/forum/t/{thread.pk}/reply/")):
        assert "I keep thinking about **you**</textarea>" in page
        assert "Your draft from" in page


def test_one_draft_per_member_and_thread_replaced_as_they_type(member):
    thread = published_thread()
    url = f"/api/v1/forum/drafts/threads/{thread.pk}/"
    api = _api(member)

    api.put(url, {"body": "First words"}, format="json")
    api.put(url, {"body": "First words, then more"}, format="json")

    assert list(Draft.objects.filter(user=member).values_list("body", flat=True)) == [
        "First words, then more"
    ]


def test_a_new_thread_draft_keeps_its_title_and_category_and_is_restored(member):
    category = CategoryFactory()
    api = _api(member)

    response = api.put(
        "/api/v1/forum/drafts/new-thread/",
        {"title": "Week two", "body": "Something happened", "category": category.slug},
        format="json",
    )
    page = _page(member, f"/forum/c/{category.slug}/new/")

    assert response.json()["category"] == category.slug
    assert response.json()["url"] == f"/forum/c/{category.slug}/new/"
    assert 'value="Week two"' in page and "Something happened</textarea>" in page


def test_posting_deletes_the_draft(member):
    author = trusted(member)
    thread = published_thread()
    category = CategoryFactory()
    services.draft_save(user=author, thread=thread, body="Almost ready")
    services.draft_save(user=author, thread=None, body="A thread", title="Mine", category=category)

    services.reply_create(author=author, thread=thread, body="Ready now")
    assert not Draft.objects.filter(user=author, thread=thread).exists()
    assert Draft.objects.filter(user=author, thread=None).exists()

    services.thread_create(author=author, category=category, title="Mine", body="A thread")
    assert not Draft.objects.filter(user=author).exists()


def test_an_empty_draft_is_deleted_and_delete_answers_204(member):
    thread = published_thread()
    url = f"/api/v1/forum/drafts/threads/{thread.pk}/"
    api = _api(member)
    api.put(url, {"body": "Words"}, format="json")

    assert api.put(url, {"body": "  "}, format="json").status_code == 204
    assert api.get(url).status_code == 404
    api.put(url, {"body": "Words"}, format="json")
    assert api.delete(url).status_code == 204
    assert not Draft.objects.exists()


def test_a_too_long_draft_is_a_clear_400(member):
    thread = published_thread()
    response = _api(member).put(
        f"/api/v1/forum/drafts/threads/{thread.pk}/", {"body": "x" * 20001}, format="json"
    )

    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    assert not Draft.objects.exists()


def test_no_draft_for_a_thread_the_member_cannot_read(member):
    hidden = ThreadFactory(status=PostStatus.PENDING)

    response = _api(member).put(f"/api/v1/forum/drafts/threads/{hidden.pk}/", {"body": "x"}, format="json")

    assert response.status_code == 404
    assert not Draft.objects.exists()


def test_drafts_are_listed_for_their_author_only(member):
    thread = published_thread()
    services.draft_save(user=member, thread=thread, body="PRIVATE-DRAFT-WORDS")
    services.draft_save(user=member, thread=None, body="x", title="PRIVATE-DRAFT-TITLE")
    other, moderator = UserFactory(), ModeratorFactory()

    mine = _page(member, "/forum/drafts/")
    listed = _api(member).get("/api/v1/forum/drafts/").json()["results"]

    assert "PRIVATE-DRAFT-WORDS" in mine and "PRIVATE-DRAFT-TITLE" in mine
    assert {draft["body"] for draft in listed} == {"PRIVATE-DRAFT-WORDS", "x"}
    for viewer in (other, moderator):
        assert "PRIVATE-DRAFT" not in _page(viewer, "/forum/drafts/")
        assert "PRIVATE-DRAFT" not in _page(viewer, thread.get_absolute_url())
        assert "PRIVATE-DRAFT" not in _page(viewer, f"/forum/t/{thread.pk}/reply/")
        assert _api(viewer).get(f"/api/v1/forum/drafts/threads/{thread.pk}/").status_code == 404
        assert _api(viewer).get("/api/v1/forum/drafts/").json()["results"] == []
    assert Client().get("/forum/drafts/").status_code == 302
    assert APIClient().get("/api/v1/forum/drafts/").status_code in (401, 403)


def test_the_settings_page_links_to_the_drafts(member):
    assert 'href="/forum/drafts/"' in _page(member, "/members/settings/")
