"""A check-in served by another thread (runserver and threaded servers do this) is congratulated."""

import threading

import pytest
from django.db import connection

from accounts.models import Notification
from streaks import services

from .factories import StreakFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_milestone_reached_in_another_thread_is_congratulated(member, days_ago):
    StreakFactory(user=member, start_date=days_ago(7))
    errors = []

    def check_in():
        try:
            services.checkin_record(user=member)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=check_in)
    thread.start()
    thread.join(timeout=30)

    assert errors == []
    assert Notification.objects.filter(recipient=member, kind="milestone").count() == 1
