"""/api/v1/me/ and /api/v1/members/<handle>/ through the public API."""

import pytest

from accounts import profile_sections
from accounts.models import User
from tests.accounts.visibility import VISIBILITY_CASES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def streak_section(monkeypatch):
    """A profile section as another app adds it, recording who asked."""
    calls = []

    def provider(member, viewer):
        calls.append((member, viewer))
        return {"template": "accounts/profile.html", "data": {"days": 12}}

    monkeypatch.setitem(profile_sections._providers, "streak", provider)
    return calls


def test_me_shows_my_own_profile_with_my_email(member_api, member, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # is_moderator: own permissions, then groups
        response = member_api.get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json() == {
        "handle": member.handle,
        "email": member.email,
        "bio": "",
        "bio_html": "",
        "timezone": "Europe/Paris",
        "streak_visibility": "members",
        "email_on_milestone": True,
        "email_on_reply": True,
        "email_on_moderation": True,
        "email_on_partner": True,
        "email_on_right_now": False,
        "listener": False,
        "is_moderator": False,
        "member_since": response.json()["member_since"],
    }


def test_me_says_when_i_am_a_moderator(api_client, moderator):
    api_client.force_authenticate(moderator)

    assert api_client.get("/api/v1/me/").json()["is_moderator"] is True


def test_me_needs_a_logged_in_member(api_client):
    response = api_client.get("/api/v1/me/")

    assert response.status_code in (401, 403)
    assert response.json()["message"]
    assert response.json()["errors"] == {}


def test_patch_me_updates_my_profile(member_api, member, django_assert_max_num_queries):
    data = {
        "handle": "New_Name",
        "bio": "Day **ten**. <script>alert(1)</script>",
        "timezone": "America/Toronto",
        "streak_visibility": "only_me",
        "email_on_milestone": False,
        "email_on_reply": False,
        "email_on_moderation": False,
    }
    with django_assert_max_num_queries(8):
        response = member_api.patch("/api/v1/me/", data, format="json")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["handle"] == "New_Name"
    assert "<strong>ten</strong>" in body["bio_html"]
    assert "<script>" not in body["bio_html"]
    member.refresh_from_db()
    assert member.handle == "New_Name"
    assert member.timezone == "America/Toronto"
    assert member.streak_visibility == User.StreakVisibility.ONLY_ME
    assert not (member.email_on_milestone or member.email_on_reply or member.email_on_moderation)


def test_patch_me_changes_only_what_is_sent(member_api, member):
    response = member_api.patch("/api/v1/me/", {"email_on_reply": False}, format="json")

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.email_on_reply is False
    assert member.email_on_milestone is True
    assert member.timezone == "Europe/Paris"


def test_patch_me_ignores_fields_a_member_may_not_set(member_api, member):
    response = member_api.patch(
        "/api/v1/me/",
        {"is_staff": True, "is_superuser": True, "email": "x@example.com", "id": 999, "bio": "hi"},
        format="json",
    )

    assert response.status_code == 200
    member.refresh_from_db()
    assert not member.is_staff
    assert not member.is_superuser
    assert member.email != "x@example.com"
    assert member.pk != 999
    assert member.bio == "hi"


def test_patch_me_refuses_an_invalid_time_zone(member_api, member):
    response = member_api.patch("/api/v1/me/", {"timezone": "Europe/Atlantis"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "timezone": ["Please choose a time zone from the list, such as Europe/Paris."]
    }
    assert response.json()["message"]
    member.refresh_from_db()
    assert member.timezone == "Europe/Paris"


@pytest.mark.parametrize("taken", ["taken_name", "TAKEN_NAME", "Taken_Name"])
def test_patch_me_refuses_a_handle_taken_in_any_letter_case(member_api, member, taken):
    UserFactory(handle="taken_name")

    response = member_api.patch("/api/v1/me/", {"handle": taken, "bio": "changed"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"handle": ["That handle is already taken."]}
    member.refresh_from_db()
    assert member.handle.startswith("member_")
    assert member.bio == ""


@pytest.mark.parametrize("reserved", ["Moderator", "ADMIN", "support"])
def test_patch_me_refuses_a_reserved_handle(member_api, member, reserved):
    response = member_api.patch("/api/v1/me/", {"handle": reserved}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"handle": ["That handle is reserved. Please choose another."]}
    member.refresh_from_db()
    assert member.handle.startswith("member_")


def test_patch_me_allows_changing_the_letter_case_of_my_own_handle(member_api, member):
    response = member_api.patch("/api/v1/me/", {"handle": member.handle.upper()}, format="json")

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.handle == member.handle.upper()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"handle": "ab"}, "handle"),
        ({"handle": "has space"}, "handle"),
        ({"streak_visibility": "friends"}, "streak_visibility"),
        ({"bio": "x" * 1001}, "bio"),
        ({"email_on_reply": "perhaps"}, "email_on_reply"),
        ({"timezone": None}, "timezone"),
    ],
)
def test_patch_me_bad_input_is_a_400_with_the_field(member_api, data, field):
    response = member_api.patch("/api/v1/me/", data, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_patch_me_with_a_body_that_is_not_json_is_a_400(member_api):
    response = member_api.generic("PATCH", "/api/v1/me/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["message"]


def test_member_profile_never_shows_the_email(api_client, member, django_assert_max_num_queries):
    member.bio = "Hello"
    member.bio_html = "<p>Hello</p>"
    member.save()

    with django_assert_max_num_queries(1):
        response = api_client.get(f"/api/v1/members/{member.handle.upper()}/")

    assert response.status_code == 200
    body = response.json()
    assert body["handle"] == member.handle
    assert body["bio_html"] == "<p>Hello</p>"
    assert "member_since" in body
    assert member.email not in response.content.decode()
    assert "email" not in body


def test_member_profile_of_nobody_is_a_json_404(member_api):
    response = member_api.get("/api/v1/members/nobody_here/")

    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "errors": {}}


def test_member_profile_of_a_deactivated_member_is_a_404(member_api, other_member):
    other_member.is_active = False
    other_member.save()

    assert member_api.get(f"/api/v1/members/{other_member.handle}/").status_code == 404


def test_member_profile_carries_the_sections_other_apps_add(member_api, other_member, streak_section):
    response = member_api.get(f"/api/v1/members/{other_member.handle}/")

    assert response.json()["sections"] == {"streak": {"days": 12}}
    assert streak_section[0][0] == other_member


@pytest.mark.parametrize(("visibility", "viewer", "visible"), VISIBILITY_CASES)
def test_member_profile_says_whether_the_viewer_may_see_the_streak(
    api_client, member, other_member, visibility, viewer, visible
):
    owner = UserFactory(streak_visibility=visibility)
    if viewer == "member":
        api_client.force_authenticate(other_member)
    elif viewer == "owner":
        api_client.force_authenticate(owner)

    response = api_client.get(f"/api/v1/members/{owner.handle}/")

    assert response.status_code == 200
    assert response.json()["streak_visible"] is visible


def test_profile_update_leaves_the_member_untouched_when_refused(member):
    from django.core.exceptions import ValidationError

    from accounts.services import profile_update
    from community.exceptions import ApplicationError

    UserFactory(handle="taken_name")
    with pytest.raises(ApplicationError):
        profile_update(user=member, data={"handle": "TAKEN_NAME", "bio": "new"})
    with pytest.raises(ValidationError):
        profile_update(user=member, data={"timezone": "Mars/Base", "bio": "new"})

    assert member.handle.startswith("member_")
    assert member.bio == member.bio_html == ""
    assert member.timezone == "Europe/Paris"
