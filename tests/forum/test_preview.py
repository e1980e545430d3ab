"""Preview: the server shows exactly the HTML a post gets once saved, on the API (live, as the
member types) and on the pages (the Preview button, without JavaScript), and saves nothing."""

import json
from pathlib import Path

import pytest
from django.test import Client
from rest_framework.test import APIClient

from community.cache import ratelimit_cache
from forum import services
from forum.models import Post
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, published_thread, trusted

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1]
MALICIOUS = json.loads((DATA / "forum" / "data" / "malicious_markdown.json").read_text())
XSS = [line for line in (DATA / "security" / "data" / "xss_payloads.txt").read_text().splitlines() if line]
MARKDOWN = [
    "**maya** is _here_, and so am I.",
    "> quoted\n\n- one\n- two\n\n1. first\n\n`code @maya_preview` and [a link](https://example.org)",
    "Thank you @maya_preview and @nobody_here_xyz, and mail@maya_preview.org",
    "  spaces around are trimmed  \n",
    "שלום **לכולם**\n\n\u0645\u0631\u062d\u0628\u0627",  # Hebrew, then Arabic
]


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _preview(api: APIClient, body: str) -> str:
    response = api.post("/api/v1/forum/preview/", {"body": body}, format="json")
    assert response.status_code == 200, (body, response.content)
    return response.json()["body_html"]


def test_the_preview_is_the_saved_posts_html_for_markdown_mentions_and_malicious_input():
    UserFactory(handle="maya_preview")
    author = trusted(UserFactory())
    api = _api(author)
    thread = services.thread_create(
        author=author, category=CategoryFactory(), title="Previews", body="First."
    )
    post = services.reply_create(author=author, thread=thread, body=MARKDOWN[2])
    assert _preview(api, MARKDOWN[2]) == post.body_html
    assert '<a href="/members/maya_preview/"' in post.body_html

    for body in [*MARKDOWN, *MALICIOUS, *XSS]:
        if not body.strip():
            continue
        ratelimit_cache.clear()  # more previews than a member may ask for in a minute
        services.post_edit(user=author, post=post, body=body)
        post.refresh_from_db()
        assert _preview(api, body) == post.body_html, body


def test_a_preview_saves_nothing_and_an_empty_one_is_a_clear_400(member):
    api = _api(member)
    before = Post.objects.count()

    assert "<strong>bold</strong>" in _preview(api, "**bold**")
    response = api.post("/api/v1/forum/preview/", {"body": "   "}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["body"] == ["Please write something before posting."]
    assert Post.objects.count() == before
    assert APIClient().post("/api/v1/forum/preview/", {"body": "x"}, format="json").status_code in (401, 403)


def test_previews_are_throttled_per_member(member):
    api = _api(member)
    answers = [api.post("/api/v1/forum/preview/", {"body": "typing"}, format="json") for _ in range(121)]

    assert {response.status_code for response in answers[:120]} == {200}
    assert answers[120].status_code == 429


def test_the_preview_button_shows_the_post_and_keeps_the_text_without_saving(member):
    thread = published_thread()
    client = Client()
    client.force_login(member)

    response = client.post(
        f"/forum/t/{thread.pk}/reply/", {"body": "Hello **there** <script>x()</script>", "preview": "1"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert '<div class="prose" dir="auto" data-preview-body><p>Hello <strong>there</strong>' in page
    assert "<script>x()" not in page
    assert "Hello **there** &lt;script&gt;x()&lt;/script&gt;</textarea>" in page
    assert not Post.objects.filter(thread=thread, author=member).exists()


def test_the_preview_button_on_a_new_thread_keeps_the_title_and_an_empty_text_says_why(member):
    category = CategoryFactory()
    client = Client()
    client.force_login(member)

    shown = client.post(
        f"/forum/c/{category.slug}/new/", {"title": "My week", "body": "_ok_", "preview": "1"}
    )
    empty = client.post(f"/forum/c/{category.slug}/new/", {"title": "My week", "body": " ", "preview": "1"})

    assert "<p><em>ok</em></p>" in shown.content.decode()
    assert 'value="My week"' in shown.content.decode()
    assert "This field is required." in empty.content.decode()
    assert not category.threads.exists()


def test_the_schema_lists_the_preview_and_latest_endpoints(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert {"/api/v1/forum/preview/", "/api/v1/forum/latest/"} <= set(schema["paths"])
