"""Cached thread pages and lists: a new post, an edit or a moderator's hide shows at once to everyone."""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Block
from forum import services
from forum.models import Post, Reaction
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, published_thread, trusted

# Writes commit for real, so the cache versions are bumped exactly as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def _client(user=None, *, enforce_csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def public_thread():
    return published_thread(category=CategoryFactory(is_public=True), replies=3)


def _text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_is_served_a_public_thread_from_the_cache(public_thread, django_assert_max_num_queries):
    url = public_thread.get_absolute_url()
    first = _text(_client(), url)
    with django_assert_max_num_queries(0):
        again = _text(_client(), url)
    assert again == first


def test_a_new_reply_shows_at_once_to_a_visitor_and_a_member(public_thread):
    reader = UserFactory()
    url = public_thread.get_absolute_url()
    visitor, member = _client(), _client(reader)
    assert "Thank you for sharing this" not in _text(visitor, url)
    assert "Thank you for sharing this" not in _text(member, url)

    author = trusted(UserFactory())
    response = _client(author).post(f"{url}reply/", {"body": "Thank you for sharing this, it helps."})
    assert response.status_code == 302

    assert "Thank you for sharing this" in _text(visitor, url)
    assert "Thank you for sharing this" in _text(member, url)


def test_an_edit_shows_at_once_to_a_visitor_and_a_member(public_thread):
    author = UserFactory()
    post = PostFactory(thread=public_thread, author=author, body="I texted today.")
    url = public_thread.get_absolute_url()
    visitor, member = _client(), _client(UserFactory())
    assert "I texted today." in _text(visitor, url)
    assert "I texted today." in _text(member, url)

    response = _client(author).post(
        f"/forum/p/{post.pk}/edit/", {"body": "I wanted to text today, and I did not."}
    )
    assert response.status_code == 302

    for client in (visitor, member):
        text = _text(client, url)
        assert "I wanted to text today, and I did not." in text
        assert "I texted today." not in text


def test_a_moderators_hide_shows_at_once_to_a_visitor_and_a_member(public_thread):
    post = PostFactory(thread=public_thread, body="Here is his phone number, call him.")
    url = public_thread.get_absolute_url()
    visitor, member = _client(), _client(UserFactory())
    assert "his phone number" in _text(visitor, url)
    assert "his phone number" in _text(member, url)

    response = _client(ModeratorFactory()).post(
        f"/forum/p/{post.pk}/moderate/",
        {"action": "hide", "reason": "Identifying details", "version": post.version},
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).status == "hidden"

    assert "his phone number" not in _text(visitor, url)
    assert "his phone number" not in _text(member, url)


def test_a_new_thread_shows_at_once_in_a_cached_public_list():
    category = CategoryFactory(is_public=True)
    published_thread(category=category)
    url = category.get_absolute_url()
    visitor = _client()
    assert "Getting through the first weekend" not in _text(visitor, url)

    services.thread_create(
        author=ModeratorFactory(),
        category=category,
        title="Getting through the first weekend",
        body="You can.",
    )

    assert "Getting through the first weekend" in _text(visitor, url)


def test_a_thread_moved_to_a_members_only_category_leaves_the_visitors_cache(public_thread):
    url = public_thread.get_absolute_url()
    assert _client().get(url).status_code == 200

    services.thread_move(moderator=ModeratorFactory(), thread=public_thread, category=CategoryFactory())

    response = _client().get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_each_member_gets_their_own_csrf_token_and_reactions_in_shared_fragments(public_thread):
    post = public_thread.posts.order_by("id").last()
    first, second = UserFactory(), UserFactory()
    Reaction.objects.create(post=post, user=first, kind="hug")
    url = public_thread.get_absolute_url()
    _text(_client(first), url)  # renders and keeps the fragments

    client = _client(second, enforce_csrf=True)
    text = _text(client, url)
    token = client.cookies["csrftoken"].value
    assert re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
    assert "forum-csrf-placeholder" not in text
    # The hug of the first member shows as theirs only.
    article = text.split(f'id="post-{post.pk}"', 1)[1].split("</article>", 1)[0]
    assert 'aria-pressed="true"' not in article
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', article).group(1)
    response = client.post(
        f"/forum/p/{post.pk}/react/", {"kind": "stay_strong", "csrfmiddlewaretoken": form_token}
    )
    assert response.status_code == 302, "the token in a shared fragment is the viewer's own"
    assert token
    assert Reaction.objects.filter(post=post, user=second, kind="stay_strong").exists()
    assert (
        'aria-pressed="true"' in _text(client, url).split(f'id="post-{post.pk}"', 1)[1].split("</article>")[0]
    )


def test_a_visitor_with_a_message_waiting_is_not_served_a_shared_page(public_thread):
    url = public_thread.get_absolute_url()
    _text(_client(), url)
    visitor = _client()
    visitor.cookies["messages"] = "something"
    # Rendered afresh (it reads the database) rather than taken from the cache.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert visitor.get(url).status_code == 200
    assert len(queries) > 0


def test_a_members_only_thread_is_never_cached_for_visitors():
    thread = published_thread(category=CategoryFactory(is_public=False))
    url = thread.get_absolute_url()
    assert _client(UserFactory()).get(url).status_code == 200
    response = _client().get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_moderators_see_every_control_on_a_thread_members_have_seen(public_thread):
    url = public_thread.get_absolute_url()
    _text(_client(UserFactory()), url)
    text = _text(_client(ModeratorFactory()), url)
    assert "Moderate text and history" in text


def test_cached_thread_page_query_count_for_a_member(public_thread, django_assert_max_num_queries):
    for _ in range(20):
        PostFactory(thread=public_thread)
    member = _client(UserFactory())
    url = public_thread.get_absolute_url()
    _text(member, url)
    # The session, the member, the thread with what is theirs in it, the reactions on the page.
    with django_assert_max_num_queries(4):
        _text(member, url)


def test_thread_list_rows_are_shared_but_news_markers_stay_each_members_own(django_assert_max_num_queries):
    category = CategoryFactory()
    thread = published_thread(category=category)
    reader, newcomer = UserFactory(), UserFactory()
    reader_client, newcomer_client = _client(reader), _client(newcomer)
    _text(reader_client, thread.get_absolute_url())  # the reader has opened it
    author = trusted(UserFactory())
    services.reply_create(author=author, thread=thread, body="Day three, holding on.")

    assert "New posts" in _text(reader_client, category.get_absolute_url())
    with django_assert_max_num_queries(10):
        text = _text(newcomer_client, category.get_absolute_url())
    assert "New posts" not in text
    assert "2 posts" in text


def test_a_new_reply_updates_a_members_thread_list_at_once():
    category = CategoryFactory()
    thread = published_thread(category=category)
    client = _client(UserFactory())
    assert "1 post " in _text(client, category.get_absolute_url())
    services.reply_create(author=trusted(UserFactory()), thread=thread, body="You are not alone in this.")
    assert "2 posts" in _text(client, category.get_absolute_url())


def test_a_member_who_leaves_disappears_at_once_from_cached_pages(public_thread):
    leaving = UserFactory(handle="leaving_soon")
    PostFactory(thread=public_thread, author=leaving, body="Thank you all, truly.")
    url = public_thread.get_absolute_url()
    visitor, member = _client(), _client(UserFactory())
    assert "leaving_soon" in _text(visitor, url)
    assert "leaving_soon" in _text(member, url)

    leaving.delete()

    assert "leaving_soon" not in _text(visitor, url)
    assert "leaving_soon" not in _text(member, url)


def test_a_block_collapses_the_blocked_members_posts_at_once(public_thread):
    other = UserFactory()
    PostFactory(thread=public_thread, author=other, body="Something hurtful.")
    reader = UserFactory()
    client = _client(reader)
    assert "A post from a member you blocked" not in _text(client, public_thread.get_absolute_url())

    Block.objects.create(blocker=reader, blocked=other)

    assert "A post from a member you blocked" in _text(client, public_thread.get_absolute_url())
    assert "A post from a member you blocked" not in _text(
        _client(UserFactory()), public_thread.get_absolute_url()
    )


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _api_posts(client: APIClient, thread) -> dict[int, dict]:
    response = client.get(f"/api/v1/forum/threads/{thread.pk}/posts/")
    assert response.status_code == 200
    return {post["id"]: post for post in response.json()["results"]}


def test_the_api_shows_an_edit_a_reaction_and_a_hide_at_once(public_thread):
    author, reader = UserFactory(), UserFactory()
    post = PostFactory(thread=public_thread, author=author, body="I texted today.")
    reading = _api(reader)
    assert _api_posts(reading, public_thread)[post.pk]["body"] == "I texted today."

    edited = _api(author).patch(
        f"/api/v1/forum/posts/{post.pk}/edit/", {"body": "I nearly did, and did not."}
    )
    assert edited.status_code == 200
    assert _api_posts(reading, public_thread)[post.pk]["body"] == "I nearly did, and did not."

    reacted = _api(UserFactory()).post(f"/api/v1/forum/posts/{post.pk}/reactions/", {"kind": "hug"})
    assert reacted.status_code in (200, 201)
    hugs = {r["kind"]: r for r in _api_posts(reading, public_thread)[post.pk]["reactions"]}["hug"]
    assert hugs == {"kind": "hug", "label": hugs["label"], "count": 1, "mine": False}

    version = _api_posts(reading, public_thread)[post.pk]["version"]
    hidden = _api(ModeratorFactory()).post(
        f"/api/v1/forum/moderation/posts/{post.pk}/hide/",
        {"reason": "Identifying details", "version": version},
    )
    assert hidden.status_code == 200, hidden.json()
    assert post.pk not in _api_posts(reading, public_thread)
    assert _api_posts(_api(author), public_thread)[post.pk]["status"] == "hidden"


def test_posts_kept_for_the_api_stay_each_members_own(public_thread):
    author, other, blocker = UserFactory(), UserFactory(), UserFactory()
    post = PostFactory(thread=public_thread, author=author, body="A hard evening.")
    Reaction.objects.create(post=post, user=other, kind="hug")
    assert _api_posts(_api(other), public_thread)[post.pk]["reactions"][0]["mine"] is True

    Block.objects.create(blocker=blocker, blocked=author)
    seen_by_blocker = _api_posts(_api(blocker), public_thread)[post.pk]
    assert seen_by_blocker["is_from_blocked"] is True
    assert all(not reaction["mine"] for reaction in seen_by_blocker["reactions"])
    seen_by_author = _api_posts(_api(author), public_thread)[post.pk]
    assert seen_by_author["is_from_blocked"] is False
    assert _api_posts(_api(other), public_thread)[post.pk]["is_from_blocked"] is False


def test_the_api_thread_posts_query_count_for_a_member(public_thread, django_assert_max_num_queries):
    PostFactory.create_batch(30, thread=public_thread)
    client = _api(UserFactory())
    _api_posts(client, public_thread)
    with django_assert_max_num_queries(5):
        posts = _api_posts(client, public_thread)
    assert len(posts) == 20


def test_a_members_own_waiting_post_shows_to_them_alone_on_a_shared_page(public_thread):
    url = public_thread.get_absolute_url()
    reader, newcomer, visitor = _client(UserFactory()), _client(UserFactory()), _client()
    for client in (reader, newcomer, visitor):
        assert "My very first words here." not in _text(client, url)

    response = newcomer.post(f"/forum/t/{public_thread.pk}/reply/", {"body": "My very first words here."})
    assert response.status_code == 302
    assert Post.objects.get(body="My very first words here.").status == "pending"

    assert "My very first words here." in _text(newcomer, url)
    assert "My very first words here." not in _text(reader, url)
    assert "My very first words here." not in _text(visitor, url)


def test_through_the_api_a_members_own_waiting_post_shows_to_them_alone(public_thread):
    reader, newcomer = UserFactory(), UserFactory()
    before = _api_posts(_api(reader), public_thread)
    assert _api_posts(_api(newcomer), public_thread) == before

    response = _api(newcomer).post(
        f"/api/v1/forum/threads/{public_thread.pk}/replies/", {"body": "My very first words here."}
    )
    assert response.status_code == 201, response.json()
    waiting = response.json()["id"]
    assert response.json()["status"] == "pending"

    assert _api_posts(_api(newcomer), public_thread)[waiting]["body"] == "My very first words here."
    assert waiting not in _api_posts(_api(reader), public_thread)
    assert waiting not in _api_posts(_api(UserFactory()), public_thread)


def test_api_pages_shared_between_members_follow_the_cursor(public_thread):
    PostFactory.create_batch(30, thread=public_thread)
    first, second = _api(UserFactory()), _api(UserFactory())
    page = first.get(f"/api/v1/forum/threads/{public_thread.pk}/posts/?page_size=10").json()
    following = first.get(page["next"]).json()
    assert second.get(page["next"]).json()["results"] == following["results"]
    assert not {post["id"] for post in page["results"]} & {post["id"] for post in following["results"]}


def test_thread_list_pages_count_a_new_thread_at_once_and_a_members_own_waiting_one_for_them_only():
    category = CategoryFactory(is_public=True)
    for _ in range(10):
        published_thread(category=category)
    url = f"/forum/c/{category.slug}/?per_page=5"
    newcomer, reader, visitor = _client(UserFactory()), _client(UserFactory()), _client()
    for client in (newcomer, reader, visitor):
        assert "Page 1 of 2" in _text(client, url)

    response = newcomer.post(
        f"/forum/c/{category.slug}/new/", {"title": "Hello from a newcomer", "body": "My first thread."}
    )
    assert response.status_code == 302
    assert "Page 1 of 3" in _text(newcomer, url)
    assert "Page 1 of 2" in _text(reader, url)
    assert "Page 1 of 2" in _text(visitor, url)

    services.thread_create(author=trusted(UserFactory()), category=category, title="One more", body="Hi.")
    for client in (newcomer, reader, visitor):
        assert "Page 1 of 3" in _text(client, url)


def test_a_members_news_marker_never_reaches_a_visitor_through_shared_rows():
    category = CategoryFactory(is_public=True)
    thread = published_thread(category=category)
    reader = _client(UserFactory())
    _text(reader, thread.get_absolute_url())  # the reader has opened it
    services.reply_create(author=trusted(UserFactory()), thread=thread, body="Day three, holding on.")

    assert "New posts" in _text(reader, category.get_absolute_url())  # the rows are now kept
    assert "New posts" not in _text(_client(), category.get_absolute_url())
