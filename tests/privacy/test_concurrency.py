"""Races on PostgreSQL: a double click asks for one export; two workers erase an account once."""

from unittest import mock

import pytest
from django.core import mail

from accounts import services, tasks
from accounts.models import AccountDeletion, DataExport, User
from tests.concurrency import run_together
from tests.factories import PASSWORD
from tests.privacy.factories import community

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_asking_twice_at_once_makes_one_export():
    robin, _, _ = community()
    user = User.objects.get(pk=robin.user.pk)

    # The worker has not picked it up yet, as with a real broker.
    with mock.patch.object(tasks.data_export_build, "delay") as delay:
        results = run_together(lambda _: services.data_export_request(user=user), count=3)

    assert DataExport.objects.filter(user=user).count() == 1
    assert len({export.pk for export in results}) == 1
    delay.assert_called_once_with(results[0].pk)


def test_two_workers_erase_an_account_once():
    robin, _, _ = community()
    user = User.objects.get(pk=robin.user.pk)
    # Ask without running the erasure, then let two workers race on it.
    AccountDeletion.objects.create(user=user, keep_posts=False, requested_at=user.date_joined)
    User.objects.filter(pk=user.pk).update(is_active=False)

    results = run_together(lambda _: services.account_erase(user_id=user.pk))

    assert sorted(results) == [False, True]
    assert not User.objects.filter(pk=user.pk).exists()
    assert [message.subject for message in mail.outbox].count("[No Contact] Your account is deleted") == 1


def test_the_erasure_asked_through_the_service_runs_once_committed():
    robin, _, _ = community()

    services.account_delete_request(user=robin.user, password=PASSWORD, keep_posts=True)

    assert not User.objects.filter(pk=robin.user.pk).exists()
