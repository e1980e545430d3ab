"""PostgreSQL lost during a write through the API: a JSON 503, nothing half-written, and the same
write works once the database is back. (Pages and reads during an outage, and a sign-up through
the page: tests/test_database_unavailable.py.)"""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection

from accounts.models import Notification
from streaks.days import local_today
from streaks.models import CheckIn, MilestoneAward
from tests.streaks.factories import StreakFactory
from tests.test_database_unavailable import database_unreachable

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CHECK_IN = "/api/v1/streaks/checkins/create/"


@pytest.fixture
def member_on_day_seven(member):
    StreakFactory(user=member, start_date=local_today(member.zone) - dt.timedelta(days=7))
    return member


@pytest.fixture
def api(member_on_day_seven, api_client):
    api_client.force_authenticate(member_on_day_seven)
    api_client.raise_request_exception = False  # answer like production does
    return api_client


def _connection_lost_at(statement: str):
    """An execute wrapper: the database connection is cut (its server process ended) just before
    the first statement containing `statement` runs, in the middle of the request's transaction."""

    def wrapper(execute, sql, params, many, context):
        if statement in sql:
            execute("SELECT pg_terminate_backend(pg_backend_pid())", None, False, context)
        return execute(sql, params, many, context)

    return wrapper


def _assert_checked_in_once_and_congratulated_once(api, member) -> None:
    response = api.post(CHECK_IN, {"note": "Back again."}, format="json")
    assert response.status_code == 201
    assert CheckIn.objects.filter(user=member).count() == 1
    assert MilestoneAward.objects.get(streak__user=member, notify=True).days == 7
    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mail.outbox) == 1


def test_a_check_in_through_the_api_while_the_database_is_down_gets_a_json_503(api, member):
    with database_unreachable():
        response = api.post(CHECK_IN, {"note": "Held on."}, format="json")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["message"].startswith("We cannot reach our database")
    assert not CheckIn.objects.filter(user=member).exists()
    _assert_checked_in_once_and_congratulated_once(api, member)


def test_a_connection_lost_in_the_middle_of_a_check_in_leaves_nothing_half_written(api, member):
    # The check-in row is written; the connection goes as the milestone it reached is recorded.
    with connection.execute_wrapper(_connection_lost_at('INSERT INTO "streaks_milestoneaward"')):
        response = api.post(CHECK_IN, {"note": "Held on."}, format="json")
    connection.close()  # the test client keeps the broken connection; a new request would not

    assert response.status_code == 503
    assert response.json()["message"].startswith("We cannot reach our database")
    assert not CheckIn.objects.filter(user=member).exists()
    assert not MilestoneAward.objects.filter(streak__user=member).exists()
    assert not mail.outbox
    _assert_checked_in_once_and_congratulated_once(api, member)
