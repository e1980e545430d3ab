"""A letter to read again stays private: the reminder says only that a letter waits (in the inbox, the
e-mail and the push), its link opens for nobody else, and the choice is in the member's export."""

import datetime as dt

import pytest
from django.test import Client

from accounts import push
from accounts.models import Notification
from streaks import services
from streaks.models import Letter, MilestoneAward
from tests.factories import ModeratorFactory, UserFactory
from tests.privacy.factories import community
from tests.privacy.test_export import api_for, download

pytestmark = pytest.mark.django_db

WORDS = "LETTER-AGAIN-ROBIN: I miss the way you laughed"


def _reminded(member) -> tuple[Letter, Notification]:
    day = dt.date(2026, 4, 2)
    letter = Letter.objects.create(user=member, body=WORDS, read_again_on=day)
    now = dt.datetime.combine(day, dt.time(10), tzinfo=member.zone)
    assert services.letters_read_again_send(now=now) == 1
    return letter, Notification.objects.get(recipient=member, url=f"/streak/letters/{letter.pk}/")


def test_the_reminder_never_carries_the_letters_words_on_any_channel(
    django_capture_on_commit_callbacks, mailoutbox
):
    member = UserFactory(handle="robin", email="robin.private.mailbox@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _, notification = _reminded(member)

    content = push.push_content(notification)
    seen = [notification.title, notification.body, content.title, content.body]
    seen += [part for message in mailoutbox for part in (message.subject, message.body)]
    assert len(mailoutbox) == 1
    for text in seen:
        assert "LETTER-AGAIN" not in text and "laughed" not in text


def test_the_letter_the_reminder_links_to_opens_for_nobody_else():
    member = UserFactory()
    letter, notification = _reminded(member)
    others = {"another member": UserFactory(), "a moderator": ModeratorFactory()}
    for who, user in others.items():
        client = Client()
        client.force_login(user)
        for path in (notification.url, f"/api/v1/streaks/letters/{letter.pk}/"):
            response = client.get(path)
            assert response.status_code == 404, (who, path)
            assert WORDS not in response.content.decode()
    assert Client().get(notification.url).status_code == 302  # a visitor is asked to sign in
    owner = Client()
    owner.force_login(member)
    assert WORDS in owner.get(notification.url).content.decode()


def test_the_export_holds_the_read_again_choice_and_the_celebration(django_capture_on_commit_callbacks):
    robin, _, _ = community()
    Letter.objects.filter(pk=robin.letter.pk).update(read_again_on=dt.date(2026, 4, 2))
    MilestoneAward.objects.filter(pk=robin.award.pk).update(celebrated_at=robin.award.awarded_at)

    data, _ = download(api_for(robin.user), django_capture_on_commit_callbacks, robin.user)

    [letter] = data["streaks"]["unsent_letters"]
    assert letter["read_it_again_on"] == "2026-04-02" and letter["read_it_again_reminded_at"] is None
    [award] = data["streaks"]["milestones"]
    assert award["celebrated_at"] == robin.award.awarded_at.isoformat()
