"""Member pages: public profiles, settings, blocking and the notification inbox."""

import pytest

from accounts.models import Block, Notification
from accounts.services import notifications_create
from tests.accounts.visibility import VISIBILITY_CASES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_profile_shows_the_handle_and_bio_never_the_email(client, member, django_assert_max_num_queries):
    member.bio_html = "<p>One day at a time.</p>"
    member.save()

    with django_assert_max_num_queries(2):
        response = client.get(f"/members/{member.handle.upper()}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert member.handle in html
    assert "<p>One day at a time.</p>" in html
    assert member.email not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_profile_of_nobody_is_a_404(client):
    assert client.get("/members/nobody_here/").status_code == 404


PRIVATE = "keeps their streak private"


@pytest.mark.parametrize(("visibility", "viewer", "visible"), VISIBILITY_CASES)
def test_profile_respects_streak_visibility(client, other_member, visibility, viewer, visible):
    owner = UserFactory(streak_visibility=visibility)
    if viewer == "member":
        client.force_login(other_member)
    elif viewer == "owner":
        client.force_login(owner)

    response = client.get(f"/members/{owner.handle}/")

    assert response.status_code == 200
    assert response.context["show_streak"] is visible
    assert (PRIVATE in response.content.decode()) is (not visible)


def test_owner_is_told_who_sees_their_streak(member_client, member):
    response = member_client.get(f"/members/{member.handle}/")

    assert b"Your streak is visible to: members" in response.content


def test_block_and_unblock_from_the_profile(member_client, member, other_member):
    profile = f"/members/{other_member.handle}/"
    assert b"Block " in member_client.get(profile).content

    response = member_client.post(f"{profile}block/", follow=True)

    assert Block.objects.filter(blocker=member, blocked=other_member).exists()
    assert f"You have blocked {other_member.handle}".encode() in response.content
    assert f"Unblock <bdi>{other_member.handle}</bdi>".encode() in response.content

    response = member_client.post(f"{profile}unblock/", follow=True)

    assert not Block.objects.filter(blocker=member, blocked=other_member).exists()
    assert f"You have unblocked {other_member.handle}".encode() in response.content


def test_blocking_twice_keeps_one_block(member_client, member, other_member):
    member_client.post(f"/members/{other_member.handle}/block/")
    member_client.post(f"/members/{other_member.handle}/block/")

    assert Block.objects.filter(blocker=member, blocked=other_member).count() == 1


def test_a_member_cannot_block_themselves(member_client, member):
    response = member_client.post(f"/members/{member.handle}/block/", follow=True)

    assert not Block.objects.exists()
    assert b"You cannot block yourself." in response.content


def test_blocking_needs_a_post(member_client, other_member):
    assert member_client.get(f"/members/{other_member.handle}/block/").status_code == 405
    assert not Block.objects.exists()


def test_blocking_needs_a_logged_in_member(client, other_member):
    response = client.post(f"/members/{other_member.handle}/block/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Block.objects.exists()


def test_settings_lists_blocked_members_with_unblock(member_client, member, django_assert_max_num_queries):
    for _ in range(3):
        Block.objects.create(blocker=member, blocked=UserFactory())

    with django_assert_max_num_queries(8):
        response = member_client.get("/members/settings/")

    assert response.status_code == 200
    assert response.content.count(b"Unblock<span") == 3


def settings_data(**overrides):
    return {
        "handle": "calm_river",
        "bio": "Hello *there*",
        "timezone": "Asia/Tokyo",
        "streak_visibility": "everyone",
        "email_on_milestone": "on",
        **overrides,
    }


def test_settings_keeps_the_saved_time_zone_without_browser_prefill(member_client):
    response = member_client.get("/members/settings/")

    assert b'<option value="Europe/Paris" selected>' in response.content
    assert b"data-browser-timezone" not in response.content


def test_settings_saves_the_profile(member_client, member):
    response = member_client.post("/members/settings/", settings_data(), follow=True)

    assert b"Your settings are saved." in response.content
    member.refresh_from_db()
    assert member.handle == "calm_river"
    assert member.bio_html == "<p>Hello <em>there</em></p>\n"
    assert member.timezone == "Asia/Tokyo"
    assert member.streak_visibility == "everyone"
    assert member.email_on_milestone
    assert not member.email_on_reply
    assert not member.email_on_moderation


def test_settings_sanitizes_the_bio(member_client, member):
    member_client.post(
        "/members/settings/", settings_data(bio="<img src=x onerror=alert(1)>[x](javascript:alert(1))")
    )

    member.refresh_from_db()
    assert "<img" not in member.bio_html
    assert "&lt;img" in member.bio_html
    assert 'href="javascript' not in member.bio_html


@pytest.mark.parametrize("taken", ["Calm_River", "CALM_RIVER"])
def test_settings_refuses_a_handle_taken_in_any_letter_case(member_client, member, taken):
    UserFactory(handle="calm_river")

    response = member_client.post("/members/settings/", settings_data(handle=taken))

    assert response.status_code == 200
    assert response.context["form"].errors["handle"] == ["That handle is already taken."]
    member.refresh_from_db()
    assert member.handle.startswith("member_")
    assert member.timezone == "Europe/Paris"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"timezone": "Europe/Atlantis"}, "timezone"),
        ({"handle": "no spaces"}, "handle"),
        ({"handle": "x"}, "handle"),
    ],
)
def test_settings_refuses_bad_input_with_the_field(member_client, member, overrides, field):
    response = member_client.post("/members/settings/", settings_data(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    member.refresh_from_db()
    assert member.bio == ""


def test_settings_needs_a_logged_in_member(client):
    response = client.get("/members/settings/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_notifications_page_lists_and_marks_read(member_client, member, django_assert_max_num_queries):
    notifications_create(recipients=[member] * 3, kind="reply", title="Someone replied to you")
    notifications_create(recipients=[UserFactory()], kind="reply", title="Not for you")

    with django_assert_max_num_queries(8):
        response = member_client.get("/members/notifications/")

    assert response.content.count(b"Someone replied to you") == 3
    assert b"Not for you" not in response.content
    member_client.post("/members/notifications/read/")
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
