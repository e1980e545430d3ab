"""Who may do what: every API endpoint and every page, as each kind of visitor, with the status expected.

The rows are checked against the URL resolver, so a new endpoint or page without a row fails here
until someone decides who may use it. Every target belongs to `member`; `other` is another
member, `suspended` a member a moderator has suspended, `moderator` one of the moderators.
Whoever is not `member` never reads the member's private words in any answer.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from community.cache import ratelimit_cache
from forum.models import Flag, Post, Reaction
from safety.models import PLAN_STEP_NAMES
from tests.factories import PASSWORD
from tests.security.conftest import (
    ACTORS,
    MEMBER_DEVICE_TOKEN,
    PRIVATE_NOTE,
    World,
    api_client_for,
    page_client_for,
)

DENIED = "denied"  # 401 or 403 on the API, a redirect to the log-in page on pages
LOGIN = "login"

Value = Callable[[World], Any] | dict | None


@dataclass(frozen=True)
class Row:
    method: str
    name: str
    expect: dict[str, int | str]
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    data: Value = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}"


def expect(anonymous, member, other, suspended, moderator) -> dict[str, int | str]:
    return dict(zip(ACTORS, (anonymous, member, other, suspended, moderator), strict=True))


# Presets for the API
ANY_MEMBER = expect(DENIED, 200, 200, 200, 200)
OWN_PRIVATE = expect(DENIED, 200, 404, 404, 404)
MODERATORS = expect(DENIED, 403, 403, 403, 200)


def _thread(w: World) -> dict:
    return {"thread_id": w.thread.pk}


def _post(w: World) -> dict:
    return {"post_id": w.opening.pk}


def _version_of(post_attr: str, **extra) -> Callable[[World], dict]:
    return lambda w: {"version": getattr(w, post_attr).version, **extra}


API_ROWS = [
    # Accounts
    Row("GET", "api-me", ANY_MEMBER),
    Row("PATCH", "api-me", ANY_MEMBER, data={"bio": "Still here."}),
    Row("GET", "api-me-export", OWN_PRIVATE),
    Row("POST", "api-me-export", expect(DENIED, 202, 202, 202, 202)),
    Row("GET", "api-me-export-download", OWN_PRIVATE, lambda w: {"token": w.export.token}),
    Row(
        "POST",
        "api-me-delete",
        expect(DENIED, 202, 202, 202, 202),
        data={"password": PASSWORD, "keep_posts": True},
    ),
    Row("GET", "api-member", expect(200, 200, 200, 200, 200), lambda w: {"handle": w.member.handle}),
    Row("GET", "api-notifications", ANY_MEMBER),
    Row("GET", "api-notifications-unread-count", ANY_MEMBER),
    Row("POST", "api-notifications-read", ANY_MEMBER, data=lambda w: {"ids": [w.notification.pk]}),
    # Partners: an invite is seen by the two members it joins; an SOS by the sender's partners
    Row("GET", "api-partners", ANY_MEMBER),
    Row("GET", "api-partner-invites", ANY_MEMBER),
    Row("POST", "api-partner-invites", expect(DENIED, 201, 201, 201, 201), data={}),
    Row("GET", "api-partner-invite", OWN_PRIVATE, lambda w: {"token": w.invite.token}),
    Row("POST", "api-partner-invite-accept", OWN_PRIVATE, lambda w: {"token": w.invite.token}),
    Row(
        "POST",
        "api-partner-invite-decline",
        expect(DENIED, 204, 404, 404, 404),
        lambda w: {"token": w.invite.token},
    ),
    Row(
        "DELETE",
        "api-partnership-end",
        expect(DENIED, 204, 404, 404, 404),
        lambda w: {"handle": w.bystander.handle},
    ),
    Row("POST", "api-sos", expect(DENIED, 201, 400, 400, 400), data={"message": "Now."}),  # no partners: 400
    Row("GET", "api-sos-detail", OWN_PRIVATE, lambda w: {"alert_id": w.sos.pk}),
    Row(
        "POST",
        "api-sos-reply",
        expect(DENIED, 201, 404, 404, 404),
        lambda w: {"alert_id": w.sos.pk},
        data={"body": "I am here."},
    ),
    Row(
        "POST",
        "api-push-subscriptions",
        expect(DENIED, 201, 201, 201, 201),
        data={"endpoint": "https://push.example/new", "keys": {"p256dh": "B" * 87, "auth": "A" * 22}},
    ),
    Row(
        "DELETE",
        "api-push-subscriptions",
        expect(DENIED, 204, 404, 404, 404),
        data={"endpoint": "https://push.example/device"},
    ),
    # The app's phones: a member registers their own; another's is a 404, never "exists"
    Row(
        "POST",
        "api-devices",
        expect(DENIED, 201, 201, 201, 201),
        data={"platform": "fcm", "token": "f" * 152, "name": "Phone"},
    ),
    Row("DELETE", "api-devices", expect(DENIED, 204, 404, 404, 404), data={"token": MEMBER_DEVICE_TOKEN}),
    Row("DELETE", "api-device", expect(DENIED, 204, 404, 404, 404), lambda w: {"key": MEMBER_DEVICE_TOKEN}),
    Row("GET", "api-me-push-settings", ANY_MEMBER),
    Row(
        "PATCH",
        "api-me-push-settings",
        ANY_MEMBER,
        data={"push_on_reply": False, "quiet_hours_start": "22:00", "quiet_hours_end": "07:00"},
    ),
    Row("GET", "api-streaks-reminder", ANY_MEMBER),
    Row("POST", "api-streaks-reminder", ANY_MEMBER, data={"reminder_time": "08:30"}),
    Row("GET", "api-streaks-pledges", ANY_MEMBER),
    Row("POST", "api-streaks-pledge-today", expect(DENIED, 201, 201, 201, 201)),
    # Only the member has a streak to keep the review with: the others are asked to start one.
    Row("POST", "api-streaks-review", expect(DENIED, 200, 400, 400, 400), data={"mood": 4, "note": "Calm."}),
    # Safety: the plan and settings are each member's own; crisis lines are for everyone
    Row("GET", "api-safety-plan", ANY_MEMBER),
    Row("PUT", "api-safety-plan", ANY_MEMBER, data={name: [] for name in PLAN_STEP_NAMES}),
    Row("GET", "api-safety-settings", ANY_MEMBER),
    Row("PATCH", "api-safety-settings", ANY_MEMBER, data={"discreet": False}),
    Row("GET", "api-crisis-lines", expect(200, 200, 200, 200, 200)),
    Row("GET", "api-forum-crisis-phrases", ANY_MEMBER),
    # Streaks: all private to their owner
    Row("GET", "api-streaks-current", ANY_MEMBER),
    Row("POST", "api-streaks-start", expect(DENIED, 400, 201, 201, 201), data={}),
    Row("GET", "api-streaks-history", ANY_MEMBER),
    Row("GET", "api-streaks-detail", OWN_PRIVATE, lambda w: {"streak_id": w.streak.pk}),
    Row("GET", "api-streaks-checkins", ANY_MEMBER),
    Row("POST", "api-streaks-checkins-create", expect(DENIED, 201, 400, 400, 400), data={"mood": 3}),
    Row("GET", "api-streaks-checkin", OWN_PRIVATE, lambda w: {"checkin_id": w.checkin.pk}),
    Row("GET", "api-streaks-urges", ANY_MEMBER),
    Row(
        "POST",
        "api-streaks-urges-create",
        expect(DENIED, 201, 201, 201, 201),
        data={"strength": 2, "action": "text"},
    ),
    Row("GET", "api-streaks-urge", OWN_PRIVATE, lambda w: {"urge_id": w.urge.pk}),
    Row("GET", "api-streaks-moods", ANY_MEMBER),
    Row("GET", "api-streaks-slips", ANY_MEMBER),
    Row(
        "POST",
        "api-streaks-slips-create",
        expect(DENIED, 201, 400, 400, 400),
        data={"contact_kind": "reached_out"},
    ),
    Row("GET", "api-streaks-slip", OWN_PRIVATE, lambda w: {"slip_id": w.slip.pk}),
    Row(
        "POST",
        "api-streaks-slip-undo",
        expect(DENIED, 200, 404, 404, 404),
        lambda w: {"slip_id": w.slip.pk},
    ),
    Row("GET", "api-streaks-milestones", ANY_MEMBER),
    Row("POST", "api-streaks-milestones-celebrate", ANY_MEMBER),
    Row(
        "POST",
        "api-streaks-milestone-share",
        expect(DENIED, 201, 404, 404, 404),
        lambda w: {"award_id": w.award.pk},
    ),
    Row(
        "POST",
        "api-streaks-milestone-celebrated",
        expect(DENIED, 200, 404, 404, 404),
        lambda w: {"award_id": w.award.pk},
    ),
    Row("GET", "api-streaks-milestone-badge", OWN_PRIVATE, lambda w: {"award_id": w.award.pk}),
    Row("GET", "api-streaks-journal", ANY_MEMBER),
    Row("GET", "api-streaks-urges-moment", ANY_MEMBER),
    Row("POST", "api-streaks-urges-held", expect(DENIED, 201, 201, 201, 201), data={}),
    Row(
        "POST",
        "api-streaks-checkin-edit",
        OWN_PRIVATE,
        lambda w: {"checkin_id": w.checkin.pk},
        {"mood": 2, "note": "Edited."},
    ),
    Row(
        "POST",
        "api-streaks-checkin-delete",
        expect(DENIED, 204, 404, 404, 404),
        lambda w: {"checkin_id": w.checkin.pk},
    ),
    Row(
        "POST",
        "api-streaks-urge-edit",
        OWN_PRIVATE,
        lambda w: {"urge_id": w.urge.pk},
        {"strength": 2, "action": "text", "held_on": True},
    ),
    Row(
        "POST",
        "api-streaks-urge-delete",
        expect(DENIED, 204, 404, 404, 404),
        lambda w: {"urge_id": w.urge.pk},
    ),
    Row("POST", "api-streaks-welcome", expect(DENIED, 400, 201, 201, 201), data={"days_held": 3}),
    Row("GET", "api-streaks-reasons", ANY_MEMBER),
    Row("POST", "api-streaks-reasons-create", expect(DENIED, 201, 201, 201, 201), data={"text": "For me."}),
    Row(
        "POST",
        "api-streaks-reasons-reorder",
        expect(DENIED, 200, 400, 400, 400),
        data=lambda w: {"ids": [w.reason.pk]},
    ),
    Row("GET", "api-streaks-reason", OWN_PRIVATE, lambda w: {"reason_id": w.reason.pk}),
    Row(
        "POST", "api-streaks-reason-edit", OWN_PRIVATE, lambda w: {"reason_id": w.reason.pk}, {"text": "Me."}
    ),
    Row(
        "POST",
        "api-streaks-reason-delete",
        expect(DENIED, 204, 404, 404, 404),
        lambda w: {"reason_id": w.reason.pk},
    ),
    Row("GET", "api-streaks-letters", ANY_MEMBER),
    Row("POST", "api-streaks-letters-create", expect(DENIED, 201, 201, 201, 201), data={"body": "Unsent."}),
    Row("GET", "api-streaks-letter", OWN_PRIVATE, lambda w: {"letter_id": w.letter.pk}),
    Row(
        "POST",
        "api-streaks-letter-edit",
        OWN_PRIVATE,
        lambda w: {"letter_id": w.letter.pk},
        {"body": "Still."},
    ),
    Row("POST", "api-streaks-letter-glad", OWN_PRIVATE, lambda w: {"letter_id": w.letter.pk}),
    Row(
        "POST",
        "api-streaks-letter-delete",
        expect(DENIED, 204, 404, 404, 404),
        lambda w: {"letter_id": w.letter.pk},
    ),
    Row("GET", "api-streaks-preferences", ANY_MEMBER),
    Row("POST", "api-streaks-preferences-update", ANY_MEMBER, data={"logistics_ends_streak": True}),
    # Forum: reading
    Row("GET", "api-forum-categories", ANY_MEMBER),
    Row("GET", "api-forum-category-threads", ANY_MEMBER, lambda w: {"slug": w.category.slug}),
    Row("GET", "api-forum-threads", ANY_MEMBER),
    Row("GET", "api-forum-thread", ANY_MEMBER, _thread),
    Row("GET", "api-forum-thread-posts", ANY_MEMBER, _thread),
    Row("GET", "api-forum-post", ANY_MEMBER, _post),
    Row("GET", "api-forum-search", ANY_MEMBER, data={"q": "day"}),
    Row("GET", "api-forum-latest", ANY_MEMBER),
    Row("GET", "api-forum-mentions", ANY_MEMBER, data={"q": "me"}),
    Row("POST", "api-forum-preview", ANY_MEMBER, data={"body": "**Day** one"}),
    # Drafts: each member's own, saved even while suspended (posting is what waits)
    Row("GET", "api-forum-drafts", ANY_MEMBER),
    Row("PUT", "api-forum-draft-thread", ANY_MEMBER, _thread, {"body": "Not yet sent"}),
    Row("GET", "api-forum-draft-thread", expect(DENIED, 404, 404, 404, 404), _thread),
    Row("DELETE", "api-forum-draft-thread", expect(DENIED, 204, 204, 204, 204), _thread),
    Row("PUT", "api-forum-draft-new-thread", ANY_MEMBER, data={"title": "Week", "body": "Not yet sent"}),
    Row("GET", "api-forum-draft-new-thread", expect(DENIED, 404, 404, 404, 404)),
    Row("DELETE", "api-forum-draft-new-thread", expect(DENIED, 204, 204, 204, 204)),
    # A post waiting for a moderator is the author's own until approved
    Row("GET", "api-forum-post", expect(DENIED, 200, 404, 404, 200), lambda w: {"post_id": w.pending.pk}),
    Row(
        "PATCH",
        "api-forum-post-edit",
        expect(DENIED, 200, 404, 404, 403),
        lambda w: {"post_id": w.pending.pk},
        {"body": "Edited."},
    ),
    Row(
        "POST",
        "api-forum-reaction-toggle",
        expect(DENIED, 400, 404, 404, 400),
        lambda w: {"post_id": w.pending.pk},
        {"kind": Reaction.Kind.HUG},
    ),
    Row(
        "POST",
        "api-forum-flag-create",
        expect(DENIED, 400, 404, 404, 201),
        lambda w: {"post_id": w.pending.pk},
        {"reason": "spam"},
    ),
    # Forum: writing; a suspended member reads but does not write
    Row(
        "POST",
        "api-forum-thread-create",
        expect(DENIED, 201, 201, 403, 201),
        data=lambda w: {"category": w.category.slug, "title": "Week one", "body": "Hello, everyone."},
    ),
    Row("POST", "api-forum-reply-create", expect(DENIED, 201, 201, 403, 201), _thread, {"body": "With you."}),
    Row("GET", "api-forum-right-now", ANY_MEMBER),
    Row(
        "POST",
        "api-forum-right-now-ask",
        expect(DENIED, 201, 201, 403, 201),
        data={"body": "The evening is hard and I want to text."},
    ),
    Row("POST", "api-forum-thread-follow", ANY_MEMBER, _thread),
    Row("POST", "api-forum-thread-unfollow", ANY_MEMBER, _thread),
    Row("PATCH", "api-forum-post-edit", expect(DENIED, 200, 403, 403, 403), _post, {"body": "Edited."}),
    Row("POST", "api-forum-post-remove", expect(DENIED, 200, 403, 403, 403), _post),
    Row(
        "POST",
        "api-forum-reaction-toggle",
        expect(DENIED, 200, 200, 403, 200),
        _post,
        {"kind": Reaction.Kind.HUG},
    ),
    Row("POST", "api-forum-flag-create", expect(DENIED, 400, 201, 403, 201), _post, {"reason": "spam"}),
    Row("GET", "api-forum-blocks", ANY_MEMBER),
    Row(
        "POST",
        "api-forum-blocks",
        expect(DENIED, 201, 201, 201, 201),
        data=lambda w: {"handle": w.bystander.handle},
    ),
    Row(
        "POST",
        "api-forum-block-delete",
        expect(DENIED, 204, 204, 204, 204),
        lambda w: {"handle": w.bystander.handle},
    ),
    # Moderation
    Row("GET", "api-forum-queue", MODERATORS),
    Row(
        "POST",
        "api-forum-queue-bulk",
        MODERATORS,
        data=lambda w: {"decision": "approve", "items": [{"id": w.pending.pk, "version": w.pending.version}]},
    ),
    Row("GET", "api-forum-log", MODERATORS),
    Row("GET", "api-forum-log-export", MODERATORS),
    Row(
        "POST",
        "api-forum-moderation-approve",
        MODERATORS,
        lambda w: {"post_id": w.pending.pk},
        _version_of("pending"),
    ),
    Row(
        "POST",
        "api-forum-moderation-reject",
        MODERATORS,
        lambda w: {"post_id": w.pending.pk},
        _version_of("pending", reason="Please leave out names."),
    ),
    Row("POST", "api-forum-moderation-hide", MODERATORS, _post, _version_of("opening", reason="Off-topic.")),
    Row(
        "POST",
        "api-forum-moderation-restore",
        MODERATORS,
        lambda w: {"post_id": w.hidden.pk},
        _version_of("hidden"),
    ),
    Row(
        "POST",
        "api-forum-moderation-uphold-flags",
        MODERATORS,
        lambda w: {"post_id": w.flagged.pk},
        _version_of("flagged"),
    ),
    Row(
        "POST",
        "api-forum-moderation-dismiss-flags",
        MODERATORS,
        lambda w: {"post_id": w.flagged.pk},
        _version_of("flagged"),
    ),
    Row(
        "POST",
        "api-forum-moderation-edit",
        MODERATORS,
        _post,
        _version_of("opening", body="Edited by a moderator."),
    ),
    Row("GET", "api-forum-moderation-revisions", MODERATORS, _post),
    Row("GET", "api-forum-moderation-rejection-reasons", MODERATORS),
    Row("POST", "api-forum-moderation-lock", MODERATORS, _thread),
    Row("POST", "api-forum-moderation-unlock", MODERATORS, _thread),
    Row("POST", "api-forum-moderation-pin", MODERATORS, _thread),
    Row("POST", "api-forum-moderation-unpin", MODERATORS, _thread),
    Row(
        "POST",
        "api-forum-moderation-move",
        MODERATORS,
        _thread,
        {"category": "early-days", "reason": "Better there."},
    ),
    Row("GET", "api-forum-moderation-member", MODERATORS, lambda w: {"handle": w.member.handle}),
    Row("GET", "api-forum-moderation-member-notes", MODERATORS, lambda w: {"handle": w.member.handle}),
    Row(
        "POST",
        "api-forum-moderation-member-notes",
        expect(DENIED, 403, 403, 403, 201),
        lambda w: {"handle": w.member.handle},
        {"text": "Checked in kindly."},
    ),
    Row(
        "POST",
        "api-forum-moderation-suspend",
        expect(DENIED, 403, 403, 403, 201),
        lambda w: {"handle": w.member.handle},
        {"days": 1, "reason": "Cooling down."},
    ),
    Row(
        "POST",
        "api-forum-moderation-lift-suspension",
        expect(DENIED, 403, 403, 403, 204),
        lambda w: {"handle": w.suspended.handle},
    ),
]

# Pages: anonymous visitors are sent to log in; a form that saved redirects (302). A suspended
# member's post, reply or flag is refused inside the form with the moderators' reason (200), a
# reaction with a message (302); the last test below checks that none of them saved anything.
PAGE_ROWS = [
    Row("GET", "home", expect(200, 200, 200, 200, 200)),
    Row("GET", "crisis_resources", expect(200, 200, 200, 200, 200)),
    Row("GET", "safety_plan", expect(LOGIN, 200, 200, 200, 200)),
    Row("POST", "safety_plan", expect(LOGIN, 302, 302, 302, 302), data={"warning_signs": "Not sleeping"}),
    Row("GET", "safety_settings", expect(LOGIN, 200, 200, 200, 200)),
    Row(
        "POST",
        "safety_settings",
        expect(LOGIN, 302, 302, 302, 302),
        data={"quick_exit_url": "https://duckduckgo.com/", "country": ""},
    ),
    Row("POST", "quick_exit_explained", expect(LOGIN, 302, 302, 302, 302)),
    # Accounts
    Row("GET", "accounts:settings", expect(LOGIN, 200, 200, 200, 200)),
    Row(
        "POST",
        "accounts:settings",
        expect(LOGIN, 302, 302, 302, 302),
        data={"handle": "fresh_start", "timezone": "Europe/Paris", "streak_visibility": "members"},
    ),
    Row(
        "POST",
        "accounts:push_settings",
        expect(LOGIN, 302, 302, 302, 302),
        data={"push_on_sos": "on", "quiet_hours_start": "22:00", "quiet_hours_end": "07:00"},
    ),
    Row("GET", "accounts:notifications", expect(LOGIN, 200, 200, 200, 200)),
    Row("POST", "accounts:notifications_read", expect(LOGIN, 302, 302, 302, 302)),
    Row("GET", "accounts:export", expect(LOGIN, 200, 200, 200, 200)),
    Row("POST", "accounts:export", expect(LOGIN, 302, 302, 302, 302)),
    Row(
        "GET",
        "accounts:export_download",
        expect(LOGIN, 200, 404, 404, 404),
        lambda w: {"token": w.export.token},
    ),
    Row("GET", "accounts:delete", expect(LOGIN, 200, 200, 200, 200)),
    Row(
        "POST",
        "accounts:delete",
        expect(LOGIN, 302, 302, 302, 302),
        data={"password": PASSWORD, "posts": "keep"},
    ),
    Row("GET", "accounts:profile", expect(200, 200, 200, 200, 200), lambda w: {"handle": w.member.handle}),
    Row(
        "POST", "accounts:block", expect(LOGIN, 302, 302, 302, 302), lambda w: {"handle": w.bystander.handle}
    ),
    Row(
        "POST",
        "accounts:unblock",
        expect(LOGIN, 302, 302, 302, 302),
        lambda w: {"handle": w.bystander.handle},
    ),
    # Streaks
    Row("GET", "streaks:dashboard", expect(LOGIN, 200, 200, 200, 200)),
    Row(
        "POST",
        "streaks:start",
        expect(LOGIN, 302, 302, 302, 302),
        data={"began": "held", "days_held": "3", "timezone": "Europe/Paris"},
    ),
    Row("GET", "streaks:checkin", expect(LOGIN, 200, 200, 200, 200)),
    Row("POST", "streaks:checkin", expect(LOGIN, 302, 200, 200, 200), data={"mood": 3}),
    Row("GET", "streaks:urge", expect(LOGIN, 200, 200, 200, 200)),
    Row("POST", "streaks:urge_held", expect(LOGIN, 302, 302, 302, 302)),
    Row("GET", "streaks:urge_log", expect(LOGIN, 200, 200, 200, 200)),
    Row(
        "POST",
        "streaks:urge_log",
        expect(LOGIN, 302, 302, 302, 302),
        data={"strength": "2", "action": "call", "held_on": "yes"},
    ),
    Row("GET", "streaks:slip", expect(LOGIN, 200, 200, 200, 200)),
    Row("GET", "streaks:slip_undo", expect(LOGIN, 200, 404, 404, 404), lambda w: {"slip_id": w.slip.pk}),
    Row("POST", "streaks:slip_undo", expect(LOGIN, 302, 404, 404, 404), lambda w: {"slip_id": w.slip.pk}),
    Row(
        "POST", "streaks:preferences", expect(LOGIN, 302, 302, 302, 302), data={"logistics_ends_streak": "on"}
    ),
    Row("GET", "streaks:history", expect(LOGIN, 200, 200, 200, 200)),
    Row("POST", "streaks:reminder", expect(LOGIN, 302, 302, 302, 302), data={"reminder_time": "08:30"}),
    Row("POST", "streaks:pledge", expect(LOGIN, 302, 302, 302, 302)),
    Row("GET", "streaks:review", expect(LOGIN, 200, 200, 200, 200)),
    Row("POST", "streaks:review", expect(LOGIN, 302, 200, 200, 200), data={"mood": "4", "note": "Calm."}),
    Row("POST", "streaks:celebrate", expect(LOGIN, 302, 302, 302, 302)),
    Row("POST", "streaks:share", expect(LOGIN, 302, 404, 404, 404), lambda w: {"award_id": w.award.pk}),
    Row("GET", "streaks:share", expect(LOGIN, 200, 404, 404, 404), lambda w: {"award_id": w.award.pk}),
    Row("POST", "streaks:celebrated", expect(LOGIN, 302, 404, 404, 404), lambda w: {"award_id": w.award.pk}),
    Row("GET", "streaks:badge", expect(LOGIN, 200, 404, 404, 404), lambda w: {"award_id": w.award.pk}),
    Row("GET", "streaks:journal", expect(LOGIN, 200, 200, 200, 200)),
    Row(
        "GET",
        "streaks:checkin_edit",
        expect(LOGIN, 200, 404, 404, 404),
        lambda w: {"checkin_id": w.checkin.pk},
    ),
    Row(
        "POST",
        "streaks:checkin_edit",
        expect(LOGIN, 302, 404, 404, 404),
        lambda w: {"checkin_id": w.checkin.pk},
        {"mood": "2", "note": "Edited."},
    ),
    Row(
        "POST",
        "streaks:checkin_delete",
        expect(LOGIN, 302, 404, 404, 404),
        lambda w: {"checkin_id": w.checkin.pk},
    ),
    Row("GET", "streaks:urge_edit", expect(LOGIN, 200, 404, 404, 404), lambda w: {"urge_id": w.urge.pk}),
    Row(
        "POST",
        "streaks:urge_edit",
        expect(LOGIN, 302, 404, 404, 404),
        lambda w: {"urge_id": w.urge.pk},
        {"strength": "2", "action": "text", "held_on": "yes"},
    ),
    Row("POST", "streaks:urge_delete", expect(LOGIN, 302, 404, 404, 404), lambda w: {"urge_id": w.urge.pk}),
    Row("GET", "streaks:reasons", expect(LOGIN, 200, 200, 200, 200)),
    Row("POST", "streaks:reasons", expect(LOGIN, 302, 302, 302, 302), data={"text": "For me."}),
    Row(
        "GET", "streaks:reason_edit", expect(LOGIN, 200, 404, 404, 404), lambda w: {"reason_id": w.reason.pk}
    ),
    Row(
        "POST",
        "streaks:reason_edit",
        expect(LOGIN, 302, 404, 404, 404),
        lambda w: {"reason_id": w.reason.pk},
        {"text": "Me."},
    ),
    Row(
        "POST",
        "streaks:reason_move",
        expect(LOGIN, 302, 404, 404, 404),
        lambda w: {"reason_id": w.reason.pk},
        {"direction": "up"},
    ),
    Row(
        "POST",
        "streaks:reason_delete",
        expect(LOGIN, 302, 404, 404, 404),
        lambda w: {"reason_id": w.reason.pk},
    ),
    Row("GET", "streaks:letters", expect(LOGIN, 200, 200, 200, 200)),
    Row("GET", "streaks:letter_new", expect(LOGIN, 200, 200, 200, 200)),
    Row("POST", "streaks:letter_new", expect(LOGIN, 302, 302, 302, 302), data={"body": "Unsent."}),
    Row("GET", "streaks:letter", expect(LOGIN, 200, 404, 404, 404), lambda w: {"letter_id": w.letter.pk}),
    Row(
        "GET", "streaks:letter_edit", expect(LOGIN, 200, 404, 404, 404), lambda w: {"letter_id": w.letter.pk}
    ),
    Row(
        "POST",
        "streaks:letter_edit",
        expect(LOGIN, 302, 404, 404, 404),
        lambda w: {"letter_id": w.letter.pk},
        {"body": "Still."},
    ),
    Row(
        "POST", "streaks:letter_glad", expect(LOGIN, 302, 404, 404, 404), lambda w: {"letter_id": w.letter.pk}
    ),
    Row(
        "POST",
        "streaks:letter_delete",
        expect(LOGIN, 302, 404, 404, 404),
        lambda w: {"letter_id": w.letter.pk},
    ),
    # Forum
    Row("GET", "forum:index", expect(200, 200, 200, 200, 200)),
    Row("GET", "forum:search", expect(200, 200, 200, 200, 200)),
    Row("GET", "forum:categories", expect(200, 200, 200, 200, 200)),
    Row("GET", "forum:drafts", expect(LOGIN, 200, 200, 200, 200)),
    Row("GET", "forum:category", expect(LOGIN, 200, 200, 200, 200), lambda w: {"slug": w.category.slug}),
    Row("GET", "forum:thread", expect(LOGIN, 200, 200, 200, 200), _thread),
    Row("GET", "forum:thread_new", expect(LOGIN, 200, 200, 200, 200), lambda w: {"slug": w.category.slug}),
    Row(
        "POST",
        "forum:thread_new",
        expect(LOGIN, 302, 302, 200, 302),
        lambda w: {"slug": w.category.slug},
        {"title": "Week one", "body": "Hello, everyone."},
    ),
    Row("GET", "forum:right_now_ask", expect(LOGIN, 200, 200, 200, 200)),
    Row(
        "POST",
        "forum:right_now_ask",
        expect(LOGIN, 302, 302, 200, 302),
        data={"body": "The evening is hard and I want to text."},
    ),
    Row("GET", "forum:reply", expect(LOGIN, 200, 200, 200, 200), _thread),
    Row("POST", "forum:reply", expect(LOGIN, 302, 302, 200, 302), _thread, {"body": "With you."}),
    Row("POST", "forum:follow", expect(LOGIN, 302, 302, 302, 302), _thread),
    Row("GET", "forum:post", expect(LOGIN, 302, 302, 302, 302), _post),
    Row("GET", "forum:post_edit", expect(LOGIN, 200, 403, 403, 403), _post),
    # A post waiting for a moderator does not exist for anyone but its author and the moderators
    Row("GET", "forum:post", expect(LOGIN, 302, 404, 404, 302), lambda w: {"post_id": w.pending.pk}),
    Row("GET", "forum:post_edit", expect(LOGIN, 200, 404, 404, 403), lambda w: {"post_id": w.pending.pk}),
    Row(
        "POST",
        "forum:post_react",
        expect(LOGIN, 302, 404, 404, 302),
        lambda w: {"post_id": w.pending.pk},
        {"kind": "hug"},
    ),
    Row("GET", "forum:post_flag", expect(LOGIN, 200, 404, 404, 200), lambda w: {"post_id": w.pending.pk}),
    Row("POST", "forum:post_edit", expect(LOGIN, 302, 403, 403, 403), _post, {"body": "Edited."}),
    Row("GET", "forum:post_delete", expect(LOGIN, 200, 403, 403, 403), _post),
    Row("POST", "forum:post_delete", expect(LOGIN, 302, 403, 403, 403), _post),
    Row("POST", "forum:post_react", expect(LOGIN, 302, 302, 302, 302), _post, {"kind": "hug"}),
    Row("GET", "forum:post_flag", expect(LOGIN, 200, 200, 200, 200), _post),
    Row("POST", "forum:post_flag", expect(LOGIN, 200, 302, 200, 302), _post, {"reason": "spam"}),
    Row("GET", "forum:queue", expect(LOGIN, 403, 403, 403, 200)),
    Row(
        "POST",
        "forum:queue_bulk",
        expect(LOGIN, 403, 403, 403, 302),
        data=lambda w: {
            "action": "approve",
            "item": [f"{w.pending.pk}:{w.pending.version}"],
            "confirmed": "yes",
        },
    ),
    Row("GET", "forum:log", expect(LOGIN, 403, 403, 403, 200)),
    Row("GET", "forum:log_export", expect(LOGIN, 403, 403, 403, 200)),
    Row(
        "POST",
        "forum:post_moderate",
        expect(LOGIN, 403, 403, 403, 302),
        lambda w: {"post_id": w.pending.pk},
        lambda w: {"action": "approve", "version": w.pending.version},
    ),
    Row("GET", "forum:post_moderator_edit", expect(LOGIN, 403, 403, 403, 200), _post),
    Row(
        "POST",
        "forum:post_moderator_edit",
        expect(LOGIN, 403, 403, 403, 302),
        _post,
        lambda w: {"body": "Edited by a moderator.", "reason": "", "version": w.opening.version},
    ),
    Row("POST", "forum:thread_moderate", expect(LOGIN, 403, 403, 403, 302), _thread, {"action": "lock"}),
    Row("GET", "forum:member", expect(LOGIN, 403, 403, 403, 200), lambda w: {"handle": w.member.handle}),
    Row(
        "POST",
        "forum:member_note",
        expect(LOGIN, 403, 403, 403, 302),
        lambda w: {"handle": w.member.handle},
        {"text": "Checked in kindly."},
    ),
    Row("GET", "forum:suspend", expect(LOGIN, 403, 403, 403, 302), lambda w: {"handle": w.member.handle}),
    Row(
        "POST",
        "forum:suspend",
        expect(LOGIN, 403, 403, 403, 302),
        lambda w: {"handle": w.member.handle},
        {"days": "1", "reason": "Cooling down."},
    ),
]


SUSPENDED_REFUSED_ON_PAGES = {
    "forum:thread_new",
    "forum:right_now_ask",
    "forum:reply",
    "forum:post_react",
    "forum:post_flag",
}


# Signing in and the account itself, through allauth's pages
NEW_PASSWORD = "another-Kind-passphrase-43"
PAGE_ROWS += [
    Row("GET", "account_login", expect(200, 302, 302, 302, 302)),
    Row("POST", "account_logout", expect(302, 302, 302, 302, 302)),
    Row("GET", "account_inactive", expect(200, 200, 200, 200, 200)),
    Row("GET", "account_signup", expect(200, 302, 302, 302, 302)),
    Row("GET", "account_reauthenticate", expect(LOGIN, 200, 200, 200, 200)),
    Row("GET", "account_email", expect(LOGIN, 200, 200, 200, 200)),
    Row(
        "POST",
        "account_email",
        expect(LOGIN, 302, 302, 302, 302),
        data={"action_add": "", "email": "a.new.address@example.com"},
    ),
    Row("GET", "account_email_verification_sent", expect(200, 200, 200, 200, 200)),
    Row("GET", "account_change_password", expect(LOGIN, 200, 200, 200, 200)),
    Row(
        "POST",
        "account_change_password",
        expect(LOGIN, 302, 302, 302, 302),
        data={"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    ),
    Row("GET", "account_set_password", expect(LOGIN, 302, 302, 302, 302)),
    Row("GET", "account_reset_password", expect(200, 200, 200, 200, 200)),
    Row("GET", "account_reset_password_done", expect(200, 200, 200, 200, 200)),
    Row("GET", "account_confirm_login_code", expect(302, 302, 302, 302, 302)),
    Row("GET", "account_confirm_email", expect(200, 200, 200, 200, 200), lambda w: {"key": "not-a-real-key"}),
    Row(
        "GET",
        "account_reset_password_from_key",
        expect(200, 200, 200, 200, 200),
        lambda w: {"uidb36": "1", "key": "not-a-real-key"},
    ),
    Row("GET", "account_reset_password_from_key_done", expect(200, 200, 200, 200, 200)),
]


# The mobile app's sign-in and account API (allauth headless), by path under /_allauth/app/v1/.
# Flows that need a step first (a code, a key) answer 400 or 409 to everyone; phone numbers are
# not used. The app signs in with a session token in the X-Session-Token header.
APP_AUTH = "/_allauth/app/v1/"
SIGNED_IN = expect(401, 200, 200, 200, 200)
EVERYONE = {status: expect(status, status, status, status, status) for status in (200, 400, 404, 409)}
HEADLESS_ROWS = [
    Row("GET", "config", EVERYONE[200]),
    Row("GET", "auth/session", SIGNED_IN),
    # Signing out answers 401: from then on, nobody is signed in.
    Row("DELETE", "auth/session", expect(401, 401, 401, 401, 401)),
    Row("POST", "auth/reauthenticate", SIGNED_IN, data={"password": PASSWORD}),
    Row("POST", "auth/code/confirm", EVERYONE[409], data={"code": "NOTACODE"}),
    Row("POST", "auth/password/request", EVERYONE[200], data=lambda w: {"email": w.member.email}),
    Row("GET", "auth/password/reset", EVERYONE[400]),
    Row("POST", "auth/password/reset", EVERYONE[400], data={"key": "not-a-key", "password": NEW_PASSWORD}),
    Row("POST", "auth/login", EVERYONE[400], data=lambda w: {"email": w.member.email, "password": "wrong-1"}),
    Row("POST", "auth/signup", EVERYONE[400], data={}),
    Row("GET", "auth/email/verify", EVERYONE[409]),
    Row("POST", "auth/email/verify", EVERYONE[409], data={"key": "not-a-key"}),
    Row("POST", "auth/email/verify/resend", EVERYONE[409]),
    Row("POST", "auth/phone/verify", EVERYONE[404], data={"code": "123456"}),
    Row("POST", "auth/phone/verify/resend", EVERYONE[404]),
    Row(
        "POST",
        "account/password/change",
        SIGNED_IN,
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    ),
    Row("GET", "account/email", SIGNED_IN),
    # Without a session there is no account to add an address to: allauth answers 409.
    Row(
        "POST", "account/email", expect(409, 200, 200, 200, 200), data={"email": "a.new.address@example.com"}
    ),
    # Someone else's address cannot be resent to, made primary or removed.
    Row("PUT", "account/email", expect(401, 400, 400, 400, 400), data=lambda w: {"email": w.bystander.email}),
    Row(
        "PATCH",
        "account/email",
        expect(401, 400, 400, 400, 400),
        data=lambda w: {"email": w.bystander.email, "primary": True},
    ),
    Row(
        "DELETE",
        "account/email",
        expect(401, 400, 400, 400, 400),
        data=lambda w: {"email": w.bystander.email},
    ),
    Row("GET", "account/phone", EVERYONE[404]),
    Row("POST", "account/phone", EVERYONE[404], data={"phone": "+33612345678"}),
    Row("POST", "tokens/refresh", EVERYONE[400], data={"refresh_token": "not-a-token"}),
]


def first_allowed_writer(row: Row) -> str | None:
    """The first kind of member allowed to make this request, if anyone is."""
    for actor in ("member", "other", "moderator"):
        status = row.expect[actor]
        if isinstance(status, int) and status < 400:
            return actor
    return None


WRITES = [row for row in API_ROWS + PAGE_ROWS if row.method != "GET" and first_allowed_writer(row)]


def resolve(value: Value, w: World) -> Any:
    return value(w) if callable(value) else value


def _problem(response, expected: int | str, actor: str, row: Row) -> str | None:
    """What is wrong with this answer, if anything."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    status = response.status_code
    if expected == DENIED:
        ok = status in (401, 403)
    elif expected == LOGIN:
        ok = status == 302 and response["Location"].startswith(reverse("account_login"))
    else:
        ok = status == expected
    if not ok:
        return f"{row.id} as {actor}: expected {expected}, got {status} {body[:200]}"
    if actor != "member" and PRIVATE_NOTE in body:
        return f"{row.id} as {actor}: the member's private words leaked"
    return None


def _as_each_actor(world: World, row: Row, send) -> None:
    """Send the request as every actor, each on the same world, undone after each one."""
    problems = []
    for actor in ACTORS:
        with transaction.atomic():
            response = send(world.user(actor), resolve(row.data, world))
            problems.append(_problem(response, row.expect[actor], actor, row))
            transaction.set_rollback(True)
        world.refresh()
        # What one actor's rolled-back request cached, or counted against its rate limits, must
        # not reach the next.
        cache.clear()
        ratelimit_cache.clear()
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("row", API_ROWS, ids=lambda row: row.id)
def test_api_matrix(world, row):
    def send(user, data):
        client = api_client_for(user)
        url = reverse(row.name, kwargs=row.kwargs(world))
        return getattr(client, row.method.lower())(url, data, format=None if row.method == "GET" else "json")

    _as_each_actor(world, row, send)


@pytest.mark.django_db
@pytest.mark.parametrize("row", PAGE_ROWS, ids=lambda row: row.id)
def test_page_matrix(world, row):
    def send(user, data):
        url = reverse(row.name, kwargs=row.kwargs(world))
        return getattr(page_client_for(user), row.method.lower())(url, data or {})

    _as_each_actor(world, row, send)


@pytest.mark.django_db
@pytest.mark.parametrize("row", HEADLESS_ROWS, ids=lambda row: row.id)
def test_app_auth_matrix(world, row):
    def send(user, data):
        client = APIClient()
        if user is not None:
            browser = Client()
            browser.force_login(user)
            client.credentials(HTTP_X_SESSION_TOKEN=browser.session.session_key)
        return getattr(client, row.method.lower())(APP_AUTH + row.name, data, format="json")

    _as_each_actor(world, row, send)


# Every route must have a row


def _routes(patterns, prefix: str = "", namespace: str = "") -> list[tuple[str, URLPattern, str]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            found += _routes(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name or ""
            found.append((prefix + str(pattern.pattern), pattern, name))
    return found


def _methods(pattern: URLPattern) -> set[str]:
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)} - {
            "OPTIONS",
            "HEAD",
        }
    return set()


API_DOCUMENTS = {"api-schema", "api-docs"}
OUR_PAGE_PREFIXES = ("members/", "streak/", "forum/", "accounts/", "help/")


def test_every_api_endpoint_and_method_has_a_row():
    rows = {(row.method, row.name) for row in API_ROWS}
    missing = []
    for route, pattern, name in _routes(get_resolver().url_patterns):
        if not route.startswith("api/v1/") or name in API_DOCUMENTS or "<path:unknown>" in route:
            continue
        assert name, f"{route} has no name, so it cannot have a row"
        missing += [
            f"{method} {name} ({route})" for method in _methods(pattern) if (method, name) not in rows
        ]
    assert not missing, "endpoints without a row in the permission matrix: " + ", ".join(missing)


def test_every_page_has_a_row():
    rows = {row.name for row in PAGE_ROWS}
    missing = [
        f"{name} ({route})"
        for route, _pattern, name in _routes(get_resolver().url_patterns)
        if (route.startswith(OUR_PAGE_PREFIXES) or route == "") and name not in rows
    ]
    assert not missing, "pages without a row in the permission matrix: " + ", ".join(missing)


def test_every_app_auth_endpoint_and_method_has_a_row():
    rows = {(row.method, row.name) for row in HEADLESS_ROWS}
    missing = []
    for route, pattern, _name in _routes(get_resolver().url_patterns):
        if route.startswith(APP_AUTH.lstrip("/")):
            path = route.removeprefix(APP_AUTH.lstrip("/"))
            missing += [f"{method} {path}" for method in _methods(pattern) if (method, path) not in rows]
    assert not missing, "app sign-in endpoints without a row: " + ", ".join(missing)


def test_no_row_names_a_route_that_does_not_exist():
    names = {name for _route, _pattern, name in _routes(get_resolver().url_patterns)}
    assert {row.name for row in API_ROWS + PAGE_ROWS} <= names


@pytest.mark.django_db
def test_the_suspended_member_wrote_nothing_through_any_refused_write(world):
    """The 403s above are real refusals: nothing the suspended member sent was saved."""
    forum_writes = [r for r in API_ROWS if r.method != "GET" and r.expect["suspended"] == 403]
    forum_writes += [r for r in PAGE_ROWS if r.name in SUSPENDED_REFUSED_ON_PAGES]
    for row in forum_writes:
        client = (api_client_for if row.name.startswith("api-") else page_client_for)(world.suspended)
        url = reverse(row.name, kwargs=row.kwargs(world))
        data = resolve(row.data, world) or {}
        if row.name.startswith("api-"):
            getattr(client, row.method.lower())(url, data, format="json")
        else:
            getattr(client, row.method.lower())(url, data)
    assert not Post.objects.filter(author=world.suspended).exists()
    assert not Reaction.objects.filter(user=world.suspended).exists()
    assert not Flag.objects.filter(user=world.suspended).exists()
