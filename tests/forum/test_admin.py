"""The forum in Django's admin: members' content and moderators' decisions are for reading only.

Changes made there would skip the forum's services: no moderation log entry, no cache refresh, no
notification. Moderators use the site's own moderation pages; categories and crisis phrases,
which no service manages, stay editable.
"""

import pytest
from django.test import Client
from django.urls import reverse

from forum.models import Category, Flag, ModerationLogEntry, Post, Suspension, Thread
from forum.services import flag_create, member_suspend, post_hide
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import PostFactory, published_thread

pytestmark = pytest.mark.django_db

CONTENT = [Thread, Post, Flag, Suspension, ModerationLogEntry]


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def forum():
    """One of each: a thread, a post hidden by a moderator, a flag and a suspension, all logged."""
    moderator = ModeratorFactory()
    thread = published_thread()
    post = PostFactory(thread=thread)
    post_hide(moderator=moderator, post=post, reason="Names someone's ex.")
    flag_create(user=UserFactory(), post=thread.posts.get(is_opening=True), reason=Flag.Reason.OFF_TOPIC)
    member_suspend(moderator=moderator, user=post.author, days=7, reason="A pause to cool down.")
    return {model: model.objects.first() for model in CONTENT}


def rows() -> dict:
    return {model: list(model.objects.order_by("pk").values()) for model in CONTENT}


def admin_url(obj, action: str) -> str:
    return reverse(f"admin:forum_{obj._meta.model_name}_{action}", args=[obj.pk])


@pytest.mark.parametrize("model", CONTENT, ids=lambda model: model.__name__)
def test_content_can_be_read_in_the_admin_but_not_changed_or_deleted(admin_client, forum, model):
    obj = forum[model]
    before = rows()

    page = admin_client.get(admin_url(obj, "change"))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert b'name="_save"' not in page.content
    assert admin_client.post(admin_url(obj, "change"), {}).status_code == 403
    assert admin_client.get(admin_url(obj, "delete")).status_code == 403
    assert admin_client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse(f"admin:forum_{model._meta.model_name}_add")).status_code == 403
    changelist = reverse(f"admin:forum_{model._meta.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})

    assert rows() == before


def test_changing_a_thread_in_the_admin_leaves_it_and_the_log_as_they_were(admin_client, forum):
    thread = forum[Thread]
    other = Category.objects.exclude(pk=thread.category_id).first()
    before = rows()

    response = admin_client.post(
        admin_url(thread, "change"),
        {"title": "Renamed behind everyone's back", "category": other.pk, "author": thread.author_id},
    )

    assert response.status_code == 403
    assert rows() == before


def test_a_category_changed_in_the_admin_shows_at_once(admin_client, forum):
    """Category pages are cached for visitors: a change made in the admin refreshes them."""
    category = forum[Thread].category
    category.is_public = True
    category.save()
    page = reverse("forum:category", args=[category.slug])
    assert category.name.encode() in Client().get(page).content
    data = {
        "name": "Early days, together",
        "slug": category.slug,
        "description": category.description,
        "position": category.position,
        "is_public": "on",
    }

    response = admin_client.post(reverse("admin:forum_category_change", args=[category.pk]), data)

    assert response.status_code == 302
    assert b"Early days, together" in Client().get(page).content
