"""With the broker unreachable, asking still answers; nothing is lost, it runs later."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts import services, tasks
from accounts.models import AccountDeletion, DataExport, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down():
    error = OperationalError("Connection refused")
    with (
        mock.patch.object(tasks.data_export_build, "delay", side_effect=error),
        mock.patch.object(tasks.account_erase, "delay", side_effect=error),
    ):
        yield


def test_deleting_with_the_broker_down_closes_the_account_and_erases_it_later(
    member_api, member, django_capture_on_commit_callbacks, broker_down
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_api.post(
            "/api/v1/me/delete/", {"password": PASSWORD, "keep_posts": True}, format="json"
        )

    assert response.status_code == 202
    assert User.objects.get(pk=member.pk).is_active is False
    assert AccountDeletion.objects.filter(user=member).exists()

    AccountDeletion.objects.update(requested_at=timezone.now() - dt.timedelta(hours=1))
    with mock.patch.object(
        tasks.account_erase, "delay", side_effect=lambda user_id: tasks.account_erase(user_id)
    ):
        assert tasks.account_erasures_resume() == 1
    assert not User.objects.filter(pk=member.pk).exists()


def test_an_export_lost_with_the_broker_can_be_asked_for_again_later(
    member_api, member, django_capture_on_commit_callbacks, broker_down
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_api.post("/api/v1/me/export/")
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    lost = DataExport.objects.get(user=member)

    DataExport.objects.update(created_at=timezone.now() - services.EXPORT_PATIENCE - dt.timedelta(minutes=1))
    again = services.data_export_request(user=member)

    assert again.pk != lost.pk
    assert not DataExport.objects.filter(pk=lost.pk).exists()
