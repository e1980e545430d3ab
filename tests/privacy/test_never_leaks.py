"""A member's e-mail address and private notes never reach anyone else.

Every page and API endpoint of the site is visited, with its parameters pointing at one member's
threads, posts, streak records and handle, by another member, a moderator and a visitor. The
member's distinctive e-mail address and notes must appear nowhere; their own views must show them,
so the check is known to be able to fail.
"""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts import services as account_services
from forum import services as forum_services
from forum.models import Post
from tests.factories import ModeratorFactory
from tests.forum.factories import trusted
from tests.privacy.factories import community
from tests.privacy.site import urls_about, visit

pytestmark = pytest.mark.django_db

# The push token of Robin's phone: a key to it, shown to nobody.
ROBIN_DEVICE_TOKEN = "0b1e55ed" * 8


@pytest.fixture
def scene(django_capture_on_commit_callbacks):
    """Robin, with everything, seen by Alex, Robin's partner; a moderator has acted on Robin's posts."""
    robin, alex, shared = community()
    moderator = ModeratorFactory(email="moderator.private.mailbox@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.filter(pk=robin.pending_reply.pk).update(body=f"{robin.pending_reply.body} @alex")
        forum_services.post_approve(moderator=moderator, post=Post.objects.get(pk=robin.pending_reply.pk))
        forum_services.post_moderator_edit(
            moderator=moderator, post=robin.reply, body="REPLY-ROBIN, gently edited", reason="A name"
        )
        forum_services.flag_create(user=alex.user, post=robin.opening, reason="crisis")
        forum_services.member_suspend(
            moderator=moderator, user=robin.user, days=1, reason="A cooling-off day"
        )
        export = account_services.data_export_request(user=robin.user)
        # Alex is Robin's partner: sees Robin's count and milestones, and still none of the above.
        invite = account_services.partner_invite(inviter=robin.user, handle="alex")
        account_services.partner_invite_accept(user=alex.user, token=invite.token)
        link = account_services.partner_invite(inviter=robin.user)
        sos = account_services.sos_send(sender=robin.user, message="Evenings are hard today")
        account_services.sos_reply(user=alex.user, alert_id=sos.pk, body="I am here for you")
        phone, _ = account_services.device_register(
            user=robin.user, platform="apns", token=ROBIN_DEVICE_TOKEN, name="Robin's phone"
        )
    values = {
        "handle": ["robin"],
        "thread_id": [robin.own_thread.pk, shared.pk],
        "post_id": [robin.reply.pk, robin.pending_reply.pk, robin.opening.pk],
        "slug": [shared.category.slug],
        "streak_id": [robin.streak.pk, robin.slip.streak_id],
        "checkin_id": [robin.checkin.pk],
        "urge_id": [robin.urge.pk],
        "slip_id": [robin.slip.pk],
        "award_id": [robin.award.pk],
        "reason_id": [robin.reason.pk],
        "letter_id": [robin.letter.pk],
        "token": [export.token, invite.token, link.token],
        "alert_id": [sos.pk],
        "key": [phone.pk, ROBIN_DEVICE_TOKEN],
    }
    return robin, alex, moderator, values


def leaks(text: str, robin) -> list[str]:
    secrets = [robin.email, robin.email.split("@")[0], *robin.notes, ROBIN_DEVICE_TOKEN]
    return [secret for secret in secrets if secret.lower() in text.lower()]


def viewers(alex, moderator) -> dict[str, Client]:
    member, mod, visitor = Client(), Client(), Client()
    member.force_login(alex.user)
    mod.force_login(moderator)
    return {"another member": member, "a moderator": mod, "a visitor": visitor}


def test_no_page_or_endpoint_shows_a_members_email_or_private_notes_to_anyone_else(scene):
    robin, alex, moderator, values = scene
    urls = urls_about(values)
    found = []
    seen_robin = 0
    for who, client in viewers(alex, moderator).items():
        for url in urls:
            text = visit(client, url)
            found += [(who, url, secret) for secret in leaks(text, robin)]
            seen_robin += "REPLY-ROBIN" in text

    assert found == []
    # The pages did show Robin's public words and count: the check looked where they are.
    assert seen_robin > 10
    assert '"handle":"robin","since"' in visit(
        viewers(alex, moderator)["another member"], "/api/v1/partners/"
    )
    assert len(urls) > 100


def test_responses_to_actions_on_a_members_posts_show_neither(scene):
    robin, alex, moderator, _ = scene
    clients = viewers(alex, moderator)
    member, mod = clients["another member"], clients["a moderator"]
    trusted(alex.user)
    Post.objects.filter(author=alex.user).update(created_at=timezone.now() - dt.timedelta(hours=1))
    reply = Post.objects.get(pk=robin.reply.pk)
    actions = [
        (member, f"/api/v1/forum/posts/{reply.pk}/reactions/", {"kind": "hug"}),
        (member, f"/api/v1/forum/posts/{reply.pk}/flags/", {"reason": "spam"}),
        (member, f"/api/v1/forum/threads/{reply.thread_id}/replies/", {"body": "Thinking of you @robin"}),
        (member, "/api/v1/forum/blocks/", None),
        (mod, f"/api/v1/forum/moderation/posts/{reply.pk}/hide/", {"version": reply.version, "reason": "x"}),
        (mod, f"/api/v1/forum/moderation/posts/{reply.pk}/restore/", {"version": reply.version + 1}),
        (mod, f"/api/v1/forum/moderation/posts/{reply.pk}/revisions/", None),
        (mod, "/api/v1/forum/moderation/members/robin/lift-suspension/", {"reason": "Welcome back"}),
        (mod, "/api/v1/forum/moderation/members/robin/suspend/", {"days": 3, "reason": "Again"}),
        (mod, "/api/v1/forum/moderation/queue/", None),
        (mod, "/api/v1/forum/moderation/log/", None),
    ]
    for client, url, data in actions:
        response = client.post(url, data, content_type="application/json") if data else client.get(url)
        assert response.status_code < 400, (url, response.content)
        assert leaks(response.content.decode(), robin) == [], url


def test_emails_to_others_about_a_member_show_neither(scene):
    robin, *_ = scene
    to_others = [message for message in mail.outbox if robin.email not in message.to]

    assert any("robin" in message.body + message.subject for message in to_others)
    for message in to_others:
        assert leaks(f"{message.subject} {message.body} {message.to} {message.cc}", robin) == []


def test_the_members_own_views_do_show_them(scene):
    robin, _, _, values = scene
    own = Client()
    own.force_login(robin.user)

    assert robin.email in visit(own, "/api/v1/me/")
    assert robin.checkin.note in visit(own, f"/api/v1/streaks/checkins/{robin.checkin.pk}/")
    assert robin.urge.note in visit(own, f"/api/v1/streaks/urges/{robin.urge.pk}/")
    assert robin.slip.note in visit(own, f"/api/v1/streaks/slips/{robin.slip.pk}/")
    assert robin.checkin.note in visit(own, "/api/v1/streaks/checkins/")
    assert "PLANPERSON-ROBIN" in visit(own, "/api/v1/me/safety-plan/")
    assert "PLANPERSON-ROBIN" in visit(own, "/help/")
    assert "PLANPERSON-ROBIN" in visit(own, "/help/my-plan/")
    assert robin.reason.text in visit(own, f"/api/v1/streaks/reasons/{robin.reason.pk}/")
    assert robin.letter.body in visit(own, f"/api/v1/streaks/letters/{robin.letter.pk}/")
    assert robin.reason.text in visit(own, "/streak/reasons/")
    assert robin.letter.body in visit(own, f"/streak/letters/{robin.letter.pk}/")
    mine = [url for url in urls_about(values) if url.startswith(("/streak/", "/api/v1/streaks/"))]
    assert any(robin.checkin.note in visit(own, url) for url in mine)
    drafts = visit(own, "/forum/drafts/") + visit(own, "/api/v1/forum/drafts/")
    assert robin.reply_draft.body in drafts and robin.thread_draft.title in drafts


def test_other_members_notes_and_emails_are_not_in_a_members_export(
    scene, django_capture_on_commit_callbacks
):
    robin, alex, moderator, _ = scene
    own = Client()
    own.force_login(alex.user)
    with django_capture_on_commit_callbacks(execute=True):
        own.post("/api/v1/me/export/")
    url = own.get("/api/v1/me/export/").json()["download_url"]

    text = own.get(url).content.decode()

    assert "CHECKINNOTE-ALEX" in text
    assert leaks(text, robin) == []
    assert moderator.email not in text
