"""Member text to safe HTML, with the @handles of existing members linked to their profiles."""

import re

from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from community.text import LINK_REL, render_markdown

MENTION_RE = re.compile(r"(?<![\w@/\[])@([A-Za-z0-9_]{3,30})\b")
MAX_MENTIONS = 10


def mentioned_members(body: str, *, exclude: User | None) -> list[User]:
    handles = {handle.lower() for handle in MENTION_RE.findall(body)}
    if not handles:
        return []
    condition = Q()
    for handle in list(handles)[:MAX_MENTIONS]:
        condition |= Q(handle__iexact=handle)
    members = User.objects.filter(condition, is_active=True)
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return list(members)


_TAG_RE = re.compile(r"(<[^>]*>)")
_NO_MENTION_INSIDE = {"a", "code", "pre"}


def render_body(body: str) -> str:
    """Markdown to safe HTML, with @handles of existing members linked to their profiles.

    Mentions are linked in the sanitized HTML's text, never inside links or code.
    """
    html = render_markdown(body)
    known = {member.handle.lower(): member.handle for member in mentioned_members(body, exclude=None)}
    if not known:
        return html

    def link(match: re.Match) -> str:
        handle = known.get(match.group(1).lower())
        if handle is None:
            return match.group(0)
        url = reverse("accounts:profile", args=[handle])
        return f'<a href="{url}" rel="{LINK_REL}">@{handle}</a>'

    parts = _TAG_RE.split(html)
    depth = 0
    for index, part in enumerate(parts):
        if index % 2:
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if name in _NO_MENTION_INSIDE:
                depth += -1 if part.startswith("</") else 1
        elif depth == 0 and "@" in part:
            parts[index] = MENTION_RE.sub(link, part)
    return "".join(parts)
