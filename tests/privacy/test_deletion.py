"""Deleting one's account: password first, posts kept or deleted as chosen, logged out everywhere,
and free to join again with the same e-mail and handle."""

import datetime as dt
from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import (
    AccountDeletion,
    Block,
    DataExport,
    MobileDevice,
    Notification,
    PushSubscription,
    User,
)
from accounts.selectors import account_deletions_overdue
from accounts.tasks import account_erasures_resume
from forum import services as forum_services
from forum.models import (
    FORMER_MEMBER,
    Draft,
    Flag,
    ModerationLogEntry,
    Post,
    PostStatus,
    Reaction,
    Thread,
    ThreadFollow,
)
from safety.models import SafetyPlan
from streaks.models import (
    CheckIn,
    Letter,
    MilestoneAward,
    Pledge,
    Reason,
    Slip,
    Streak,
    StreakPreferences,
    Urge,
)
from tests.factories import PASSWORD, UserFactory
from tests.forum.factories import PostFactory
from tests.privacy.factories import community
from tests.privacy.site import urls_about, visit

pytestmark = pytest.mark.django_db

APP = "/_allauth/app/v1"


@pytest.fixture
def lives():
    return community()


def app_login(email: str) -> str:
    response = APIClient().post(f"{APP}/auth/login", {"email": email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


def browser_login(email: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def assert_private_data_gone(user_id: int) -> None:
    assert not User.objects.filter(pk=user_id).exists()
    for model, field in (
        (Streak, "user_id"),
        (CheckIn, "user_id"),
        (Urge, "user_id"),
        (Slip, "user_id"),
        (StreakPreferences, "user_id"),
        (Reason, "user_id"),
        (Letter, "user_id"),
        (Pledge, "user_id"),
        (MilestoneAward, "streak__user_id"),
        (Reaction, "user_id"),
        (Flag, "user_id"),
        (ThreadFollow, "user_id"),
        (Draft, "user_id"),
        (Notification, "recipient_id"),
        (Block, "blocker_id"),
        (EmailAddress, "user_id"),
        (DataExport, "user_id"),
        (AccountDeletion, "user_id"),
        (SafetyPlan, "user_id"),
        (MobileDevice, "user_id"),
        (PushSubscription, "user_id"),
    ):
        assert not model.objects.filter(**{field: user_id}).exists(), model.__name__


def test_a_wrong_password_changes_nothing(lives, client, django_capture_on_commit_callbacks):
    robin, _, _ = lives
    client.force_login(robin.user)

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/members/settings/delete/", {"password": "not-my-password", "posts": "delete"})
        api = APIClient()
        api.force_authenticate(robin.user)
        response = api.post("/api/v1/me/delete/", {"password": "not-my-password", "keep_posts": False})

    assert page.status_code == 200
    assert "not your current password" in page.context["form"].errors["password"][0]
    assert response.status_code == 400
    assert "password" in response.json()["errors"]
    robin.user.refresh_from_db()
    assert robin.user.is_active
    assert not AccountDeletion.objects.exists()
    assert Post.objects.filter(author=robin.user).count() == 3
    assert CheckIn.objects.filter(user=robin.user).exists()
    assert client.get("/members/settings/").status_code == 200


def test_the_page_asks_for_the_password_and_the_choice_about_posts(
    member_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = member_client.get("/members/settings/delete/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' in html and 'for="id_password"' in html
    assert 'value="keep"' in html and 'value="delete"' in html
    assert 'href="/members/settings/export/"' in html
    assert 'name="robots" content="noindex"' in html
    assert 'href="/members/settings/delete/"' in member_client.get("/members/settings/").content.decode()


def test_leaving_the_posts_choice_out_is_asked_again(member_client, member):
    response = member_client.post("/members/settings/delete/", {"password": PASSWORD})

    assert response.status_code == 200
    assert "posts" in response.context["form"].errors
    member.refresh_from_db()
    assert member.is_active


def test_keeping_posts_shows_them_as_a_former_member(lives, client, django_capture_on_commit_callbacks):
    robin, alex, shared = lives
    user_id = robin.user.pk
    client.force_login(robin.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/members/settings/delete/", {"password": PASSWORD, "posts": "keep"}, follow=True
        )

    assert "Your account is closed" in response.content.decode()
    assert "Signed in as" not in response.content.decode()
    assert_private_data_gone(user_id)
    reply = Post.objects.get(pk=robin.reply.pk)
    assert reply.author is None
    assert reply.body == "REPLY-ROBIN"
    assert Post.objects.get(pk=robin.opening.pk).author is None
    assert Thread.objects.get(pk=robin.own_thread.pk).author is None
    # Never published: not kept.
    assert not Post.objects.filter(pk=robin.pending_reply.pk).exists()

    reader = Client()
    reader.force_login(alex.user)
    html = reader.get(f"/forum/t/{shared.pk}/").content.decode()
    assert "REPLY-ROBIN" in html
    assert FORMER_MEMBER in html
    assert "/members/robin/" not in html
    assert reader.get("/members/robin/").status_code == 404


def test_deleting_posts_removes_them_and_keeps_others_conversations_readable(
    lives, django_capture_on_commit_callbacks
):
    robin, alex, shared = lives
    # Alex answered Robin's thread, so it stays, without Robin's words; a thread nobody answered goes.
    PostFactory(thread=robin.own_thread, author=alex.user, body="ALEX-ANSWERS-ROBIN")
    lonely = PostFactory(
        thread__author=robin.user, thread__category=shared.category, author=robin.user, is_opening=True
    ).thread
    quoting = PostFactory(thread=shared, author=alex.user, body="Quoting you", quote_of=robin.reply)
    api = APIClient()
    api.force_authenticate(robin.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/me/delete/", {"password": PASSWORD, "keep_posts": False}, format="json")

    assert response.status_code == 202
    assert "being deleted" in response.json()["message"]
    assert_private_data_gone(robin.user.pk)
    assert not Post.objects.filter(pk__in=[robin.reply.pk, robin.pending_reply.pk]).exists()
    assert not Thread.objects.filter(pk=lonely.pk).exists()
    opening = Post.objects.get(pk=robin.opening.pk)
    assert opening.author is None
    assert opening.status == PostStatus.REMOVED
    assert "OPENING-ROBIN" not in opening.body + opening.body_html
    assert not opening.revisions.exists()
    kept_thread = Thread.objects.get(pk=robin.own_thread.pk)
    assert kept_thread.title == f"A conversation started by {FORMER_MEMBER}"
    assert kept_thread.post_count == 1
    assert Post.objects.get(pk=quoting.pk).quote_of is None

    reader = Client()
    reader.force_login(alex.user)
    html = reader.get(f"/forum/t/{kept_thread.pk}/").content.decode()
    assert "ALEX-ANSWERS-ROBIN" in html
    assert "Removed by its author" in html
    assert "OPENING-ROBIN" not in html
    assert "REPLY-ROBIN" not in reader.get(f"/forum/t/{shared.pk}/").content.decode()


def test_the_moderation_log_stays_as_it_was(lives, moderator, django_capture_on_commit_callbacks):
    robin, _, _ = lives
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_hide(moderator=moderator, post=robin.reply, reason="Names an ex")
    entry = ModerationLogEntry.objects.get(post=robin.reply)

    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete_request(user=robin.user, password=PASSWORD, keep_posts=False)

    entry = ModerationLogEntry.objects.get(pk=entry.pk)
    assert entry.post_id is None
    assert entry.target_user_id is None
    assert entry.reason == "Names an ex"
    assert entry.moderator_id == moderator.pk


def test_a_moderator_can_delete_their_account_and_their_log_entries_remain(
    lives, moderator, django_capture_on_commit_callbacks
):
    robin, _, _ = lives
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_hide(moderator=moderator, post=robin.reply, reason="Names an ex")
        services.account_delete_request(user=moderator, password=PASSWORD, keep_posts=True)

    entry = ModerationLogEntry.objects.get(post=robin.reply)
    assert entry.moderator_id is None
    assert entry.moderator_handle == FORMER_MEMBER
    assert entry.reason == "Names an ex"
    assert entry.target.startswith(f"Post {robin.reply.pk} by robin in ")


def test_every_session_and_app_token_stops_working(lives, django_capture_on_commit_callbacks):
    robin, _, _ = lives
    token = app_login(robin.email)
    other_token = app_login(robin.email)
    browser = browser_login(robin.email)
    someone_else = browser_login(lives[1].email)
    assert APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 200
    assert browser.get("/members/settings/").status_code == 200
    sessions_before = Session.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(
            "/api/v1/me/delete/",
            {"password": PASSWORD, "keep_posts": True},
            format="json",
            HTTP_X_SESSION_TOKEN=token,
        )

    assert response.status_code == 202
    for used in (token, other_token):
        assert APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=used).status_code in (401, 403)
    settings_page = browser.get("/members/settings/")
    assert settings_page.status_code == 302
    assert settings_page["Location"].startswith("/accounts/login/")
    assert Session.objects.count() == sessions_before - 3
    assert someone_else.get("/members/settings/").status_code == 200


def test_ended_sessions_are_gone_from_the_cache_as_well_as_the_database(lives):
    """Sessions are read from the cache first: one left there would still sign the member in."""
    robin, chris, _ = lives
    browser = browser_login(robin.email)
    other = browser_login(chris.email)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    other_key = other.cookies[settings.SESSION_COOKIE_NAME].value
    assert store(session_key=key).load()  # what the next request reads

    assert services.sessions_end(user=robin.user) == 1

    assert store(session_key=key).load() == {}
    assert browser.get("/members/settings/").status_code == 302
    assert store(session_key=other_key).load()
    assert other.get("/members/settings/").status_code == 200


def test_the_account_stops_working_at_once_even_before_it_is_erased(
    lives, django_capture_on_commit_callbacks
):
    robin, _, _ = lives
    token = app_login(robin.email)
    browser = browser_login(robin.email)

    with django_capture_on_commit_callbacks(execute=False):
        browser.post("/members/settings/delete/", {"password": PASSWORD, "posts": "keep"})

    assert APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code in (401, 403)
    login = Client()
    assert login.post("/accounts/login/", {"login": robin.email, "password": PASSWORD})["Location"] == (
        "/accounts/inactive/"
    )
    assert "_auth_user_id" not in login.session
    assert User.objects.filter(pk=robin.user.pk, is_active=False).exists()
    assert list(account_deletions_overdue()) == []

    AccountDeletion.objects.update(requested_at=timezone.now() - dt.timedelta(hours=1))
    assert account_erasures_resume.delay().get() == 1
    assert_private_data_gone(robin.user.pk)
    assert services.account_erase(user_id=robin.user.pk) is False


@pytest.mark.parametrize("how", ["web", "app"])
def test_the_same_email_and_handle_can_sign_up_again(
    lives, client, api_client, how, django_capture_on_commit_callbacks
):
    robin, _, _ = lives
    email = robin.email
    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete_request(user=robin.user, password=PASSWORD, keep_posts=True)

    if how == "web":
        response = client.post(
            "/accounts/signup/",
            {
                "email": email,
                "username": "robin",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "timezone": "Europe/Paris",
            },
        )
        assert response.status_code == 302
    else:
        response = api_client.post(
            f"{APP}/auth/signup",
            {"email": email, "username": "robin", "password": PASSWORD, "timezone": "Europe/Paris"},
            format="json",
        )
        assert response.status_code == 401  # pending e-mail verification
    again = User.objects.get(email=email)
    assert again.handle == "robin"
    assert again.pk != robin.user.pk
    assert not Streak.objects.filter(user=again).exists()
    assert EmailAddress.objects.filter(email=email, user=again).exists()


def test_anonymous_visitors_cannot_delete_anything(client, api_client):
    assert client.get("/members/settings/delete/").status_code == 302
    assert api_client.post("/api/v1/me/delete/", {"password": PASSWORD, "keep_posts": True}).status_code in (
        401,
        403,
    )


def test_keep_posts_is_required_in_the_api(member_api, member):
    response = member_api.post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert "keep_posts" in response.json()["errors"]
    member.refresh_from_db()
    assert member.is_active


def test_other_members_are_untouched(lives, django_capture_on_commit_callbacks):
    robin, alex, shared = lives
    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete_request(user=robin.user, password=PASSWORD, keep_posts=False)

    assert CheckIn.objects.filter(user=alex.user).count() == 1
    assert Post.objects.filter(author=alex.user).count() == 3
    assert Reaction.objects.filter(user=alex.user).exists()
    assert Flag.objects.filter(user=alex.user).exists()
    assert User.objects.filter(handle="host_member").exists()
    assert Post.objects.filter(thread=shared, is_opening=True).exists()


def test_erasing_many_posts_takes_a_bounded_number_of_queries(
    lives, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    robin, _, shared = lives
    for _ in range(30):
        PostFactory(thread=shared, author=robin.user)
    UserFactory()
    services.account_delete_request(user=robin.user, password=PASSWORD, keep_posts=False)

    # A constant more for the phones and what was pushed to them and to browsers, and two for the
    # morning pledges (deleting them, and Django's cascade looking for them).
    with django_assert_max_num_queries(114):
        assert services.account_erase(user_id=robin.user.pk)


@pytest.mark.parametrize("keep_posts", [True, False])
def test_every_page_still_works_after_a_member_leaves(
    lives, moderator, django_capture_on_commit_callbacks, keep_posts
):
    robin, alex, shared = lives
    ids = {
        "threads": [robin.own_thread.pk, shared.pk],
        "posts": [robin.reply.pk, robin.opening.pk],
    }
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_hide(moderator=moderator, post=robin.reply, reason="Names an ex")
        forum_services.flag_create(user=alex.user, post=robin.opening, reason="crisis")
        invite = services.partner_invite(inviter=robin.user, handle=alex.user.handle)
        services.partner_invite_accept(user=alex.user, token=invite.token)
        sos = services.sos_send(sender=robin.user, message="SOS-ROBIN")
        phone, _ = services.device_register(user=robin.user, platform="apns", token="5eed" * 16)
        services.account_delete_request(user=robin.user, password=PASSWORD, keep_posts=keep_posts)
    values = {
        "handle": ["robin", alex.user.handle],
        "thread_id": ids["threads"],
        "post_id": ids["posts"],
        "slug": [shared.category.slug],
        "streak_id": [robin.streak.pk],
        "checkin_id": [robin.checkin.pk],
        "urge_id": [robin.urge.pk],
        "slip_id": [robin.slip.pk],
        "award_id": [robin.award.pk],
        "reason_id": [robin.reason.pk],
        "letter_id": [robin.letter.pk],
        "token": ["00000000-0000-4000-8000-000000000000", invite.token],
        "alert_id": [sos.pk],
        "key": [phone.pk, phone.token],
    }
    member, mod = Client(), Client()
    member.force_login(alex.user)
    mod.force_login(moderator)

    pages = {
        url: (visit(member, url, search="REPLY"), visit(mod, url, search="REPLY"))
        for url in urls_about(values)
    }

    shown = " ".join(text for pair in pages.values() for text in pair)
    assert "robin.private.mailbox" not in shown
    assert ("REPLY-ROBIN" in shown) is keep_posts
    assert "CHECKINNOTE-ROBIN" not in shown
    assert "REASON-ROBIN" not in shown and "LETTER-ROBIN" not in shown
    assert "SOS-ROBIN" not in shown
    if keep_posts:
        assert FORMER_MEMBER in pages[f"/forum/t/{robin.own_thread.pk}/"][0]
        assert FORMER_MEMBER in pages[f"/forum/t/{shared.pk}/"][1]  # the hidden reply, for moderators


def test_a_goodbye_email_goes_to_the_former_address(lives, django_capture_on_commit_callbacks):
    robin, _, _ = lives
    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete_request(user=robin.user, password=PASSWORD, keep_posts=True)

    assert [message.to for message in mail.outbox] == [[robin.email]]
    assert "Your account is deleted" in mail.outbox[0].subject
    assert "welcome to join again" in mail.outbox[0].body


def test_guessing_the_password_is_stopped_after_a_few_tries(member_api, member):
    for _ in range(services.DELETE_PASSWORD_TRIES):
        wrong = member_api.post(
            "/api/v1/me/delete/", {"password": "guess", "keep_posts": True}, format="json"
        )
        assert wrong.status_code == 400

    paused = member_api.post("/api/v1/me/delete/", {"password": PASSWORD, "keep_posts": True}, format="json")

    assert paused.status_code == 429
    assert "try again in 15 minutes" in paused.json()["errors"]["password"][0]
    assert int(paused["Retry-After"]) == 15 * 60
    member.refresh_from_db()
    assert member.is_active


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_their_open_flags_still_count_once_they_have_left(
    lives, moderator, django_capture_on_commit_callbacks
):
    robin, alex, shared = lives
    opening = shared.posts.get(is_opening=True)  # already flagged by Robin and by Alex
    third = UserFactory(handle="third_reporter")
    forum_services.flag_create(user=third, post=opening, reason=Flag.Reason.SPAM)
    assert Post.objects.get(pk=opening.pk).status == PostStatus.HIDDEN

    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete_request(user=robin.user, password=PASSWORD, keep_posts=False)

    opening.refresh_from_db()
    assert opening.status == PostStatus.HIDDEN
    assert opening.needs_review
    assert Flag.objects.filter(post=opening, status=Flag.Status.OPEN).count() == 3
    moderators = Client()
    moderators.force_login(moderator)
    queue = moderators.get("/forum/review/").content.decode()
    assert "3 open flags" in queue
    # Their words to the moderators stay (FLAGNOTE-ROBIN), their name does not.
    assert f'<li><bdi>{FORMER_MEMBER}</bdi>: Something else: “<bdi dir="auto">FLAGNOTE-ROBIN</bdi>”' in queue
    assert "<bdi>robin" not in queue
    listed = {
        post["id"]: post for post in _api(moderator).get("/api/v1/forum/moderation/queue/").json()["results"]
    }
    assert sorted(flag["user"] for flag in listed[opening.pk]["flags"]) == sorted(
        [FORMER_MEMBER, alex.user.handle, "third_reporter"]
    )


def test_a_flag_of_a_member_who_left_counts_toward_hiding_a_post(lives, django_capture_on_commit_callbacks):
    robin, alex, _ = lives
    post = PostFactory(body="Her number is ...")
    forum_services.flag_create(user=robin.user, post=post, reason=Flag.Reason.IDENTIFYING)
    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete_request(user=robin.user, password=PASSWORD, keep_posts=False)
    other_leaver = UserFactory()
    forum_services.flag_create(user=other_leaver, post=post, reason=Flag.Reason.IDENTIFYING)
    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete_request(user=other_leaver, password=PASSWORD, keep_posts=False)
    assert Post.objects.get(pk=post.pk).status == PostStatus.PUBLISHED

    forum_services.flag_create(user=alex.user, post=post, reason=Flag.Reason.IDENTIFYING)

    assert Post.objects.get(pk=post.pk).status == PostStatus.HIDDEN


@pytest.mark.parametrize("keep_posts", [True, False])
def test_their_handle_is_gone_from_the_log_and_from_others_notifications(
    lives, moderator, django_capture_on_commit_callbacks, keep_posts
):
    robin, alex, shared = lives
    host = User.objects.get(handle="host_member")
    ThreadFollow.objects.create(thread=shared, user=host)
    # Robin's earlier posts were an hour ago, so a new member's pause between replies is over.
    Post.objects.filter(author=robin.user).update(created_at=timezone.now() - dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        reply = forum_services.reply_create(author=robin.user, thread=shared, body="Thank you @alex, me too.")
        if reply.status == PostStatus.PENDING:
            forum_services.post_approve(moderator=moderator, post=reply)
        forum_services.post_hide(moderator=moderator, post=robin.reply, reason="Names an ex")
        forum_services.member_suspend(
            moderator=moderator, user=robin.user, days=1, reason="A pause to cool off"
        )
    for who in (alex.user, host):
        assert Notification.objects.filter(recipient=who, title__startswith="robin ").exists()
    assert ModerationLogEntry.objects.filter(target__contains="robin").count() >= 2

    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete_request(user=robin.user, password=PASSWORD, keep_posts=keep_posts)

    moderators = Client()
    moderators.force_login(moderator)
    log_page = moderators.get("/forum/log/").content.decode()
    log_api = _api(moderator).get("/api/v1/forum/moderation/log/").content.decode()
    assert "robin" not in log_page.lower()
    assert "robin" not in log_api.lower()
    assert f"Post {robin.reply.pk} by {FORMER_MEMBER} in “{shared.title}”" in log_page
    assert "A former member" in log_page  # the suspension
    assert "Names an ex" in log_page
    for who, kind in ((alex.user, "mentioned you"), (host, "replied")):
        reader = Client()
        reader.force_login(who)
        page = reader.get("/members/notifications/").content.decode()
        api = _api(who).get("/api/v1/notifications/").content.decode()
        assert "robin" not in page.lower()
        assert "robin" not in api.lower()
        assert f"A former member {kind} in “{shared.title}”" in page
    assert ModerationLogEntry.objects.filter(moderator=moderator).count() >= 3
