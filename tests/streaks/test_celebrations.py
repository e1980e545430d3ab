"""A milestone is celebrated once on the member's next visit, shared with their own words if they
like, and downloaded as a badge that says nothing about who they are."""

import datetime as dt
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from forum.models import Post, PostStatus, Thread
from streaks.models import MilestoneAward
from tests.factories import UserFactory
from tests.forum.factories import trusted

from .factories import EndedStreakFactory, MilestoneAwardFactory, StreakFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/streaks/"
CARD = "You reached a milestone"


@pytest.fixture
def reached_seven(member, days_ago):
    """A member on day 8 whose 3- and 7-day milestones were awarded and not celebrated yet."""
    streak = StreakFactory(user=member, start_date=days_ago(8))
    MilestoneAwardFactory(streak=streak, days=3)
    return MilestoneAwardFactory(streak=streak, days=7)


def test_the_next_visit_shows_the_celebration_until_it_is_closed_then_never_again(
    member_client, reached_seven
):
    first = member_client.get("/streak/").content.decode()
    assert CARD in first
    assert "7 days" in first and "A whole week without contact" in first
    assert "Share it with the community" in first and "Download the badge" in first
    assert f"/streak/milestones/{reached_seven.pk}/badge.svg" in first
    # Reading the page writes nothing: the card is still there on a reload, or after a prefetch.
    assert CARD in member_client.get("/streak/").content.decode()
    assert MilestoneAward.objects.filter(celebrated_at__isnull=False).count() == 0

    closed = member_client.post(f"/streak/milestones/{reached_seven.pk}/celebrated/")

    assert closed.status_code == 302 and closed["Location"] == "/streak/"
    assert CARD not in member_client.get("/streak/").content.decode()
    # The lower milestone reached with it is not celebrated separately afterwards.
    assert MilestoneAward.objects.filter(celebrated_at__isnull=True).count() == 0


def test_the_celebration_card_has_no_inline_style_or_script_and_moves_only_without_reduced_motion(
    member_client, reached_seven
):
    content = member_client.get("/streak/").content.decode()
    body = content.split("<body", 1)[1]
    assert "style=" not in body and "<script>" not in body
    from django.contrib.staticfiles import finders

    with open(finders.find("css/streaks.css")) as stylesheet:
        css = stylesheet.read()
    animated = css.split(".celebration-days { animation")[0]
    assert animated.rstrip().endswith("@media (prefers-reduced-motion: no-preference) {")


def test_a_milestone_of_an_ended_streak_is_not_celebrated_after_the_fact(member_client, member):
    MilestoneAwardFactory(streak=EndedStreakFactory(user=member), days=14)
    StreakFactory(user=member)
    assert CARD not in member_client.get("/streak/").content.decode()


def test_a_back_dated_start_celebrates_only_the_highest_milestone_once(member_client):
    response = member_client.post("/streak/start/", {"began": "held", "days_held": "40", "timezone": "UTC"})
    assert response.status_code == 302
    content = member_client.get("/streak/").content.decode()
    assert content.count(CARD) == 1 and "30 days" in content
    award = MilestoneAward.objects.get(days=30)
    member_client.post(f"/streak/milestones/{award.pk}/celebrated/")
    assert CARD not in member_client.get("/streak/").content.decode()


def test_the_dashboard_makes_the_same_queries_with_a_celebration_as_without(
    member_client, reached_seven, django_assert_max_num_queries
):
    member_client.get("/streak/")
    with CaptureQueriesContext(connection) as with_card:
        assert CARD in member_client.get("/streak/").content.decode()
    member_client.post(f"/streak/milestones/{reached_seven.pk}/celebrated/")
    member_client.get("/streak/")
    with CaptureQueriesContext(connection) as without_card:
        assert CARD not in member_client.get("/streak/").content.decode()
    assert len(with_card.captured_queries) == len(without_card.captured_queries) <= 10


def test_the_api_offers_the_celebration_and_takes_it_as_seen(
    member_api, reached_seven, django_assert_max_num_queries
):
    member_api.get(API + "current/")
    with django_assert_max_num_queries(7):
        celebration = member_api.get(API + "current/").data["celebration"]
    assert celebration["award_id"] == reached_seven.pk and celebration["days"] == 7
    assert celebration["line"] and celebration["shared"] is False
    assert celebration["badge_url"] == f"http://testserver{API}milestones/{reached_seven.pk}/badge.svg"

    seen = member_api.post(f"{API}milestones/{reached_seven.pk}/celebrated/")
    again = member_api.post(f"{API}milestones/{reached_seven.pk}/celebrated/")

    assert seen.status_code == again.status_code == 200
    assert (
        seen.data["celebrated_at"] is not None and again.data["celebrated_at"] == seen.data["celebrated_at"]
    )
    assert member_api.get(API + "current/").data["celebration"] is None
    listed = member_api.get(API + "milestones/").data["results"]
    assert {award["days"] for award in listed if award["celebrated_at"]} == {3, 7}
    assert all(award["badge_url"].endswith("/badge.svg") for award in listed)


def test_another_members_celebration_cannot_be_closed(member_api, member_client, other_member):
    award = MilestoneAwardFactory(streak__user=other_member)
    assert member_api.post(f"{API}milestones/{award.pk}/celebrated/").status_code == 404
    assert member_client.post(f"/streak/milestones/{award.pk}/celebrated/").status_code == 404
    assert MilestoneAward.objects.get(pk=award.pk).celebrated_at is None


# Sharing with the member's own words


def test_sharing_adds_the_members_own_words_and_waits_for_a_moderator(member_api, reached_seven):
    response = member_api.post(
        f"{API}milestones/{reached_seven.pk}/share/",
        {"message": "  Hardest week of my life.  "},
        format="json",
    )

    assert response.status_code == 201
    assert response.data["status"] == "pending" and response.data["crisis"] is False
    post = Post.objects.get(thread_id=response.data["thread_id"])
    assert post.body.startswith("Today I reached 7 days without contact.")
    assert post.body.endswith("Hardest week of my life.")
    assert post.milestone_days == 7 and post.status == PostStatus.PENDING
    # Sharing is seeing the celebration: it does not come back.
    assert member_api.get(API + "current/").data["celebration"] is None


def test_words_in_crisis_are_shared_and_put_first_in_front_of_the_moderators(
    member_api, member, reached_seven
):
    trusted(member)
    response = member_api.post(
        f"{API}milestones/{reached_seven.pk}/share/", {"message": "Some nights I want to die."}, format="json"
    )

    assert response.status_code == 201
    assert response.data["crisis"] is True and response.data["help_url"].endswith("/help/")
    post = Post.objects.get(thread_id=response.data["thread_id"])
    assert post.is_crisis and post.needs_review


def test_too_many_words_are_refused_with_nothing_posted(member_api, reached_seven):
    response = member_api.post(
        f"{API}milestones/{reached_seven.pk}/share/", {"message": "x" * 501}, format="json"
    )

    assert response.status_code == 400
    assert "message" in response.data["errors"]
    assert not Thread.objects.exists()
    assert MilestoneAward.objects.get(pk=reached_seven.pk).shared_at is None


@pytest.mark.parametrize("body", [{"message": {"nested": 1}}, {"message": ["a"]}, {"message": None}])
def test_a_message_that_is_not_text_is_a_400(member_api, reached_seven, body):
    response = member_api.post(f"{API}milestones/{reached_seven.pk}/share/", body, format="json")
    assert response.status_code == 400 and "message" in response.data["errors"]
    assert not Thread.objects.exists()


def test_sharing_twice_says_so_and_posts_once(member_api, reached_seven):
    member_api.post(f"{API}milestones/{reached_seven.pk}/share/", {"message": "One"}, format="json")
    again = member_api.post(f"{API}milestones/{reached_seven.pk}/share/", {"message": "Two"}, format="json")
    assert again.status_code == 400 and "already shared" in again.data["message"]
    assert Thread.objects.count() == 1


def test_the_share_page_takes_own_words(member_client, reached_seven):
    page = member_client.get(f"/streak/milestones/{reached_seven.pk}/share/").content.decode()
    assert "A few words of your own" in page and "(optional)" in page

    response = member_client.post(
        f"/streak/milestones/{reached_seven.pk}/share/", {"message": "Still standing."}, follow=True
    )

    assert "moderator" in response.content.decode()
    assert Post.objects.get().body.endswith("Still standing.")
    assert (
        "already shared"
        in member_client.get(f"/streak/milestones/{reached_seven.pk}/share/").content.decode()
    )


def test_the_share_page_refuses_too_many_words_with_the_form_kept(member_client, reached_seven):
    response = member_client.post(f"/streak/milestones/{reached_seven.pk}/share/", {"message": "y" * 501})
    assert response.status_code == 400
    assert "at most 500 characters" in response.content.decode()
    assert not Thread.objects.exists()


def test_the_share_page_shows_help_at_once_for_words_in_crisis(member_client, member, reached_seven):
    trusted(member)
    response = member_client.post(
        f"/streak/milestones/{reached_seven.pk}/share/", {"message": "I think about suicide."}
    )
    assert response.status_code == 302 and response["Location"] == "/help/"
    assert Post.objects.get(milestone_days=7).is_crisis


def test_sharing_again_from_the_page_says_so(member_client, reached_seven):
    member_client.post(f"/streak/milestones/{reached_seven.pk}/share/")
    response = member_client.post(f"/streak/milestones/{reached_seven.pk}/share/", follow=True)
    assert "already shared" in response.content.decode()
    assert Thread.objects.count() == 1


# The badge


def _badge_is_safe(response, member) -> ElementTree.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    text = response.content.decode()
    for identifying in (member.handle, member.email, member.email.split("@")[0], str(dt.date.today().year)):
        assert identifying.lower() not in text.lower()
    assert "<script" not in text and "href" not in text
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own output, parsed to prove it is XML


@override_settings(SITE_NAME='Us & "them" <no contact>')
def test_the_badge_has_the_day_count_and_the_sites_name_and_nothing_about_the_member(member_client, days_ago):
    member = UserFactory(handle="rosalind_q", email="rosalind.private@example.org")
    member_client.force_login(member)
    award = MilestoneAwardFactory(streak__user=member, streak__start_date=days_ago(40), days=30)

    svg = _badge_is_safe(member_client.get(f"/streak/milestones/{award.pk}/badge.svg"), member)

    texts = [element.text for element in svg.iter() if element.text and element.text.strip()]
    assert "30" in texts and "days of no contact" in texts
    assert 'Us & "them" <no contact>' in texts  # escaped in the file, whole once read


def test_the_badge_from_the_api_is_the_same_image(member_api, member, reached_seven):
    response = member_api.get(f"{API}milestones/{reached_seven.pk}/badge.svg")
    svg = _badge_is_safe(response, member)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"


def test_another_members_badge_is_not_found(member_client, member_api, other_member):
    award = MilestoneAwardFactory(streak__user=other_member)
    assert member_client.get(f"/streak/milestones/{award.pk}/badge.svg").status_code == 404
    assert member_api.get(f"{API}milestones/{award.pk}/badge.svg").status_code == 404


def test_reading_the_card_the_share_page_the_badge_and_the_api_writes_nothing(
    member_client, member_api, reached_seven
):
    paths = [
        (member_client, "/streak/"),
        (member_client, f"/streak/milestones/{reached_seven.pk}/share/"),
        (member_client, f"/streak/milestones/{reached_seven.pk}/badge.svg"),
        (member_api, API + "current/"),
        (member_api, f"{API}milestones/{reached_seven.pk}/badge.svg"),
    ]
    for client, path in paths:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        writes = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        assert not [sql for sql in writes if "django_session" not in sql], path
    assert MilestoneAward.objects.filter(celebrated_at__isnull=False).count() == 0


def test_a_milestone_reached_before_the_sweep_is_celebrated_once_awarded(member_client, member, days_ago):
    streak = StreakFactory(user=member, start_date=days_ago(8))
    MilestoneAwardFactory(streak=streak, days=3)
    content = member_client.get("/streak/").content.decode()
    assert "Celebrate my 7-day milestone" in content and CARD not in content

    member_client.post("/streak/milestones/celebrate/")
    content = member_client.get("/streak/").content.decode()
    assert CARD in content and "A whole week without contact" in content

    member_client.post(f"/streak/milestones/{MilestoneAward.objects.get(days=7).pk}/celebrated/")
    assert CARD not in member_client.get("/streak/").content.decode()
    assert not MilestoneAward.objects.filter(celebrated_at__isnull=True).exists()
