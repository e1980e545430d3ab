"""A member with something of everything, each piece of text distinctive so a leak is easy to spot."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Block, Notification, User
from forum.models import Draft, Flag, Post, PostStatus, Reaction, Thread, ThreadFollow
from safety.models import SafetyPlan
from streaks.models import (
    CheckIn,
    Letter,
    MilestoneAward,
    Pledge,
    Reason,
    Slip,
    Streak,
    StreakPreferences,
    Urge,
)
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, ThreadFactory
from tests.streaks.factories import CheckInFactory, EndedStreakFactory, StreakFactory, UrgeFactory


@dataclass
class MemberLife:
    """Everything one member has done, and the distinctive words that belong to them alone."""

    user: User
    secret: str
    streak: Streak
    checkin: CheckIn
    urge: Urge
    slip: Slip
    award: MilestoneAward
    reason: Reason
    letter: Letter
    pledge: Pledge
    own_thread: Thread
    opening: Post
    reply: Post
    pending_reply: Post
    reaction: Reaction
    flag: Flag
    safety_plan: SafetyPlan
    reply_draft: Draft
    thread_draft: Draft

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def notes(self) -> list[str]:
        return [
            self.checkin.note,
            self.urge.note,
            self.slip.note,
            self.reason.text,
            self.letter.body,
            *self.safety_plan.warning_signs,
            *self.safety_plan.people_to_ask,
            self.reply_draft.body,
            self.thread_draft.title,
            self.thread_draft.body,
        ]

    @property
    def post_texts(self) -> list[str]:
        return [self.opening.body, self.reply.body, self.pending_reply.body]


def member_life(*, name: str, others_thread: Thread, category=None) -> MemberLife:
    """A member `name` who logged streaks with notes, started a thread and replied in `others_thread`."""
    secret = name.upper()
    user = UserFactory(handle=name, email=f"{name}.private.mailbox@example.org")
    StreakPreferences.objects.create(user=user, logistics_ends_streak=True)
    ended = EndedStreakFactory(user=user)
    slip = Slip.objects.create(
        user=user,
        streak=ended,
        day=ended.ended_on,
        kind=Streak.EndKind.REACHED_OUT,
        note=f"SLIPNOTE-{secret}",
    )
    streak = StreakFactory(user=user, start_date=timezone.localdate() - dt.timedelta(days=10))
    checkin = CheckInFactory(
        streak=streak, day=streak.start_date, note=f"CHECKINNOTE-{secret}", reviewed_at=timezone.now()
    )
    pledge = Pledge.objects.create(user=user, day=streak.start_date, created_at=timezone.now())
    urge = UrgeFactory(streak=streak, note=f"URGENOTE-{secret}")
    award = MilestoneAward.objects.create(streak=streak, days=7, awarded_at=timezone.now())
    reason = Reason.objects.create(user=user, text=f"REASON-{secret}")
    letter = Letter.objects.create(user=user, body=f"LETTER-{secret}")

    category = category or others_thread.category
    own_thread = ThreadFactory(author=user, category=category, title=f"Thread of {name}", post_count=1)
    opening = PostFactory(thread=own_thread, author=user, is_opening=True, body=f"OPENING-{secret}")
    reply = PostFactory(thread=others_thread, author=user, body=f"REPLY-{secret}")
    pending_reply = PostFactory(
        thread=others_thread,
        author=user,
        body=f"PENDING-{secret}",
        status=PostStatus.PENDING,
        approved_at=None,
        needs_review=True,
        review_since=timezone.now(),
    )
    others_opening = others_thread.posts.get(is_opening=True)
    reaction = Reaction.objects.create(post=others_opening, user=user, kind=Reaction.Kind.HUG)
    flag = Flag.objects.create(
        post=others_opening, user=user, reason=Flag.Reason.OTHER, note=f"FLAGNOTE-{secret}"
    )
    ThreadFollow.objects.create(thread=others_thread, user=user)
    Notification.objects.create(
        recipient=user, kind=Notification.Kind.MILESTONE, title=f"NOTIFICATION-{secret}", url="/streak/"
    )
    reply_draft = Draft.objects.create(
        user=user, thread=others_thread, body=f"DRAFTREPLY-{secret}", updated_at=timezone.now()
    )
    thread_draft = Draft.objects.create(
        user=user,
        category=category,
        title=f"DRAFTTITLE-{secret}",
        body=f"DRAFTTHREAD-{secret}",
        updated_at=timezone.now(),
    )
    safety_plan = SafetyPlan.objects.create(
        user=user,
        warning_signs=[f"PLANSIGN-{secret}"],
        people_to_ask=[f"PLANPERSON-{secret} 07700 900123"],
    )
    return MemberLife(
        user=user,
        secret=secret,
        streak=streak,
        checkin=checkin,
        urge=urge,
        slip=slip,
        award=award,
        reason=reason,
        letter=letter,
        pledge=pledge,
        own_thread=own_thread,
        opening=opening,
        reply=reply,
        pending_reply=pending_reply,
        reaction=reaction,
        flag=flag,
        safety_plan=safety_plan,
        reply_draft=reply_draft,
        thread_draft=thread_draft,
    )


def community(*, with_block: bool = True) -> tuple[MemberLife, MemberLife, Thread]:
    """Two members, "robin" and "alex", living side by side in a thread started by a third."""
    category = CategoryFactory()
    host = UserFactory(handle="host_member", email="host.private.mailbox@example.org")
    shared = ThreadFactory(author=host, category=category, title="How do you get through evenings?")
    PostFactory(thread=shared, author=host, is_opening=True, body="Evenings are the hardest for me.")
    robin = member_life(name="robin", others_thread=shared)
    alex = member_life(name="alex", others_thread=shared)
    if with_block:
        Block.objects.create(blocker=robin.user, blocked=host)
    return robin, alex, shared
