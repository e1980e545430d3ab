"""Factories for forum objects; posts go through the services where the rules matter."""

import factory
from django.utils import timezone

from community.text import render_markdown
from forum.models import Category, Post, PostStatus, Thread
from tests.factories import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"test-category-{n}")
    name = factory.Sequence(lambda n: f"Test category {n}")
    description = "A place for tests."
    position = factory.Sequence(lambda n: 1000 + n)


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Thread number {n}")
    status = PostStatus.PUBLISHED
    created_at = factory.LazyFunction(timezone.now)
    last_activity_at = factory.LazyFunction(timezone.now)
    post_count = 1
    last_poster = factory.SelfAttribute("author")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Day by day, post number {n}.")
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    status = PostStatus.PUBLISHED
    created_at = factory.LazyFunction(timezone.now)
    approved_at = factory.LazyFunction(timezone.now)


def published_thread(*, author=None, category=None, replies: int = 0, **kwargs) -> Thread:
    """A published thread with its opening post and `replies` published replies."""
    thread = ThreadFactory(
        author=author or UserFactory(),
        category=category or CategoryFactory(),
        post_count=1 + replies,
        **kwargs,
    )
    PostFactory(thread=thread, author=thread.author, is_opening=True)
    for _ in range(replies):
        PostFactory(thread=thread)
    return thread


def trusted(user):
    """Give a member the three approved posts that let them publish at once."""
    thread = published_thread()
    for _ in range(3):
        PostFactory(thread=thread, author=user)
    return user
