"""The moderation log: filters by action, moderator, member and days; a CSV that is safe to open."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from forum.models import ModerationLogEntry
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

API_CSV = "/api/v1/forum/moderation/log/export.csv"


def _entry(*, moderator, member, action: str, days_ago: int, reason: str = "") -> ModerationLogEntry:
    entry = ModerationLogEntry(
        moderator=moderator,
        moderator_handle=moderator.handle,
        action=action,
        target_user=member,
        target=f"Member {member.handle}",
        reason=reason,
        created_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    entry.save()
    return entry


@pytest.fixture
def log(moderator):
    # The filters' days are the moderator's own; the expectations below count days in UTC.
    moderator.timezone = "UTC"
    moderator.save(update_fields=["timezone"])
    member, other_moderator = UserFactory(), ModeratorFactory()
    return {
        "old": _entry(moderator=moderator, member=member, action="suspend", days_ago=10, reason="=1+1"),
        "recent": _entry(moderator=moderator, member=member, action="lift_suspension", days_ago=2),
        "other": _entry(moderator=other_moderator, member=UserFactory(), action="suspend", days_ago=1),
        "member": member,
        "other_moderator": other_moderator,
    }


def _day(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


def _cases(log):
    return [
        ({"action": "suspend"}, [log["other"], log["old"]]),
        ({"moderator": log["other_moderator"].handle}, [log["other"]]),
        ({"member": log["member"].handle}, [log["recent"], log["old"]]),
        ({"since": _day(3)}, [log["other"], log["recent"]]),
        ({"since": _day(11), "until": _day(5)}, [log["old"]]),
        ({"until": _day(2)}, [log["recent"], log["old"]]),
    ]


def test_filters_on_the_page_the_api_and_the_csv_agree(moderator_client, moderator, log):
    api = APIClient()
    api.force_authenticate(moderator)
    for query, expected in _cases(log):
        data = api.get("/api/v1/forum/moderation/log/", query).json()
        assert [row["id"] for row in data["results"]] == [entry.pk for entry in expected], query
        page = moderator_client.get("/forum/log/", query)
        assert page.content.decode().count('<td data-label="When">') == len(expected), query
        for url, client in (("/forum/log/export.csv", moderator_client), (API_CSV, api)):
            response = client.get(url, query)
            rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
            assert [row[3] for row in rows[1:]] == [entry.target for entry in expected], (url, query)


def test_a_range_that_ends_before_it_starts_is_explained(moderator_client, moderator, log):
    query = {"since": _day(1), "until": _day(5)}
    page = moderator_client.get("/forum/log/", query).content.decode()
    assert "Please choose a day on or after the first one." in page
    assert "Download as CSV" not in page
    api = APIClient()
    api.force_authenticate(moderator)
    response = api.get("/api/v1/forum/moderation/log/", query)
    assert response.status_code == 400 and "until" in response.json()["errors"]
    assert api.get("/api/v1/forum/moderation/log/", {"since": "yesterday"}).status_code == 400
    response = api.get(API_CSV, query)
    assert response.status_code == 400 and "until" in response.json()["errors"]


def test_the_csv_is_streamed_and_never_runs_a_formula(moderator_client, moderator, log):
    for reason in ("+SUM(A1)", "-2", "@cmd", "\t=1", "plain words"):
        _entry(moderator=moderator, member=log["member"], action="hide", days_ago=0, reason=reason)
    response = moderator_client.get("/forum/log/export.csv", {"action": "hide"})
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["When", "Moderator", "Action", "On what", "Member", "Why"]
    assert sorted(row[5] for row in rows[1:]) == sorted(["'+SUM(A1)", "'-2", "'@cmd", "'\t=1", "plain words"])
    everything = b"".join(moderator_client.get("/forum/log/export.csv").streaming_content).decode()
    assert "'=1+1" in everything


def test_the_api_csv_gives_aware_times(moderator, log):
    api = APIClient()
    api.force_authenticate(moderator)
    response = api.get(API_CSV, {"action": "lift_suspension"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    when = dt.datetime.fromisoformat(rows[1][0])
    assert when.utcoffset() is not None and when == log["recent"].created_at


def test_members_cannot_download_the_log(member_client, member):
    assert member_client.get("/forum/log/export.csv").status_code == 403
    api = APIClient()
    api.force_authenticate(member)
    assert api.get(API_CSV).status_code == 403
