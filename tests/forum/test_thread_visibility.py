"""Thread pages read a shared copy of the thread from the cache and decide in Python who may see
it; that decision must be the one the database query makes, for every status, category and viewer."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from forum import selectors
from forum.models import PostStatus, Thread
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import CategoryFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def test_the_shared_thread_is_shown_exactly_to_whom_the_database_would_show_it():
    author, other, moderator = UserFactory(), UserFactory(), ModeratorFactory()
    viewers = {"visitor": AnonymousUser(), "author": author, "other member": other, "moderator": moderator}
    for status, is_public in itertools.product(PostStatus.values, [True, False]):
        thread = ThreadFactory(author=author, status=status, category=CategoryFactory(is_public=is_public))
        for name, viewer in viewers.items():
            in_database = Thread.objects.filter(
                selectors._visible_thread_filter(viewer), pk=thread.pk
            ).exists()
            try:
                selectors.thread_to_read(thread_id=thread.pk, viewer=viewer)
                shown = True
            except Http404:
                shown = False
            assert shown == in_database, (status, is_public, name)


def test_a_member_reads_their_own_marks_on_the_shared_thread(member, other_member):
    thread = ThreadFactory(status=PostStatus.PUBLISHED)
    selectors.thread_to_read(thread_id=thread.pk, viewer=other_member)  # keeps the shared copy
    thread.follows.create(user=member)
    seen = selectors.thread_to_read(thread_id=thread.pk, viewer=member)
    assert seen.is_followed is True
    assert selectors.thread_to_read(thread_id=thread.pk, viewer=other_member).is_followed is False
