"""A small community to attack: a member with private things, another member, a suspended one and a moderator."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import (
    DataExport,
    MobileDevice,
    Notification,
    Partnership,
    PushSubscription,
    SosAlert,
    User,
)
from accounts.services import (
    data_export_build,
    data_export_request,
    partner_invite,
    partner_invite_accept,
    sos_send,
)
from forum.models import Category, Flag, Post, PostStatus, Thread
from forum.services import member_suspend
from streaks.models import CheckIn, Letter, MilestoneAward, Reason, Slip, Streak, Urge
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, published_thread, trusted
from tests.streaks.factories import (
    CheckInFactory,
    MilestoneAwardFactory,
    SlipFactory,
    StreakFactory,
    UrgeFactory,
)

ACTORS = ("anonymous", "member", "other", "suspended", "moderator")
# Words only the member wrote in private places: no one else may ever read them.
PRIVATE_NOTE = "only-mine-7f3a9c"
# The member's phone, registered for push by the app.
MEMBER_DEVICE_TOKEN = "ab" * 32


@dataclass
class World:
    member: User
    other: User
    suspended: User
    moderator: User
    bystander: User
    category: Category
    thread: Thread
    opening: Post
    pending: Post
    hidden: Post
    flagged: Post
    streak: Streak
    checkin: CheckIn
    urge: Urge
    slip: Slip
    award: MilestoneAward
    reason: Reason
    letter: Letter
    notification: Notification
    export: DataExport
    invite: Partnership
    sos: SosAlert

    def refresh(self) -> None:
        """Forget what a request changed on these objects in memory."""
        for name in ("member", "other", "suspended", "moderator", "bystander"):
            getattr(self, name).refresh_from_db()
        for post in (self.opening, self.pending, self.hidden, self.flagged):
            post.refresh_from_db()

    def user(self, actor: str) -> User | None:
        return None if actor == "anonymous" else getattr(self, actor)


@pytest.fixture
def world(db) -> World:
    member = trusted(UserFactory(bio="A member's bio."))
    other = UserFactory()
    suspended = UserFactory()
    moderator = ModeratorFactory()
    bystander = UserFactory()
    member_suspend(moderator=moderator, user=suspended, days=None, reason="A pause to cool down.")

    category = CategoryFactory()
    thread = published_thread(author=member, category=category)
    opening = thread.posts.get(is_opening=True)
    pending = PostFactory(thread=thread, author=member, status=PostStatus.PENDING, approved_at=None)
    # Written a while ago, so that the other member may reply now without waiting.
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    hidden = PostFactory(thread=thread, author=other, status=PostStatus.HIDDEN, created_at=an_hour_ago)
    flagged = PostFactory(thread=thread, author=bystander)
    Flag.objects.create(post=flagged, user=other, reason=Flag.Reason.SPAM)

    streak = StreakFactory(user=member)
    checkin = CheckInFactory(streak=streak, note=PRIVATE_NOTE)
    urge = UrgeFactory(streak=streak, note=PRIVATE_NOTE)
    slip = SlipFactory(streak__user=member, note=PRIVATE_NOTE)
    award = MilestoneAwardFactory(streak=streak, days=3)
    reason = Reason.objects.create(user=member, text=PRIVATE_NOTE)
    letter = Letter.objects.create(user=member, body=PRIVATE_NOTE)
    notification = Notification.objects.create(recipient=member, kind="reply", title=PRIVATE_NOTE)
    export = data_export_request(user=member)
    data_export_build(export_id=export.pk)
    # The member's partner is the bystander (an SOS of theirs reached the member), and an inviter
    # has asked the member to be partners.
    partner_invite_accept(user=member, token=partner_invite(inviter=bystander, handle=member.handle).token)
    sos = sos_send(sender=bystander, message="Hard evening.")
    invite = partner_invite(inviter=UserFactory(), handle=member.handle)
    PushSubscription.objects.create(
        user=member,
        endpoint="https://push.example/device",
        p256dh="key",
        auth="secret",
        created_at=timezone.now(),
    )
    MobileDevice.objects.create(
        user=member, platform="apns", token=MEMBER_DEVICE_TOKEN, name="Phone", created_at=timezone.now()
    )
    export.refresh_from_db()
    return World(
        member=member,
        other=other,
        suspended=suspended,
        moderator=moderator,
        bystander=bystander,
        category=category,
        thread=thread,
        opening=opening,
        pending=pending,
        hidden=hidden,
        flagged=flagged,
        streak=streak,
        checkin=checkin,
        urge=urge,
        slip=slip,
        award=award,
        reason=reason,
        letter=letter,
        notification=notification,
        export=export,
        invite=invite,
        sos=sos,
    )


def api_client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def page_client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
