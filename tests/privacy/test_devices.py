"""The phones and browsers a member gets notifications on: theirs alone, in their export without
the push tokens themselves (a token is a key to the phone), and erased with the account."""

import pytest
from rest_framework.test import APIClient

from accounts import services
from accounts.models import MobileDevice, Notification, PushDelivery
from tests.factories import PASSWORD, UserFactory
from tests.privacy.test_export import download

pytestmark = pytest.mark.django_db

KIM_TOKEN = "feedc0de" * 8
SAM_TOKEN = "samsphone:APA91b" + "s" * 140


def test_the_export_lists_my_phones_without_their_tokens(django_capture_on_commit_callbacks):
    kim, sam = UserFactory(), UserFactory()
    kim_phone, _ = services.device_register(user=kim, platform="apns", token=KIM_TOKEN, name="Kim's phone")
    services.device_register(user=sam, platform="fcm", token=SAM_TOKEN, name="Sam's phone")
    services.push_settings_update(user=kim, data={"push_on_reply": False})
    client = APIClient()
    client.force_authenticate(kim)

    data, raw = download(client, django_capture_on_commit_callbacks, kim)

    assert data["account"]["devices"] == [
        {
            "platform": "apns",
            "name": "Kim's phone",
            "token_ends_with": KIM_TOKEN[-6:],
            "registered_at": kim_phone.created_at.isoformat(),
        }
    ]
    assert data["account"]["profile"]["push_on_reply"] is False
    assert KIM_TOKEN not in raw
    assert SAM_TOKEN[-20:] not in raw and "Sam's phone" not in raw


def test_phones_and_what_was_pushed_to_them_go_with_the_account(django_capture_on_commit_callbacks):
    kim, sam = UserFactory(), UserFactory()
    kim_phone, _ = services.device_register(user=kim, platform="apns", token=KIM_TOKEN)
    services.device_register(user=sam, platform="fcm", token=SAM_TOKEN)
    note = Notification.objects.create(recipient=kim, kind="account", title="Hello")
    PushDelivery.objects.create(notification=note, device=kim_phone, delivered_at=note.created_at)

    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete_request(user=kim, password=PASSWORD, keep_posts=False)

    assert list(MobileDevice.objects.values_list("token", flat=True)) == [SAM_TOKEN]
    assert not PushDelivery.objects.exists()
