"""The scale seeding command, at a tiny size, on PostgreSQL."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from forum.models import Category, Flag, Post, PostStatus, Reaction, Thread
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

    assert Category.objects.count() == 7
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
