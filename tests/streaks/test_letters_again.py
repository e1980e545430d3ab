"""'Read it again tomorrow': a letter asks for it, and the next day, in the member's morning in their
own zone, one notification links to it; exactly once, in a number of queries that does not grow."""

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification
from streaks import services, tasks
from streaks.days import local_today
from streaks.models import Letter
from tests.concurrency import run_together
from tests.factories import UserFactory

from .test_days_properties import ZONES

UTC = dt.UTC
TITLE = "A letter to read again"


def _at(zone: str, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(UTC)


def _letter(member, *, on: dt.date, body: str = "I still think about you every day.") -> Letter:
    return Letter.objects.create(user=member, body=body, read_again_on=on)


@pytest.mark.django_db
def test_writing_a_letter_on_the_page_can_ask_to_read_it_again_tomorrow(member_client, member):
    form = member_client.get("/streak/letters/new/").content.decode()
    assert "Remind me to read it again tomorrow morning" in form

    response = member_client.post(
        "/streak/letters/new/", {"body": "Words I will not send.", "read_again": "on"}, follow=True
    )

    letter = Letter.objects.get()
    assert letter.read_again_on == local_today(member.zone) + dt.timedelta(days=1)
    content = response.content.decode()
    assert "We will remind you to read it again tomorrow morning." in content
    member_client.post("/streak/letters/new/", {"body": "Another one."})
    assert Letter.objects.filter(read_again_on__isnull=True).count() == 1


@pytest.mark.django_db
def test_the_api_writes_a_letter_to_read_again_and_refuses_a_bad_choice(member_api, member):
    response = member_api.post(
        "/api/v1/streaks/letters/create/", {"body": "Unsent.", "read_again": True}, format="json"
    )
    assert response.status_code == 201
    assert response.data["read_again_on"] == (local_today(member.zone) + dt.timedelta(days=1)).isoformat()
    assert response.data["read_again_sent_at"] is None

    bad = member_api.post(
        "/api/v1/streaks/letters/create/", {"body": "Unsent.", "read_again": "maybe"}, format="json"
    )
    assert bad.status_code == 400 and "read_again" in bad.data["errors"]
    assert Letter.objects.count() == 1


@pytest.mark.django_db
def test_the_reminder_comes_at_nine_in_the_members_own_zone_once_and_says_nothing_of_the_letter(
    django_capture_on_commit_callbacks, mailoutbox
):
    tokyo = UserFactory(timezone="Asia/Tokyo")
    paris = UserFactory(timezone="Europe/Paris")
    day = dt.date(2026, 3, 10)
    tokyo_letter = _letter(tokyo, on=day, body="SECRET-TOKYO words")
    paris_letter = _letter(paris, on=day, body="SECRET-PARIS words")

    assert services.letters_read_again_send(now=_at("Asia/Tokyo", day, 8, 59)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.letters_read_again_send(now=_at("Asia/Tokyo", day, 9, 0)) == 1
    assert services.letters_read_again_send(now=_at("Asia/Tokyo", day, 9, 5)) == 0
    # In Paris it is still the night before: nothing yet; at 9:02 there it comes.
    assert services.letters_read_again_send(now=_at("Europe/Paris", day, 8, 0)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.letters_read_again_send(now=_at("Europe/Paris", day, 9, 2)) == 1

    sent = list(Notification.objects.filter(title=TITLE).order_by("created_at"))
    assert [(note.recipient, note.url) for note in sent] == [
        (tokyo, f"/streak/letters/{tokyo_letter.pk}/"),
        (paris, f"/streak/letters/{paris_letter.pk}/"),
    ]
    for note in sent:
        assert "SECRET" not in note.title + note.body and "words" not in note.body
    assert [message.to for message in mailoutbox] == [[tokyo.email], [paris.email]]
    for message in mailoutbox:
        assert "SECRET" not in message.subject + message.body
    assert Letter.objects.filter(read_again_sent_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_letter_already_glad_deleted_or_of_a_member_who_left_is_not_reminded():
    day = dt.date(2026, 5, 4)
    glad = _letter(UserFactory(timezone="UTC"), on=day)
    Letter.objects.filter(pk=glad.pk).update(glad_at=timezone.now())
    _letter(UserFactory(timezone="UTC", is_active=False), on=day)
    deleted = _letter(UserFactory(timezone="UTC"), on=day)
    deleted.delete()

    assert services.letters_read_again_send(now=_at("UTC", day, 10)) == 0
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_reminder_the_beat_missed_comes_the_next_morning_not_in_the_night():
    member = UserFactory(timezone="Europe/London")
    _letter(member, on=dt.date(2026, 5, 4))

    assert services.letters_read_again_send(now=_at("Europe/London", dt.date(2026, 5, 5), 3)) == 0
    assert services.letters_read_again_send(now=_at("Europe/London", dt.date(2026, 5, 5), 9, 1)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "day"), [("Europe/London", dt.date(2026, 3, 29)), ("America/New_York", dt.date(2026, 11, 1))]
)
def test_on_the_day_the_clocks_change_it_comes_once_in_the_local_morning(zone, day):
    """A sweep every 5 minutes, twice each time, over the 24 hours around a DST change."""
    member = UserFactory(timezone=zone)
    _letter(member, on=day)
    moments = []
    now = _at(zone, day, 0)
    while now < _at(zone, day + dt.timedelta(days=1), 0):
        sent = services.letters_read_again_send(now=now) + services.letters_read_again_send(now=now)
        moments += [now] * sent
        now += dt.timedelta(minutes=5)

    assert len(moments) == 1
    local = moments[0].astimezone(zoneinfo.ZoneInfo(zone))
    assert local.date() == day and dt.time(9, 0) <= local.time() < dt.time(9, 5)


# At this instant it is past 9:00 in some of the zones (on 1 or 2 June) and before it in others.
NOW = dt.datetime(2026, 6, 1, 23, 0, tzinfo=UTC)
MORNING_COME = [zone for zone in ZONES if NOW.astimezone(zoneinfo.ZoneInfo(zone)).hour >= 9]
STILL_NIGHT = [zone for zone in ZONES if zone not in MORNING_COME]


def _letters_due_and_not(count: int) -> list[Letter]:
    """`count` letters due now, in every zone where the morning has come, and as many waiting for
    it elsewhere; a third of the members have two letters due."""
    due = []
    for index in range(count):
        member = UserFactory(timezone=MORNING_COME[index % len(MORNING_COME)])
        due.append(_letter(member, on=NOW.astimezone(member.zone).date()))
        if index % 3 == 0:
            due.append(_letter(member, on=dt.date(2026, 5, 31)))
        waiting = UserFactory(timezone=STILL_NIGHT[index % len(STILL_NIGHT)])
        _letter(waiting, on=NOW.astimezone(waiting.zone).date())
    return due


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_letters():
    assert MORNING_COME and STILL_NIGHT

    def queries_for(count: int) -> int:
        Letter.objects.all().delete()
        due = _letters_due_and_not(count)
        with CaptureQueriesContext(connection) as captured:
            assert services.letters_read_again_send(now=NOW) == len(due)
        assert set(Letter.objects.filter(read_again_sent_at__isnull=False)) == set(due)
        return len(captured.captured_queries)

    assert queries_for(len(ZONES)) == queries_for(5 * len(ZONES)) <= 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_remind_of_each_letter_once():
    due = _letters_due_and_not(3 * len(MORNING_COME))

    sent = run_together(lambda _: services.letters_read_again_send(now=NOW), count=2)

    assert sum(sent) == len(due)
    assert Notification.objects.filter(title=TITLE).count() == len(due)
    assert set(Notification.objects.values_list("url", flat=True)) == {
        f"/streak/letters/{letter.pk}/" for letter in due
    }


@pytest.mark.django_db
def test_the_letter_reminded_asks_how_it_feels_and_offers_glad_or_delete(member_client, member):
    letter = _letter(member, on=local_today(member.zone))
    page = member_client.get(f"/streak/letters/{letter.pk}/").content.decode()
    assert "We will remind you to read it again on" in page

    assert services.letters_read_again_send(now=_at(member.timezone, letter.read_again_on, 10)) == 1
    page = member_client.get(f"/streak/letters/{letter.pk}/").content.decode()

    assert "You chose to read this again today. How does it feel now?" in page
    assert "I&#x27;m glad I didn&#x27;t send it" in page or "I'm glad I didn't send it" in page
    assert "Delete this letter" in page
    member_client.post(f"/streak/letters/{letter.pk}/glad/")
    assert "How does it feel now?" not in member_client.get(f"/streak/letters/{letter.pk}/").content.decode()


def test_the_beat_runs_the_sweep_every_few_minutes():
    entries = [
        entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"].endswith("read_again_send")
    ]
    assert entries and entries[0]["schedule"] <= 15 * 60
    assert entries[0]["task"] == tasks.letters_read_again_send.name
