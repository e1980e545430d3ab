"""A corpus of XSS and malicious-link payloads, kept as data, sent through every place a member writes.

Posts (title and body), bios, check-in notes, urge notes and slip notes go in through the API and
the forms; the pages and the API that show them back must carry none of it as active content:
no script the site did not ship, no event handler, no inline style, no frame, object or base, no
javascript:, data: or vbscript: link, no image from another host.
"""

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from community.text import ALLOWED_TAGS
from community.throttling import WriteRateThrottle
from forum.models import Thread
from streaks.models import Streak
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, trusted
from tests.security.conftest import api_client_for, page_client_for

PAYLOADS = [
    line for line in (Path(__file__).parent / "data" / "xss_payloads.txt").read_text().splitlines() if line
]
SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "background", "data", "poster", "lowsrc", "dynsrc",
    "xlink:href", "codebase", "cite", "longdesc", "srcset", "ping",
}  # fmt: skip
NEVER = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "math", "isindex",
    "keygen", "bgsound", "template", "noscript", "xss", "video", "audio", "source",
}  # fmt: skip
# The site draws a few pictures itself as inline <svg>; member HTML may contain none (ALLOWED_TAGS).
CONTROL_AND_SPACE = re.compile(r"[\x00-\x20]")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _many_writes_a_minute(monkeypatch):
    """Hundreds of writes in a few seconds: the write throttle has its own tests."""
    monkeypatch.setattr(WriteRateThrottle, "rate", "100000/min", raising=False)


class _Inspector(HTMLParser):
    """Lists every way a document could run code or reach out that the site did not put there."""

    def __init__(self, *, fragment: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.fragment = fragment
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if self.fragment and tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}> in member HTML")
        if tag in NEVER:
            self.problems.append(f"<{tag}>")
        if tag == "script" and not attributes.get("src", "").startswith("/static/"):
            self.problems.append(f"<script> not from the site: {attributes}")
        if tag == "link" and not attributes.get("href", "").startswith("/static/"):
            self.problems.append(f"<link> not from the site: {attributes}")
        if tag == "meta" and ("http-equiv" in attributes or ("charset" in attributes and self.fragment)):
            self.problems.append(f"<meta {attributes}>")
        for name, value in attributes.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            elif name in ("style", "srcdoc"):
                self.problems.append(f"<{tag} {name}=...>")
            elif name in URL_ATTRIBUTES:
                self._check_url(tag, name, value)

    handle_startendtag = handle_starttag

    def _check_url(self, tag: str, name: str, value: str) -> None:
        # Browsers ignore tabs, newlines and leading control characters in a URL's scheme.
        url = CONTROL_AND_SPACE.sub("", value).lower()
        scheme = urlsplit(url).scheme if re.match(r"^[a-z][a-z0-9+.-]*:", url) else ""
        if scheme and scheme not in SAFE_SCHEMES:
            self.problems.append(f"<{tag} {name}={value!r}> unsafe scheme")
        if tag == "img" and (scheme or url.startswith("//")):
            self.problems.append(f"<img src={value!r}> from another host")


def active_content(html: str, *, fragment: bool = False) -> list[str]:
    inspector = _Inspector(fragment=fragment)
    inspector.feed(html)
    inspector.close()
    if "wsgi.input" in html or "SECRET_KEY" in html:
        inspector.problems.append("a template tag in member text was evaluated")
    return inspector.problems


def assert_inert_page(response, where: str) -> None:
    assert response.status_code == 200, (where, response.status_code)
    assert response["Content-Type"].startswith("text/html")
    problems = active_content(response.content.decode())
    assert not problems, f"{where}: {problems}"


def assert_inert_json(response, where: str) -> None:
    """JSON is data, not a document: it must say so, and its *_html fields must be clean HTML."""
    assert response["Content-Type"].startswith("application/json"), where
    assert response["X-Content-Type-Options"] == "nosniff", where
    problems = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, name)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and key.endswith("_html"):
            problems.extend(active_content(value, fragment=True))

    walk(json.loads(response.content))
    assert not problems, f"{where}: {problems}"


def test_the_corpus_is_big_enough_and_one_payload_a_line():
    assert len(PAYLOADS) >= 100
    assert len(set(PAYLOADS)) == len(PAYLOADS), "a payload is listed twice"


def test_the_inspector_catches_what_it_looks_for():
    """It would be no use if it found nothing anywhere."""
    assert active_content("<p><script>alert(1)</script></p>")
    assert active_content('<a href="java\tscript:alert(1)">x</a>')
    assert active_content('<img src="https://tracker.example/p.gif">')
    assert active_content('<p onclick="x()">x</p>')
    assert active_content("<p>fine</p><em>too</em>", fragment=True) == []
    assert active_content('<a href="https://example.com/" rel="nofollow">ok</a>', fragment=True) == []


def test_posts_and_titles_through_the_api_and_pages():
    author, reader = trusted(UserFactory()), UserFactory()
    category = CategoryFactory()
    api = api_client_for(author)
    first = api.post(
        "/api/v1/forum/threads/create/",
        {"category": category.slug, "title": PAYLOADS[0][:150], "body": PAYLOADS[0]},
        format="json",
    )
    assert first.status_code == 201, first.content
    thread_id = first.json()["id"]
    for number, payload in enumerate(PAYLOADS):
        if number % 10 == 0:
            response = api.post(
                "/api/v1/forum/threads/create/",
                {"category": category.slug, "title": payload[:150], "body": f"{payload} ({number})"},
                format="json",
            )
        else:
            response = api.post(
                f"/api/v1/forum/threads/{thread_id}/replies/",
                {"body": f"{payload} ({number})"},
                format="json",
            )
        assert response.status_code == 201, (payload, response.content)
        assert_inert_json(response, f"post {number} {payload!r}")
    pages, shown = page_client_for(reader), ""
    for page in (1, 2):
        thread_page = pages.get(f"/forum/t/{thread_id}/?per_page=100&page={page}")
        assert_inert_page(thread_page, "thread page")
        shown += thread_page.content.decode()
        response = api_client_for(reader).get(f"/api/v1/forum/threads/{thread_id}/posts/?page_size=100")
        assert_inert_json(response, "thread posts")
    assert_inert_page(pages.get(f"/forum/c/{category.slug}/?per_page=100"), "category page")
    assert_inert_page(pages.get("/forum/search/?q=alert"), "search page")
    assert_inert_json(api_client_for(reader).get("/api/v1/forum/search/?q=alert"), "search")
    assert Thread.objects.filter(category=category).count() == 1 + len(PAYLOADS[::10])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown, "the posts are shown, as text"


def test_posts_through_the_reply_form():
    author = trusted(UserFactory())
    client = page_client_for(author)
    thread_id = (
        api_client_for(author)
        .post(
            "/api/v1/forum/threads/create/",
            {"category": CategoryFactory().slug, "title": "Forms", "body": "Through the form."},
            format="json",
        )
        .json()["id"]
    )
    for number, payload in enumerate(PAYLOADS):
        response = client.post(f"/forum/t/{thread_id}/reply/", {"body": f"{payload} [{number}]"})
        assert response.status_code == 302, payload
    for page in (1, 2):
        assert_inert_page(client.get(f"/forum/t/{thread_id}/?per_page=100&page={page}"), "thread page")


def test_bios_through_the_api_the_form_and_the_profile():
    member, reader = UserFactory(), UserFactory()
    api, pages = api_client_for(member), page_client_for(member)
    for number, payload in enumerate(PAYLOADS):
        if number % 2:
            response = api.patch("/api/v1/me/", {"bio": payload}, format="json")
            assert response.status_code == 200, (payload, response.content)
            assert_inert_json(response, f"bio {payload!r}")
        else:
            form = {"handle": member.handle, "bio": payload, "timezone": "Europe/Paris"}
            response = pages.post("/members/settings/", {**form, "streak_visibility": "members"})
            assert response.status_code == 302, payload
            if number % 10 == 0:
                assert_inert_page(pages.get("/members/settings/"), f"settings with bio {payload!r}")
        profile = page_client_for(reader).get(f"/members/{member.handle}/")
        assert_inert_page(profile, f"profile {payload!r}")
        if number == 0:
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in profile.content.decode(), (
                "the bio is shown, as text"
            )
        response = api_client_for(reader).get(f"/api/v1/members/{member.handle}/")
        assert_inert_json(response, f"member {payload!r}")


@pytest.fixture
def long_streak_member():
    member = UserFactory()
    Streak.objects.create(
        user=member, start_date=timezone.localdate() - dt.timedelta(days=len(PAYLOADS) + 30)
    )
    return member


def test_check_in_notes_through_the_api_and_the_form(long_streak_member):
    member = long_streak_member
    api, pages = api_client_for(member), page_client_for(member)
    today = timezone.localdate()
    for number, payload in enumerate(PAYLOADS):
        day = (today - dt.timedelta(days=number + 2)).isoformat()
        response = api.post("/api/v1/streaks/checkins/create/", {"day": day, "note": payload}, format="json")
        assert response.status_code == 201, (payload, response.content)
        assert_inert_json(response, f"check-in {payload!r}")
        # A refused form shows the note again, inside the form.
        response = pages.post("/streak/check-in/", {"day": day, "mood": "9", "note": payload})
        assert_inert_page(response, f"check-in form {payload!r}")
    assert_inert_json(api.get("/api/v1/streaks/checkins/?page_size=100"), "check-ins")
    for path in ("/streak/", "/streak/history/"):
        assert_inert_page(pages.get(path), path)


def test_urge_notes_through_the_api_and_the_form(long_streak_member):
    api, pages = api_client_for(long_streak_member), page_client_for(long_streak_member)
    for payload in PAYLOADS:
        response = api.post(
            "/api/v1/streaks/urges/create/", {"strength": 3, "action": "text", "note": payload}, format="json"
        )
        assert response.status_code == 201, (payload, response.content)
        assert_inert_json(response, f"urge {payload!r}")
        response = pages.post("/streak/urge/log/", {"strength": "9", "action": "text", "note": payload})
        assert_inert_page(response, f"urge form {payload!r}")
    assert_inert_json(api.get("/api/v1/streaks/urges/?page_size=100"), "urges")
    for path in ("/streak/", "/streak/history/"):
        assert_inert_page(pages.get(path), path)


def test_slip_notes_through_the_api_and_the_form(long_streak_member):
    api, pages = api_client_for(long_streak_member), page_client_for(long_streak_member)
    for payload in PAYLOADS:
        # Logistics do not end the streak, so every note lands on the same one.
        response = api.post(
            "/api/v1/streaks/slips/create/", {"contact_kind": "logistics", "note": payload}, format="json"
        )
        assert response.status_code == 201, (payload, response.content)
        assert_inert_json(response, f"slip {payload!r}")
        response = pages.post("/streak/slip/", {"kind": "nonsense", "note": payload})
        assert_inert_page(response, f"slip form {payload!r}")
    assert_inert_json(api.get("/api/v1/streaks/slips/?page_size=100"), "slips")
    for path in ("/streak/", "/streak/history/"):
        assert_inert_page(pages.get(path), path)


def test_thread_titles_in_notifications():
    """Replies tell the thread's author, quoting its title, in the inbox page and the API."""
    author, replier = trusted(UserFactory()), trusted(UserFactory())
    writer, answerer = api_client_for(author), api_client_for(replier)
    category = CategoryFactory()
    for number, payload in enumerate(PAYLOADS):
        response = writer.post(
            "/api/v1/forum/threads/create/",
            {"category": category.slug, "title": payload[:150], "body": f"Thread {number}."},
            format="json",
        )
        assert response.status_code == 201, (payload, response.content)
        reply = answerer.post(
            f"/api/v1/forum/threads/{response.json()['id']}/replies/",
            {"body": f"Reply {number}."},
            format="json",
        )
        assert reply.status_code == 201
    assert author.notifications.count() == len(PAYLOADS)
    pages, shown = page_client_for(author), ""
    for page in range(1, len(PAYLOADS) // 20 + 2):
        inbox = pages.get(f"/members/notifications/?page={page}")
        assert_inert_page(inbox, f"notifications page {page}")
        shown += inbox.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown, "the titles are shown, as text"
    for page in (1, 2):
        assert_inert_json(writer.get(f"/api/v1/notifications/?page_size=100&page={page}"), "notifications")


def test_flag_notes_in_the_review_queue(moderator):
    """Two flags a post, so that none is hidden from the members flagging it."""
    author = trusted(UserFactory())
    writer = api_client_for(author)
    thread_id = writer.post(
        "/api/v1/forum/threads/create/",
        {"category": CategoryFactory().slug, "title": "Flags", "body": "Flag me."},
        format="json",
    ).json()["id"]
    flaggers = [api_client_for(UserFactory()), api_client_for(UserFactory())]
    for number, payload in enumerate(PAYLOADS):
        if number % 2 == 0:
            post = writer.post(
                f"/api/v1/forum/threads/{thread_id}/replies/", {"body": f"Post {number}."}, format="json"
            )
        response = flaggers[number % 2].post(
            f"/api/v1/forum/posts/{post.json()['id']}/flags/",
            {"reason": "other", "note": payload[:500]},
            format="json",
        )
        assert response.status_code == 201, (payload, response.content)
    shown = ""
    for page in (1, 2):
        queue = page_client_for(moderator).get(f"/forum/review/?per_page=100&page={page}")
        assert_inert_page(queue, "queue")
        shown += queue.content.decode()
        response = api_client_for(moderator).get(f"/api/v1/forum/moderation/queue/?page_size=100&page={page}")
        assert_inert_json(response, "review queue")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown, "the notes are shown, as text"


def test_the_data_export_is_a_download_never_a_page(long_streak_member, django_capture_on_commit_callbacks):
    """The export holds every note as written: it must be saved as a file, never shown as HTML."""
    api = api_client_for(long_streak_member)
    for payload in PAYLOADS[:40]:
        api.post(
            "/api/v1/streaks/urges/create/", {"strength": 3, "action": "text", "note": payload}, format="json"
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post("/api/v1/me/export/").status_code == 202
    status = api.get("/api/v1/me/export/").json()
    assert status["download_url"], status
    for client in (api, page_client_for(long_streak_member)):
        url = (
            status["download_url"]
            if client is api
            else status["download_url"].replace("/api/v1/me/", "/members/settings/")
        )
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json")
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert PAYLOADS[0] in json.dumps(json.loads(response.content)), "the notes are in it, as data"
