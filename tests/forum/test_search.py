"""Search: plain-text excerpts with the matched words marked, clear words for a query too long or
empty, and filters by category and author, on the page and in the API."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, published_thread

pytestmark = pytest.mark.django_db


def _page(user, query: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/forum/search/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def _api(user, query: str):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(f"/api/v1/forum/search/?{query}")


@pytest.mark.postgres
def test_results_show_plain_text_with_the_matched_words_marked_and_nothing_a_member_wrote_as_markup(member):
    thread = published_thread(title="Hard evenings")
    PostFactory(thread=thread, body="**Maya** said the <b>evenings</b> are long <script>x()</script>")

    page = _page(member, "q=evenings")
    excerpt = next(
        r["excerpt"] for r in _api(member, "q=evenings").json()["results"] if "Maya" in r["excerpt"]
    )

    assert "<mark>evenings</mark>" in excerpt
    assert "**" not in excerpt and "<b>" not in excerpt and "<script" not in excerpt
    assert "<mark>evenings</mark>" in page
    assert "**Maya**" not in page


def test_a_query_over_200_characters_says_so_on_the_page_and_is_a_400_in_the_api(member):
    long = "a" * 300

    page = _page(member, f"q={long}")
    response = _api(member, f"q={long}")

    assert "Please search with 200 characters or fewer" in page
    assert response.status_code == 400 and "q" in response.json()["errors"]


def test_an_empty_query_asks_for_a_word(member):
    assert "Type a word or two to search for" in _page(member, "q=+++")
    assert "Type a word or two" not in _page(member, "")


def test_results_can_be_filtered_by_category_and_author(member):
    maya, sam = UserFactory(handle="maya_search"), UserFactory(handle="sam_search")
    here, there = CategoryFactory(), CategoryFactory()
    PostFactory(thread=published_thread(category=here), author=maya, body="Breathing helps MAYAHERE")
    PostFactory(thread=published_thread(category=there), author=maya, body="Breathing helps MAYATHERE")
    PostFactory(thread=published_thread(category=here), author=sam, body="Breathing helps SAMHERE")

    in_here = _page(member, f"q=breathing&category={here.slug}")
    by_maya = _page(member, "q=breathing&author=maya_search")
    api = {
        r["excerpt"].split()[-1]
        for r in _api(member, f"q=breathing&category={here.slug}&author=@maya_search").json()["results"]
    }

    assert "MAYAHERE" in in_here and "SAMHERE" in in_here and "MAYATHERE" not in in_here
    assert "MAYAHERE" in by_maya and "MAYATHERE" in by_maya and "SAMHERE" not in by_maya
    assert api == {"MAYAHERE"}
    assert "No member has that handle" in _page(member, "q=breathing&author=nobody_at_all")
