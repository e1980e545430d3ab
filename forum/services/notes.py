"""Moderators' private notes about a member: written once, read by moderators only."""

from django.utils import timezone

from accounts.models import User
from community.exceptions import ApplicationError

from ..models import ModeratorNote
from .rules import ensure_moderator

NOTE_MAX = 2000


def moderator_note_add(*, moderator: User, member: User, text: str) -> ModeratorNote:
    ensure_moderator(user=moderator)
    text = (text or "").strip()
    if not text:
        raise ApplicationError("Please write the note.", field="text")
    if len(text) > NOTE_MAX:
        raise ApplicationError(f"Please keep the note under {NOTE_MAX} characters.", field="text")
    note = ModeratorNote(member=member, author=moderator, text=text, created_at=timezone.now())
    note.full_clean()
    note.save()
    return note
