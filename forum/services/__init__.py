"""Every change to the forum goes through one function here, grouped by what it does: posting,
reactions, flags, moderation and suspensions. Callers use `forum.services.<function>`."""

from .drafts import draft_delete, draft_save
from .flags import flag_create
from .moderation import (
    BULK_ACTIONS,
    BULK_MAX,
    flags_dismiss,
    flags_uphold,
    post_approve,
    post_hide,
    post_moderator_edit,
    post_reject,
    post_restore,
    posts_bulk_decide,
    thread_lock,
    thread_move,
    thread_pin,
)
from .notes import moderator_note_add
from .posting import (
    post_edit,
    post_preview,
    post_remove,
    reply_create,
    thread_create,
    thread_follow,
    thread_mark_read,
    thread_refresh,
    thread_unfollow,
)
from .reactions import reaction_toggle
from .right_now import right_now_ask
from .rules import RateLimited
from .suspensions import SUSPENSION_DAYS, member_suspend, suspension_lift

__all__ = [
    "BULK_ACTIONS",
    "BULK_MAX",
    "SUSPENSION_DAYS",
    "RateLimited",
    "draft_delete",
    "draft_save",
    "flag_create",
    "flags_dismiss",
    "flags_uphold",
    "member_suspend",
    "moderator_note_add",
    "post_approve",
    "post_edit",
    "post_hide",
    "post_moderator_edit",
    "post_preview",
    "post_reject",
    "post_remove",
    "post_restore",
    "posts_bulk_decide",
    "reaction_toggle",
    "reply_create",
    "right_now_ask",
    "suspension_lift",
    "thread_create",
    "thread_follow",
    "thread_lock",
    "thread_mark_read",
    "thread_move",
    "thread_pin",
    "thread_refresh",
    "thread_unfollow",
]
