import pytest

from forum.models import Post, Thread
from streaks.models import MilestoneAward

from .factories import MilestoneAwardFactory

pytestmark = pytest.mark.django_db


def test_sharing_a_milestone_posts_it_in_the_milestones_category_for_moderation(member_api, member):
    award = MilestoneAwardFactory(streak__user=member, days=30)
    response = member_api.post(f"/api/v1/streaks/milestones/{award.pk}/share/")
    assert response.status_code == 201
    thread = Thread.objects.get(pk=response.data["thread_id"])
    assert thread.category.slug == "milestones" and thread.author == member
    assert "30 days" in thread.title
    post = Post.objects.get(thread=thread)
    assert post.milestone_days == 30
    assert response.data["status"] == thread.status == "pending"
    assert "moderator" in response.data["message"]
    award.refresh_from_db()
    assert award.shared_at is not None


def test_a_milestone_is_shared_once(member_api, member):
    award = MilestoneAwardFactory(streak__user=member, days=7)
    member_api.post(f"/api/v1/streaks/milestones/{award.pk}/share/")
    again = member_api.post(f"/api/v1/streaks/milestones/{award.pk}/share/")
    assert again.status_code == 400
    assert "already shared" in again.data["message"]
    assert Thread.objects.count() == 1


def test_share_from_the_history_page(member_client, member):
    award = MilestoneAwardFactory(streak__user=member, days=14)
    response = member_client.post(f"/streak/milestones/{award.pk}/share/", follow=True)
    assert b"Shared" in response.content
    assert Thread.objects.filter(category__slug="milestones", author=member).exists()
    assert MilestoneAward.objects.get(pk=award.pk).shared_at is not None


def test_another_members_milestone_cannot_be_shared_from_the_page(member_client, other_member):
    award = MilestoneAwardFactory(streak__user=other_member)
    assert member_client.post(f"/streak/milestones/{award.pk}/share/").status_code == 404
    assert not Thread.objects.exists()


def test_a_new_member_can_share_a_milestone_and_start_a_thread_in_a_row(member_client, member):
    award = MilestoneAwardFactory(streak__user=member, days=7)
    member_client.post(f"/streak/milestones/{award.pk}/share/")
    response = member_client.post("/forum/c/early-days/new/", {"title": "Seven days", "body": "Still here."})
    assert response.status_code == 302
    assert Thread.objects.filter(author=member).count() == 2
    # A second thread of their own still waits the new member's interval.
    response = member_client.post("/forum/c/early-days/new/", {"title": "Eight", "body": "Another one."})
    assert response.status_code == 200
    assert "New members can start another thread in" in response.content.decode()
    assert Thread.objects.filter(author=member).count() == 2
