"""The scale seeding command, at a tiny size, on PostgreSQL."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from community.text import render_markdown
from forum.models import Category, Flag, Post, PostStatus, Reaction, Thread
from streaks.management.commands.seed_scale import markdown_body
from streaks.models import CheckIn, Slip, Streak, Urge

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TINY = [
    "--members=20",
    "--streaks=30",
    "--threads=10",
    "--posts=2100",
    "--reactions=6100",
    "--flags=20",
    "--queue=10",
]


def test_refuses_to_wipe_without_being_asked():
    with pytest.raises(CommandError, match="--wipe"):
        call_command("seed_scale", *TINY)


def test_seeds_a_consistent_community():
    call_command("seed_scale", "--wipe", *TINY)

    assert User.objects.filter(handle__startswith="member_").count() == 20
    moderator = User.objects.get(handle="moderator_1")
    assert moderator.is_moderator
    assert User.objects.get(handle="member_1").check_password("bench-passphrase-42")

    assert Streak.objects.count() == 30
    assert Streak.objects.filter(ended_on__isnull=True).count() == 20
    assert Slip.objects.count() == 10
    heavy = Streak.objects.filter(ended_on__isnull=True, user__handle="member_1").get()
    assert 300 < CheckIn.objects.filter(streak=heavy).count() <= 365
    assert Urge.objects.filter(streak=heavy).count() == 53
    assert not CheckIn.objects.filter(day__lt=heavy.start_date).exists()

    assert Category.objects.count() == 8
    assert Thread.objects.count() == 10
    assert Post.objects.count() == 2100
    big = Thread.objects.get(title="Share a small win from this week")
    assert big.category.is_public
    assert big.post_count == 2000
    assert Post.objects.filter(thread=big, is_opening=True, author=moderator).exists()
    for thread in Thread.objects.all():
        published = thread.posts.filter(status=PostStatus.PUBLISHED).count()
        assert thread.post_count == published
        assert thread.posts.filter(is_opening=True).count() == 1

    assert Reaction.objects.count() == 6100
    assert Flag.objects.count() == 20
    assert Post.objects.filter(needs_review=True).count() == 10
    assert Flag.objects.filter(status=Flag.Status.OPEN, post__needs_review=True).count() == 12


def test_one_category_holds_every_thread_with_the_big_one():
    call_command("seed_scale", "--wipe", "--one-category", *TINY)

    early_days = Category.objects.get(slug="early-days")
    assert Thread.objects.exclude(category=early_days).count() == 0
    assert Thread.objects.count() == 10
    big = Thread.objects.get(title="Share a small win from this week")
    assert big.category == early_days
    assert big.post_count == 2000
    assert Post.objects.filter(needs_review=True).count() == 10


def test_one_category_takes_a_slug_and_refuses_an_unknown_one():
    call_command("seed_scale", "--wipe", "--one-category=moving-on", *TINY)
    assert set(Thread.objects.values_list("category__slug", flat=True)) == {"moving-on"}

    with pytest.raises(CommandError, match="no category"):
        call_command("seed_scale", "--wipe", "--one-category=nowhere", *TINY)


def test_body_length_writes_markdown_posts_of_about_that_length_rendered_as_on_the_site():
    call_command("seed_scale", "--wipe", "--body-length=700", *TINY)

    big = Thread.objects.get(title="Share a small win from this week")
    bodies = set()
    for post in Post.objects.exclude(thread=big):
        assert 550 <= len(post.body) <= 850
        assert post.body_html.strip() == render_markdown(post.body).strip()
        bodies.add(post.body)
    assert len(bodies) >= 10
    assert any("<ul>" in html for html in Post.objects.values_list("body_html", flat=True)[:50])
    for post in Post.objects.filter(thread=big).order_by("?")[:20]:
        assert post.body_html.strip() == render_markdown(post.body).strip()
    # The 2,000-post thread's posts stay distinct, as in the default shape.
    assert Post.objects.filter(thread=big).values("body").distinct().count() == 2000


@pytest.mark.parametrize("length", ["50", "30000"])
def test_body_length_refuses_a_length_out_of_range(length):
    with pytest.raises(CommandError, match="--body-length"):
        call_command("seed_scale", "--wipe", f"--body-length={length}", *TINY)


def test_markdown_bodies_are_the_same_on_every_run_and_end_with_a_paragraph():
    first = [markdown_body(length=500, variant=variant) for variant in range(12)]
    assert first == [markdown_body(length=500, variant=variant) for variant in range(12)]
    for body in first:
        assert 400 <= len(body) <= 600
        assert render_markdown(body).rstrip().endswith("</p>")
