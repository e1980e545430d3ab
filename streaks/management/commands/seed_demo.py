"""Load demo content for a first look: members with streaks, forum threads, a moderator.

Safe to run again: when the demo moderator exists, nothing is added and the log-ins are printed.
"""

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forum import selectors as forum_selectors
from forum import services as forum_services
from streaks import services as streak_services
from streaks.models import Streak

DEMO_PASSWORD = "hold-on-one-more-day"  # noqa: S105 (printed for the local demo only)
MODERATOR = ("mod_jo", "moderator@demo.nocontact.local", "Europe/London")

# handle, time zone, days in the current streak, days of an earlier streak ended by a slip
MEMBERS = [
    ("hopeful_sam", "Europe/London", 12, None),
    ("river_day", "America/Los_Angeles", 45, None),
    ("quiet_oak", "Asia/Kolkata", 3, None),
    ("ana_moves_on", "Europe/Paris", 129, 70),
    ("new_leaf", "Australia/Sydney", 400, None),
]
NEWCOMER = ("first_night", "Europe/Dublin")

THREADS = [
    (
        "hopeful_sam",
        "introductions",
        "Hi, day 12 and finally writing here",
        "I've been reading for a week. Day 12 today. The evenings are the hardest, "
        "I keep picking up my phone. Glad this place exists.",
        [
            (
                "river_day",
                "Welcome, Sam. Evenings were the worst for me too. Putting the phone in another room helped.",
            )
        ],
    ),
    (
        "river_day",
        "early-days",
        "What do you do when the urge hits at night?",
        "Mine comes around 11 pm. I log it here, write the message in my notes app instead, and go to sleep. "
        "What works for you?",
        [
            (
                "new_leaf",
                "A walk round the block, even in pyjamas. And I remind myself the feeling passes in about 20 minutes.",
            )
        ],
    ),
    (
        "ana_moves_on",
        "slip-ups",
        "I answered a text. Starting again, and that's okay",
        "I had 70 days, then answered a 'happy birthday'. I was sad for a day. "
        "Now I'm at 129 days of the new streak. Slips are part of it.",
        [("quiet_oak", "Thank you for writing this. It helps to see it's not the end of the world.")],
    ),
    (
        "first_night",
        "right-now",
        "Their birthday is today and I want to text",
        "I know it would only open everything up again, but my thumb keeps hovering over their name. "
        "Could someone stay with me for a bit?",
        [
            (
                "ana_moves_on",
                "I'm here. Birthdays are so hard. Put the phone in a drawer and tell me about your day instead: "
                "what did you eat? The wave passes, and you don't have to ride it alone.",
            )
        ],
    ),
    (
        "new_leaf",
        "moving-on",
        "One year: what changed",
        "A year ago I couldn't eat. Today I booked a trip with friends. It gets lighter, I promise.",
        [],
    ),
]
PENDING = (
    "quiet_oak",
    "ask-the-community",
    "How do you handle mutual friends?",
    "We share a friend group and I don't know whether to skip the next party.",
)


class Command(BaseCommand):
    help = "Load demo members, streaks, check-ins and forum threads (idempotent)."

    def handle(self, *args, **options) -> None:
        if User.objects.filter(handle=MODERATOR[0]).exists():
            self.stdout.write("Demo content is already loaded.")
        else:
            with transaction.atomic():
                self._load()
            self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write(
            f"\n  Moderator: {MODERATOR[1]} / {DEMO_PASSWORD}\n"
            f"  Members:   {MEMBERS[0][0]}@demo.nocontact.local (and the other handles) / {DEMO_PASSWORD}\n"
        )

    def _member(self, handle: str, email: str, zone: str) -> User:
        user = User.objects.create_user(handle, email, DEMO_PASSWORD, timezone=zone)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    def _load(self) -> None:
        moderator = self._member(*MODERATOR)
        moderator.groups.add(Group.objects.get(name="Moderators"))
        members = {}
        for handle, zone, days, earlier in MEMBERS:
            member = self._member(handle, f"{handle}@demo.nocontact.local", zone)
            if handle == "new_leaf":
                member.listener = True
                member.save(update_fields=["listener"])
            members[handle] = member
            today = timezone.localdate(timezone=member.zone)
            current_start = today - dt.timedelta(days=days)
            if earlier:
                slip_day = current_start - dt.timedelta(days=1)
                streak_services.streak_start(user=member, start_date=slip_day - dt.timedelta(days=earlier))
                streak_services.slip_record(
                    user=member, kind=Streak.EndKind.ANSWERED, day=slip_day, restart_on=current_start
                )
            else:
                streak_services.streak_start(user=member, start_date=current_start)
            for back in range(min(days, 40)):
                if back % 3 != 2:
                    day = today - dt.timedelta(days=back)
                    streak_services.checkin_record(user=member, day=day, mood=3 + (back % 3))
        # A member who joined today and has not started their count yet: they ask in Right now.
        handle, zone = NEWCOMER
        members[handle] = self._member(handle, f"{handle}@demo.nocontact.local", zone)

        for handle, slug, title, body, replies in THREADS:
            category = forum_selectors.category_get_by_slug(slug=slug)
            thread = forum_services.thread_create(
                author=members[handle], category=category, title=title, body=body
            )
            forum_services.post_approve(moderator=moderator, post=thread.opening_post)
            for reply_handle, reply_body in replies:
                reply = forum_services.reply_create(
                    author=members[reply_handle], thread=thread, body=reply_body
                )
                forum_services.post_approve(moderator=moderator, post=reply)
        announcements = forum_selectors.category_get_by_slug(slug="announcements")
        forum_services.thread_create(
            author=moderator,
            category=announcements,
            title="Welcome to the community",
            body="Be kind, keep names and details of your ex out of posts, and use the flag button "
            "when something worries you. If you are in crisis, the help page lists numbers to call.",
        )
        handle, slug, title, body = PENDING
        forum_services.thread_create(
            author=members[handle],
            category=forum_selectors.category_get_by_slug(slug=slug),
            title=title,
            body=body,
        )
