"""The posts of a thread page, rendered by the post fragment: escaped like every page, with the
viewer's own CSRF token, and the moderators' controls coming back to the page they were on."""

import re
from unittest.mock import patch

import pytest
from django.test import Client
from jinja2 import Template

from forum import services
from forum.cache import CSRF_PLACEHOLDER
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, published_thread

pytestmark = pytest.mark.django_db
real = Template.render


def _page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_moderators_reason_is_shown_to_the_author_as_text_never_as_markup():
    thread = published_thread(category=CategoryFactory())
    author = UserFactory()
    post = PostFactory(thread=thread, author=author, body="I wrote his full name here.")
    services.post_hide(
        moderator=ModeratorFactory(), post=post, reason='Names <b>him</b> <script>alert("x")</script>'
    )
    page = _page(author, f"{thread.get_absolute_url()}?page=1")
    assert "The reason: Names &lt;b&gt;him&lt;/b&gt; &lt;script&gt;" in page
    assert "<script>alert" not in page


def test_a_moderator_hides_a_post_from_the_page_and_comes_back_to_it():
    thread = published_thread(category=CategoryFactory(), replies=25)
    client = Client(enforce_csrf_checks=True)
    client.force_login(ModeratorFactory())
    url = f"{thread.get_absolute_url()}?page=2"
    page = client.get(url).content.decode()
    assert CSRF_PLACEHOLDER not in page
    assert page.count('name="action" value="hide"') == 6  # posts 21 to 26, twenty a page
    form = re.search(
        r'<form method="post" action="(/forum/p/\d+/moderate/)" class="inline-form">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">\s*'
        r'<input type="hidden" name="version" value="(\d+)"><input type="hidden" name="next" value="([^"]+)">',
        page,
    )
    action, token, version, next_path = form.groups()
    assert next_path == url
    response = client.post(
        action, {"csrfmiddlewaretoken": token, "version": version, "next": next_path, "action": "hide"}
    )
    assert response.status_code == 302
    assert response["Location"] == url


def test_a_member_sees_each_post_time_in_their_own_zone():
    thread = published_thread(category=CategoryFactory(), replies=1)
    post = thread.posts.order_by("-created_at").first()
    member = UserFactory(timezone="Pacific/Kiritimati")
    page = _page(member, thread.get_absolute_url())
    local = post.created_at.astimezone(member.zone)
    assert f'datetime="{local.isoformat()}"' in page
    assert local.strftime("%H:%M") in page


def test_members_in_two_zones_are_served_one_rendering_each_with_their_own_time():
    thread = published_thread(category=CategoryFactory(), replies=1)
    post = thread.posts.order_by("-created_at").first()
    east, west = UserFactory(timezone="Pacific/Kiritimati"), UserFactory(timezone="America/Los_Angeles")
    rendered = []
    with patch.object(
        Template, "render", autospec=True, side_effect=lambda *a, **k: rendered.append(1) or real(*a, **k)
    ):
        first, second = _page(east, thread.get_absolute_url()), _page(west, thread.get_absolute_url())
    assert len(rendered) == 2  # the opening post and the reply, once for both members
    for page, member, other in ((first, east, west), (second, west, east)):
        mine, theirs = post.created_at.astimezone(member.zone), post.created_at.astimezone(other.zone)
        assert f'<time datetime="{mine.isoformat()}">{mine.strftime("%-d %b %Y, %H:%M")}</time>' in page
        assert theirs.isoformat() not in page
    assert "post-time" not in first + second
