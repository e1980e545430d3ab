"""Discreet mode: every kind of e-mail the site sends arrives neutral for a member who chose it."""

import datetime as dt
import re
from email.utils import parseaddr

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.html import strip_tags

from accounts import services as account_services
from forum import services as forum_services
from safety.mail import DISCREET_SENDER_NAME, DISCREET_SUBJECT
from streaks import services as streak_services
from streaks.models import MilestoneAward
from tests.factories import PASSWORD, ModeratorFactory, UserFactory
from tests.forum.factories import published_thread, trusted
from tests.streaks.factories import StreakFactory

pytestmark = pytest.mark.django_db

# What must not show before the e-mail is opened: numbers (day counts) and words about the site.
GIVES_AWAY = re.compile(r"\d|no.?contact|\bdays?\b|streak|milestone|\bex\b|breakup", re.IGNORECASE)


@pytest.fixture(autouse=True)
def discreet_backend(settings):
    """The test runner swaps the backend for locmem: wrap it the way the settings wrap the real one."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "safety.mail.DiscreetEmailBackend",
            "OPTIONS": {"backend": "django.core.mail.backends.locmem.EmailBackend"},
        }
    }
    settings.DISCREET_FROM_EMAIL = "notes@example.org"


def assert_neutral(message) -> None:
    assert message.subject == DISCREET_SUBJECT
    name, address = parseaddr(message.from_email)
    assert (name, address) == (DISCREET_SENDER_NAME, "notes@example.org")
    assert not GIVES_AWAY.search(message.body[:100]), message.body[:100]
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            visible = " ".join(
                strip_tags(re.sub(r"<title>.*?</title>", "", content, flags=re.DOTALL)).split()
            )
            assert not GIVES_AWAY.search(visible[:100]), visible[:100]
            assert f"<title>{DISCREET_SUBJECT}</title>" in content or "<title>" not in content


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def every_kind_of_email(member, capture) -> dict[str, list]:
    """Make the site send `member` each kind of e-mail it has; returns them by kind."""
    kinds = {}
    other = UserFactory()
    trusted(other)
    moderator = ModeratorFactory()

    mail.outbox.clear()
    StreakFactory(user=member, start_date=timezone.localdate(timezone=member.zone) - dt.timedelta(days=30))
    streak_services.milestones_check(user=member)
    streak_services.award_deliver(award_id=MilestoneAward.objects.get(notify=True).pk)
    kinds["milestone"] = sent_to(member.email)

    thread = published_thread(author=member)
    forum_services.thread_follow(user=member, thread=thread)
    mail.outbox.clear()
    with capture(execute=True):
        forum_services.reply_create(author=other, thread=thread, body="You are not alone in this.")
    kinds["reply"] = sent_to(member.email)

    mail.outbox.clear()
    with capture(execute=True):
        forum_services.reply_create(
            author=other, thread=published_thread(), body=f"@{member.handle} thinking of you"
        )
    kinds["mention"] = sent_to(member.email)

    post = forum_services.reply_create(author=member, thread=published_thread(), body="First words here")
    mail.outbox.clear()
    with capture(execute=True):
        forum_services.post_approve(moderator=moderator, post=post, expected_version=post.version)
    kinds["moderation"] = sent_to(member.email)

    mail.outbox.clear()
    with capture(execute=True):
        account_services.data_export_request(user=member)
    kinds["export ready"] = sent_to(member.email)

    browser = Client()
    mail.outbox.clear()
    browser.post("/accounts/password/reset/", {"email": member.email})
    kinds["password reset"] = sent_to(member.email)

    browser.force_login(member)
    mail.outbox.clear()
    browser.post("/accounts/email/", {"email": "second.address@example.org", "action_add": ""})
    kinds["address verification"] = sent_to("second.address@example.org")

    mail.outbox.clear()
    with capture(execute=True):
        account_services.account_delete_request(user=member, password=PASSWORD, keep_posts=True)
    kinds["account deleted"] = sent_to(member.email)
    return kinds


def test_every_email_to_a_discreet_member_is_neutral(django_capture_on_commit_callbacks):
    member = UserFactory(discreet=True)

    kinds = every_kind_of_email(member, django_capture_on_commit_callbacks)

    assert {kind: len(messages) for kind, messages in kinds.items()} == dict.fromkeys(kinds, 1)
    for kind, messages in kinds.items():
        for message in messages:
            try:
                assert_neutral(message)
            except AssertionError as error:
                raise AssertionError(f"{kind}: {error}") from error


def test_other_members_get_the_usual_emails(django_capture_on_commit_callbacks):
    member = UserFactory(discreet=False)

    kinds = every_kind_of_email(member, django_capture_on_commit_callbacks)

    assert all(messages for messages in kinds.values()), kinds
    for kind, messages in kinds.items():
        assert messages[0].subject != DISCREET_SUBJECT, kind
    assert "30" in kinds["milestone"][0].subject or "30" in kinds["milestone"][0].body


def test_the_settings_wrap_every_configured_mailer():
    from community.settings import base

    assert base.MAILERS
    for mailer in base.MAILERS.values():
        assert mailer["BACKEND"] == "safety.mail.DiscreetEmailBackend"
        assert mailer["OPTIONS"]["backend"]


def test_discreet_mode_is_one_switch_in_settings_and_changes_the_tab(member_client, member):
    page = member_client.get("/").content.decode()
    assert "<title>" in page and "<title>Notes</title>" not in page

    member_client.post(
        "/members/settings/safety/",
        {"quick_exit_url": "https://www.google.com/", "discreet": "on", "country": ""},
    )

    member.refresh_from_db()
    assert member.discreet
    page = member_client.get("/streak/").content.decode()
    assert "<title>Notes</title>" in page
    assert "favicon-plain.svg" in page
    assert "/static/img/favicon.svg" not in page
