"""While a member writes a post, the page can check the crisis phrases as they type."""

import pytest
from django.urls import reverse

from forum.models import CrisisPhrase
from tests.forum.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/forum/crisis-phrases/"


def test_members_get_the_active_phrases_in_lowercase_and_where_help_is(member_api):
    CrisisPhrase.objects.create(phrase="Cannot Go On")
    CrisisPhrase.objects.create(phrase="an old phrase", is_active=False)

    response = member_api.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert "cannot go on" in body["phrases"]
    assert "want to die" in body["phrases"]
    assert "an old phrase" not in body["phrases"]
    assert body["help_url"] == "/help/"
    assert "max-age" in response["Cache-Control"]


def test_visitors_do_not_get_them(api_client):
    assert api_client.get(URL).status_code in (401, 403)


def test_every_post_form_has_the_polite_live_region(member_client, member):
    thread = ThreadFactory()
    PostFactory(thread=thread, is_opening=True)
    own = PostFactory(thread=thread, author=member)
    for url in [
        reverse("forum:thread_new", args=[thread.category.slug]),
        reverse("forum:reply", args=[thread.pk]),
        reverse("forum:post_edit", args=[own.pk]),
        thread.get_absolute_url(),
    ]:
        page = member_client.get(url).content.decode()
        assert f'data-crisis-check="{URL}"' in page, url
        assert 'data-crisis-hint aria-live="polite"' in page, url
        assert 'href="/help/"' in page, url
