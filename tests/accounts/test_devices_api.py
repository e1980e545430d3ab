"""Registering the app's phones for push: POST/DELETE /api/v1/devices/."""

import pytest
from rest_framework.test import APIClient

from accounts.models import MobileDevice
from accounts.services import DEVICES_MAX
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FCM_TOKEN = "cXdlcnR5:APA91bH" + "A1b2_-" * 25
APNS_TOKEN = "a1b2c3d4" * 8


def app(member) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


def register(client, **data):
    return client.post("/api/v1/devices/", {"platform": "fcm", "token": FCM_TOKEN, **data}, format="json")


def test_registering_a_phone_and_again_is_idempotent():
    kim = UserFactory()
    client = app(kim)

    first = register(client, name="Kim's phone")
    again = register(client, name="Kim's Pixel")

    assert first.status_code == 201, first.content
    assert again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert again.json()["name"] == "Kim's Pixel"
    assert "token" not in again.json()
    assert MobileDevice.objects.get().name == "Kim's Pixel"


def test_an_apns_token_is_taken_in_any_case_and_kept_in_lower_case():
    response = register(app(UserFactory()), platform="apns", token=APNS_TOKEN.upper())

    assert response.status_code == 201, response.content
    assert MobileDevice.objects.get().token == APNS_TOKEN


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"platform": "apns", "token": "a1b2" * 15}, {"token"}),  # 60 hex digits
        ({"platform": "apns", "token": "z" * 64}, {"token"}),
        ({"platform": "apns", "token": FCM_TOKEN}, {"token"}),
        ({"platform": "fcm", "token": "short:token"}, {"token"}),
        ({"platform": "fcm", "token": FCM_TOKEN[:-3] + "<b>"}, {"token"}),
        ({"platform": "fcm", "token": "x" * 600}, {"token"}),
        ({"platform": "webos", "token": FCM_TOKEN}, {"platform"}),
        ({"platform": "fcm", "token": ""}, {"token"}),
        ({"platform": "fcm", "token": FCM_TOKEN, "name": "n" * 101}, {"name"}),
        ({}, {"platform", "token"}),
    ],
)
def test_what_is_not_a_push_token_is_a_400_with_field_errors(data, fields):
    response = app(UserFactory()).post("/api/v1/devices/", data, format="json")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == fields
    assert not MobileDevice.objects.exists()


def test_at_most_ten_phones_each(django_assert_max_num_queries):
    kim = UserFactory()
    client = app(kim)
    for number in range(DEVICES_MAX):
        assert register(client, token=f"{number:02d}" + FCM_TOKEN[2:]).status_code == 201

    with django_assert_max_num_queries(8):
        refused = register(client, token="zz" + FCM_TOKEN[2:])
    again = register(client, token="00" + FCM_TOKEN[2:])

    assert refused.status_code == 400
    assert "10 devices" in refused.json()["errors"]["token"][0]
    assert again.status_code == 200  # one already there is still fine
    assert MobileDevice.objects.filter(user=kim).count() == DEVICES_MAX


def test_a_token_registered_by_someone_else_moves_to_whoever_signed_in_on_that_phone():
    """A token is one install of the app: when another member signs in on the phone, pushes follow
    the member now signed in, never the one before."""
    sam, kim = UserFactory(), UserFactory()
    register(app(sam), name="Shared tablet")

    response = register(app(kim), name="Kim's tablet")

    assert response.status_code == 201
    device = MobileDevice.objects.get()
    assert device.user == kim and device.name == "Kim's tablet"
    assert register(app(sam)).status_code == 201  # and back, the same way


def test_removing_a_phone_by_token_in_the_body_or_by_id_or_token_in_the_path():
    kim = UserFactory()
    client = app(kim)
    by_body = register(client).json()["id"]
    assert client.delete("/api/v1/devices/", {"token": FCM_TOKEN}, format="json").status_code == 204
    assert not MobileDevice.objects.filter(pk=by_body).exists()

    by_id = register(client).json()["id"]
    assert client.delete(f"/api/v1/devices/{by_id}/").status_code == 204
    register(client, platform="apns", token=APNS_TOKEN)
    assert client.delete(f"/api/v1/devices/{APNS_TOKEN}/").status_code == 204

    assert not MobileDevice.objects.exists()


def test_another_members_phone_or_an_unknown_one_is_a_404_and_stays():
    sam, kim = UserFactory(), UserFactory()
    device_id = register(app(sam)).json()["id"]
    client = app(kim)

    answers = [
        client.delete("/api/v1/devices/", {"token": FCM_TOKEN}, format="json"),
        client.delete(f"/api/v1/devices/{device_id}/"),
        client.delete(f"/api/v1/devices/{FCM_TOKEN}/"),
        client.delete("/api/v1/devices/999999/"),
        client.delete("/api/v1/devices/", {"token": APNS_TOKEN}, format="json"),
    ]

    assert [answer.status_code for answer in answers] == [404] * 5
    assert answers[0].json() == answers[3].json()  # nothing tells whether it exists
    assert MobileDevice.objects.get().user == sam


def test_removing_without_a_token_is_a_400():
    response = app(UserFactory()).delete("/api/v1/devices/", {}, format="json")

    assert response.status_code == 400 and set(response.json()["errors"]) == {"token"}


def test_visitors_cannot_register_a_phone():
    response = APIClient().post("/api/v1/devices/", {"platform": "fcm", "token": FCM_TOKEN}, format="json")

    assert response.status_code in (401, 403)
    assert not MobileDevice.objects.exists()
