"""Mass assignment: every write endpoint and form ignores or refuses fields a member may not set.

Each write of the permission matrix is sent again by a member allowed to make it, with a payload
full of fields no member may set: someone else as author or owner, a status, moderation flags,
staff rights, another member's ids. Afterwards nothing belongs to anyone but the sender, no one's
rights changed, and nobody else's things changed (moderators excepted, whose job that is).
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Block, DataExport, Notification, User
from forum.models import (
    Flag,
    ModerationLogEntry,
    Post,
    PostStatus,
    Reaction,
    Suspension,
    Thread,
    ThreadFollow,
)
from streaks.models import CheckIn, MilestoneAward, Slip, Streak, Urge
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory
from tests.security.conftest import World, api_client_for, page_client_for
from tests.security.test_permission_matrix import WRITES, Row, first_allowed_writer, resolve

LONG_AGO = "2001-01-01T00:00:00Z"

# (model, how to reach its owner, fields that must not change under someone else's request)
OWNED: list[tuple[type[models.Model], str, tuple[str, ...]]] = [
    (Streak, "user_id", ("start_date", "ended_on", "end_kind")),
    (CheckIn, "user_id", ("streak_id", "day", "mood", "note")),
    (Urge, "user_id", ("streak_id", "strength", "note")),
    (Slip, "user_id", ("streak_id", "day", "note")),
    (MilestoneAward, "streak__user_id", ("streak_id", "days", "shared_at")),
    (Thread, "author_id", ("category_id", "title", "status", "is_pinned", "is_locked")),
    (Post, "author_id", ("thread_id", "body", "status", "is_crisis", "milestone_days", "removed_by_author")),
    (Reaction, "user_id", ("post_id", "kind")),
    (Flag, "user_id", ("post_id", "reason", "status")),
    (Block, "blocker_id", ("blocked_id",)),
    (ThreadFollow, "user_id", ("thread_id",)),
    (DataExport, "user_id", ("status",)),
    (Notification, "recipient_id", ("read_at", "title")),
    (ModerationLogEntry, "moderator_id", ("action",)),
    (Suspension, "created_by_id", ("user_id",)),
]
# Writes tell other members things (a reply, a moderator's decision): new ones may be theirs.
CREATED_FOR_OTHERS = {"Notification"}
USER_FIELDS = ("is_staff", "is_superuser", "is_active", "email", "date_joined", "password", "handle")


def hostile(w: World) -> dict:
    """Fields no member may set, pointing at someone else wherever they name a member or an object."""
    victim = w.other
    return {
        "id": 999_999,
        "pk": 999_999,
        "author": victim.pk,
        "author_id": victim.pk,
        "user": victim.pk,
        "user_id": victim.pk,
        "owner": victim.pk,
        "blocker": victim.pk,
        "recipient": victim.pk,
        "moderator": victim.pk,
        "created_by": victim.pk,
        "status": PostStatus.PUBLISHED,
        "is_pinned": True,
        "is_locked": True,
        "is_crisis": False,
        "needs_review": False,
        "approved_at": LONG_AGO,
        "rejection_reason": "Set by the sender.",
        "removed_by_author": True,
        "milestone_days": 365,
        "post_count": 1000,
        "thread": w.thread.pk,
        "streak": w.streak.pk,
        "streak_id": w.streak.pk,
        "ended_streak": False,
        "shared_at": LONG_AGO,
        "created_at": LONG_AGO,
        "is_staff": True,
        "is_superuser": True,
        "is_active": True,
        "is_moderator": True,
        "groups": [Group.objects.get(name="Moderators").pk],
        "user_permissions": [1, 2, 3],
        "email": "taken-over@example.com",
        "date_joined": LONG_AGO,
        "bio_html": "<script>alert(1)</script>",
        "body_html": "<script>alert(1)</script>",
    }


def snapshot() -> dict:
    rows = {}
    for model, owner, fields in OWNED:
        for values in model.objects.values("pk", owner, *fields):
            rows[(model.__name__, values.pop("pk"))] = (values.pop(owner), values)
    users = {
        user.pk: (
            {name: getattr(user, name) for name in USER_FIELDS},
            sorted(user.groups.values_list("pk", flat=True)),
        )
        for user in User.objects.prefetch_related("groups")
    }
    return {"rows": rows, "users": users}


def problems_after(before: dict, after: dict, *, sender: User, row: Row, moderating: bool) -> list[str]:
    found = []
    for pk, (fields, groups) in after["users"].items():
        old_fields, old_groups = before["users"].get(pk, (None, None))
        if old_fields is None:
            found.append(f"a member {pk} was created")
            continue
        may_change = {"is_active"} if pk == sender.pk and row.name.endswith("delete") else set()
        if pk == sender.pk and row.name == "accounts:settings":
            may_change.add("handle")
        if pk == sender.pk and row.name == "account_change_password":
            may_change.add("password")
        changed = {name for name in USER_FIELDS if fields[name] != old_fields[name]} - may_change
        if changed or groups != old_groups:
            found.append(f"member {pk} changed: {sorted(changed)} groups {old_groups} -> {groups}")
    for key, (owner, values) in after["rows"].items():
        if key not in before["rows"]:
            if owner != sender.pk and key[0] not in CREATED_FOR_OTHERS:
                found.append(f"new {key} belongs to {owner}, not to the sender {sender.pk}")
            continue
        old_owner, old_values = before["rows"][key]
        if old_owner != owner:
            found.append(f"{key} changed hands: {old_owner} -> {owner}")
        elif old_owner != sender.pk and old_values != values and not moderating:
            found.append(f"someone else's {key} changed: {old_values} -> {values}")
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("row", WRITES, ids=lambda row: row.id)
def test_write_ignores_fields_a_member_may_not_set(world, row):
    actor = first_allowed_writer(row)
    sender = world.user(actor)
    data = {**hostile(world), **(resolve(row.data, world) or {})}
    url = reverse(row.name, kwargs=row.kwargs(world))
    before = snapshot()
    if row.name.startswith("api-"):
        response = getattr(api_client_for(sender), row.method.lower())(url, data, format="json")
    else:
        form = {key: value for key, value in data.items() if not isinstance(value, list)}
        response = getattr(page_client_for(sender), row.method.lower())(url, form)
    # Ignored (the same answer as without the extra fields) or refused: never a crash.
    assert response.status_code in (row.expect[actor], 400), (
        row.id,
        response.status_code,
        response.content[:300],
    )
    found = problems_after(before, snapshot(), sender=sender, row=row, moderating=actor == "moderator")
    assert not found, f"{row.id} as {actor}: " + "; ".join(found)
    if "bio" in data or row.name == "api-me":
        sender.refresh_from_db()
        assert "<script" not in sender.bio_html


# Specific paths an attacker would try first


@pytest.mark.django_db
def test_profile_update_cannot_take_staff_rights_or_someone_elses_email_or_handle(world):
    client = api_client_for(world.member)
    response = client.patch(
        "/api/v1/me/",
        {
            "bio": "Hi",
            "is_staff": True,
            "is_superuser": True,
            "email": world.other.email,
            "is_moderator": True,
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["email"] == world.member.email
    assert response.json()["is_moderator"] is False
    response = client.patch("/api/v1/me/", {"handle": world.other.handle.upper()}, format="json")
    assert response.status_code == 400
    world.member.refresh_from_db()
    assert (world.member.is_staff, world.member.is_superuser, world.member.is_moderator) == (
        False,
        False,
        False,
    )
    assert world.member.handle != world.other.handle.upper()


@pytest.mark.django_db
def test_a_new_members_thread_waits_for_a_moderator_whatever_status_it_asks_for(world):
    newcomer = UserFactory()
    response = api_client_for(newcomer).post(
        "/api/v1/forum/threads/create/",
        {
            "category": world.category.slug,
            "title": "Day one",
            "body": "Hello.",
            "status": "published",
            "is_pinned": True,
            "author": world.moderator.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == PostStatus.PENDING
    thread = Thread.objects.get(pk=response.json()["id"])
    assert (thread.author, thread.status, thread.is_pinned) == (newcomer, PostStatus.PENDING, False)
    assert thread.posts.get().status == PostStatus.PENDING


@pytest.mark.django_db
def test_a_member_cannot_post_where_only_moderators_post(world):
    announcements = CategoryFactory(moderators_only_posting=True)
    response = api_client_for(world.member).post(
        "/api/v1/forum/threads/create/",
        {"category": announcements.slug, "title": "Hi", "body": "Hello.", "is_moderator": True},
        format="json",
    )
    assert response.status_code in (400, 403)
    assert not Thread.objects.filter(category=announcements).exists()


@pytest.mark.django_db
def test_a_check_in_always_lands_on_the_members_own_streak(world):
    others_streak = Streak.objects.create(
        user=world.other, start_date=timezone.localdate() - dt.timedelta(days=9)
    )
    response = api_client_for(world.member).post(
        "/api/v1/streaks/urges/create/",
        {"strength": 2, "action": "text", "streak": others_streak.pk, "user": world.other.pk},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["streak"] == world.streak.pk
    assert not others_streak.urges.exists()


@pytest.mark.django_db
def test_a_flag_starts_open_whatever_status_it_asks_for(world):
    response = api_client_for(world.other).post(
        f"/api/v1/forum/posts/{world.opening.pk}/flags/",
        {"reason": "spam", "status": "upheld", "user": world.member.pk},
        format="json",
    )
    assert response.status_code == 201
    flag = Flag.objects.get(pk=response.json()["id"])
    assert (flag.user, flag.status) == (world.other, Flag.Status.OPEN)
    world.opening.refresh_from_db()
    assert world.opening.status == PostStatus.PUBLISHED


@pytest.mark.django_db
def test_a_reply_cannot_quote_a_post_its_author_cannot_read(world):
    response = api_client_for(world.other).post(
        f"/api/v1/forum/threads/{world.thread.pk}/replies/",
        {"body": "Quoting.", "quote_of": world.pending.pk},
        format="json",
    )
    assert response.status_code == 404
    assert not Post.objects.filter(author=world.other, body="Quoting.").exists()


@pytest.mark.django_db
def test_a_member_cannot_move_their_thread_or_edit_it_as_a_moderator(world):
    client = api_client_for(world.member)
    response = client.post(
        f"/api/v1/forum/moderation/threads/{world.thread.pk}/move/", {"category": "early-days"}, format="json"
    )
    assert response.status_code == 403
    response = client.post(
        f"/api/v1/forum/moderation/posts/{world.opening.pk}/edit/",
        {"body": "Rewritten", "version": world.opening.version},
        format="json",
    )
    assert response.status_code == 403
    world.thread.refresh_from_db()
    world.opening.refresh_from_db()
    assert world.thread.category == world.category
    assert world.opening.body != "Rewritten"


@pytest.mark.django_db
def test_a_member_cannot_mark_someone_elses_notifications_as_read(world):
    response = api_client_for(world.other).post(
        "/api/v1/notifications/read/", {"ids": [world.notification.pk]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["marked"] == 0
    world.notification.refresh_from_db()
    assert world.notification.read_at is None
