"""Ask the community now: a thread in Right now, moderated like any other, listed by need, and
up to 20 listeners told once it can be read."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Block, Notification
from forum import selectors, services
from forum.models import RIGHT_NOW_SLUG, Post, PostStatus, Thread
from forum.services.notifying import listeners_notify
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, ThreadFactory, trusted
from tests.streaks.factories import StreakFactory

pytestmark = pytest.mark.django_db

ASK = "/forum/right-now/ask/"
API_ASK = "/api/v1/forum/right-now/ask/"
API_LIST = "/api/v1/forum/right-now/"


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _right_now():
    return selectors.right_now_category()


def _thread(
    title: str, *, age_minutes: int, replies: int = 0, active_minutes_ago: int | None = None
) -> Thread:
    created = timezone.now() - dt.timedelta(minutes=age_minutes)
    active = timezone.now() - dt.timedelta(
        minutes=active_minutes_ago if active_minutes_ago is not None else age_minutes
    )
    thread = ThreadFactory(
        category=_right_now(),
        title=title,
        created_at=created,
        last_activity_at=active,
        post_count=1 + replies,
    )
    PostFactory(thread=thread, author=thread.author, is_opening=True, created_at=created)
    for _ in range(replies):
        PostFactory(thread=thread, created_at=active)
    return thread


@pytest.fixture
def by_need():
    """Two answered threads and two waiting ones, in the order a listener should see them."""
    _thread("Answered a while ago", age_minutes=300, replies=1, active_minutes_ago=200)
    _thread("Waiting a little", age_minutes=10)
    _thread("Answered just now", age_minutes=400, replies=2, active_minutes_ago=1)
    _thread("Waiting the longest", age_minutes=90)
    return ["Waiting the longest", "Waiting a little", "Answered just now", "Answered a while ago"]


def _positions(html: str, titles: list[str]) -> list[int]:
    return [html.index(title) for title in titles]


def test_the_category_exists_and_lists_threads_no_one_answered_first(member, by_need):
    html = _page(member).get(f"/forum/c/{RIGHT_NOW_SLUG}/").content.decode()
    positions = _positions(html, by_need)
    assert positions == sorted(positions)

    data = _api(member).get(API_LIST).json()
    assert [row["title"] for row in data["results"]] == by_need
    same = _api(member).get(f"/api/v1/forum/categories/{RIGHT_NOW_SLUG}/threads/").json()
    assert [row["title"] for row in same["results"]] == by_need


def test_the_list_by_need_pages_with_a_cursor_without_gaps_or_repeats(member, by_need):
    client, seen, url = _api(member), [], f"{API_LIST}?page_size=1"
    while url:
        data = client.get(url).json()
        seen += [row["title"] for row in data["results"]]
        url = data["next"]
    assert seen == by_need


def test_other_categories_keep_their_order(member):
    category = CategoryFactory()
    ThreadFactory(
        category=category,
        title="Older, no reply",
        post_count=1,
        last_activity_at=timezone.now() - dt.timedelta(hours=1),
    )
    ThreadFactory(category=category, title="Newer, answered", post_count=3)
    data = _api(member).get(f"/api/v1/forum/categories/{category.slug}/threads/").json()
    assert [row["title"] for row in data["results"]] == ["Newer, answered", "Older, no reply"]


@pytest.mark.parametrize("count", [2, 60])
def test_the_list_by_need_makes_the_same_few_queries_however_many_threads(
    member, count, django_assert_max_num_queries
):
    for index in range(count):
        _thread(f"Request {index}", age_minutes=index + 1, replies=index % 2)
    page, api = _page(member), _api(member)
    with django_assert_max_num_queries(12):
        response = page.get(f"/forum/c/{RIGHT_NOW_SLUG}/?per_page=100")
    assert response.content.decode().count('class="thread-item') == count
    with django_assert_max_num_queries(12):
        assert len(api.get(f"{API_LIST}?page_size=100").json()["results"]) == count


def test_the_urge_screen_and_the_dashboard_lead_to_the_short_form(member):
    StreakFactory(user=member)
    client = _page(member)
    assert ASK in client.get("/streak/urge/").content.decode()
    assert ASK in client.get("/streak/").content.decode()
    form = client.get(ASK)
    assert form.status_code == 200
    assert "What is happening right now?" in form.content.decode()


def test_a_new_members_request_waits_for_a_moderator_and_listeners_hear_once_it_is_published(
    member, moderator
):
    listener = UserFactory(listener=True)
    response = _page(member).post(ASK, {"body": "My ex's birthday is today and I keep opening our chat."})

    thread = Thread.objects.get(category__slug=RIGHT_NOW_SLUG)
    assert response.status_code == 302
    assert response["Location"] == thread.posts.get().get_absolute_url()
    assert thread.title == "My ex's birthday is today and I keep opening our chat."
    opening = thread.posts.get()
    assert opening.status == PostStatus.PENDING and opening.needs_review
    assert not Notification.objects.filter(kind=Notification.Kind.RIGHT_NOW).exists()

    services.post_approve(moderator=moderator, post=opening)

    told = Notification.objects.get(kind=Notification.Kind.RIGHT_NOW)
    assert told.recipient == listener and told.url == thread.get_absolute_url()
    assert member.handle in told.title
    services.post_approve(
        moderator=moderator,
        post=PostFactory(thread=thread, status=PostStatus.PENDING, approved_at=None, needs_review=True),
    )
    assert Notification.objects.filter(kind=Notification.Kind.RIGHT_NOW).count() == 1


def test_a_long_message_gets_a_short_title_and_a_given_title_is_kept(member):
    trusted(member)
    body = "I had a really hard day at work and then I saw their car outside the café where we used to go."
    created = _api(member).post(API_ASK, {"body": body}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["title"].endswith("…") and len(created.json()["title"]) <= 101
    titled = _api(member).post(
        API_ASK, {"title": "  Saw their car  ", "body": "Shaking a bit."}, format="json"
    )
    assert titled.json()["title"] == "Saw their car"
    assert titled.json()["category"] == RIGHT_NOW_SLUG and titled.json()["status"] == "published"


def test_crisis_words_show_help_at_once_and_go_first_in_the_queue(member, moderator):
    trusted(member)
    response = _api(member).post(API_ASK, {"body": "I want to die tonight"}, format="json")
    assert response.status_code == 201
    assert response.json()["crisis_resources_url"] == "/help/"
    post = Post.objects.get(pk=response.json()["opening_post"])
    assert post.is_crisis and post.needs_review
    assert selectors.review_queue().first() == post

    page = _page(member).post(ASK, {"body": "I can't go on like this"})
    assert page.status_code == 302 and page["Location"] == "/help/"


def test_bad_input_is_a_field_error_and_nothing_is_created(member):
    response = _api(member).post(API_ASK, {"body": "   "}, format="json")
    assert response.status_code == 400 and "body" in response.json()["errors"]
    page = _page(member).post(ASK, {"body": ""})
    assert page.status_code == 200 and "This field is required" in page.content.decode()
    assert not Thread.objects.exists()


def test_three_an_hour_then_a_clear_429_on_the_api_and_a_form_error_on_the_page(member):
    trusted(member)
    client = _api(member)
    for index in range(3):
        assert client.post(API_ASK, {"body": f"Hard moment number {index}"}, format="json").status_code == 201
    refused = client.post(API_ASK, {"body": "And another"}, format="json")
    assert refused.status_code == 429
    assert "3 times in the last hour" in refused.json()["message"]
    assert 0 < int(refused["Retry-After"]) <= 3600
    generic = client.post(
        "/api/v1/forum/threads/create/",
        {"category": RIGHT_NOW_SLUG, "title": "Another way in", "body": "Still hard"},
        format="json",
    )
    assert generic.status_code == 429
    page = _page(member).post(ASK, {"body": "And another one"})
    assert page.status_code == 200 and "3 times in the last hour" in page.content.decode()
    assert Thread.objects.filter(author=member).count() == 3


def test_a_suspended_member_cannot_ask(member, moderator):
    services.member_suspend(moderator=moderator, user=member, days=1, reason="Cooling down.")
    assert _api(member).post(API_ASK, {"body": "Please"}, format="json").status_code == 403
    assert not Thread.objects.exists()


def test_listeners_told_are_the_20_most_recently_active_never_the_asker_blocked_or_suspended(
    member, moderator
):
    trusted(member)
    now = timezone.now()
    member.listener = True
    member.save()
    recent = [UserFactory(listener=True, last_login=now - dt.timedelta(minutes=index)) for index in range(20)]
    older = UserFactory(listener=True, last_login=now - dt.timedelta(days=30))
    UserFactory(listener=False, last_login=now)
    UserFactory(listener=True, is_active=False, last_login=now)
    blocker = UserFactory(listener=True, last_login=now)
    Block.objects.create(blocker=blocker, blocked=member)
    blocked = UserFactory(listener=True, last_login=now)
    Block.objects.create(blocker=member, blocked=blocked)
    suspended = UserFactory(listener=True, last_login=now)
    services.member_suspend(moderator=moderator, user=suspended, days=3, reason="Heated.")

    _api(member).post(API_ASK, {"body": "Please, anyone"}, format="json")

    told = set(Notification.objects.filter(kind="right_now").values_list("recipient", flat=True))
    assert told == {listener.pk for listener in recent}
    assert older.pk not in told

    older.last_login = now
    older.save()
    _api(member).post(API_ASK, {"body": "Still here"}, format="json")
    assert Notification.objects.filter(kind="right_now", recipient=older).count() == 1


def test_telling_listeners_takes_the_same_queries_for_2_or_40(member):
    counts = []
    for listeners, expected in ((2, 2), (38, 20)):
        UserFactory.create_batch(listeners, listener=True)
        thread = ThreadFactory(category=_right_now(), author=member)
        opening = PostFactory(thread=thread, author=member, is_opening=True)
        with CaptureQueriesContext(connection) as queries:
            assert listeners_notify(post=opening) == expected
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_listeners_get_the_email_and_push_they_chose(member, django_capture_on_commit_callbacks):
    trusted(member)
    wants_mail = UserFactory(listener=True, email_on_right_now=True)
    UserFactory(listener=True, email_on_right_now=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _api(member).post(API_ASK, {"body": "Private words stay in the forum"}, format="json")
    assert Notification.objects.filter(kind="right_now").count() == 2
    assert [message.to for message in mail.outbox] == [[wants_mail.email]]
    assert member.email not in mail.outbox[0].body


def test_a_member_becomes_a_listener_in_settings_on_the_page_and_the_api(member):
    page = _page(member)
    form = page.get("/members/settings/").content.decode()
    assert "I am a listener" in form
    data = {
        "handle": member.handle,
        "bio": "",
        "timezone": member.timezone,
        "streak_visibility": "members",
        "listener": "on",
    }
    assert page.post("/members/settings/", data).status_code == 302
    member.refresh_from_db()
    assert member.listener

    response = _api(member).patch(
        "/api/v1/me/", {"listener": False, "email_on_right_now": True}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["listener"] is False and response.json()["email_on_right_now"] is True
