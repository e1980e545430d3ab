"""Crisis lines kept as data: the member's country first, the international ones always."""

import pytest
from django.test import Client

from accounts.models import User
from safety.countries import zone_country
from safety.models import CrisisLine
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("Europe/Paris", "FR"),
        ("America/Toronto", "CA"),
        ("US/Eastern", "US"),
        ("Asia/Calcutta", "IN"),
        ("UTC", ""),
    ],
)
def test_the_country_of_a_time_zone_comes_from_the_tz_database(zone, country):
    assert zone_country(zone) == country


def test_the_lines_that_were_on_the_page_are_data_with_a_source_and_a_date():
    lines = CrisisLine.objects.all()
    assert {line.country for line in lines} >= {
        "US",
        "CA",
        "GB",
        "IE",
        "FR",
        "DE",
        "ES",
        "AU",
        "NZ",
        "IN",
        "",
    }
    assert all(line.source_url.startswith("https://") and line.checked_on for line in lines)


def test_visitors_see_every_country_and_the_international_lines(client):
    page = client.get("/help/").content.decode()
    for text in [
        "Samaritans",
        "TelefonSeelsorge",
        "Lifeline",
        "Tele-MANAS",
        "Find A Helpline",
        'href="tel:116123"',
    ]:
        assert text in page


def test_a_member_sees_their_time_zones_country_first(client):
    client.force_login(UserFactory(timezone="Europe/Berlin"))
    page = client.get("/help/").content.decode()
    assert "Near you: Germany" in page
    assert page.index("TelefonSeelsorge") < page.index("Find A Helpline") < page.index("Samaritans")


def test_a_chosen_country_wins_over_the_time_zone(client):
    member = UserFactory(timezone="Europe/Paris")
    client.force_login(member)
    response = client.post(
        "/members/settings/safety/",
        {"quick_exit_url": "https://www.google.com/", "country": "AU"},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=member.pk).country == "AU"
    page = client.get("/help/").content.decode()
    assert page.index("Lifeline") < page.index("Numéro national")


def test_the_settings_page_says_which_country_the_time_zone_gives(member_client):
    page = member_client.get("/members/settings/safety/").content.decode()
    assert "From my time zone (France)" in page


def test_an_unknown_country_is_a_form_error(member_client, member):
    response = member_client.post(
        "/members/settings/safety/", {"quick_exit_url": "https://www.google.com/", "country": "ZZ"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert User.objects.get(pk=member.pk).country == ""


def test_a_line_turned_off_in_the_admin_is_not_shown(client):
    CrisisLine.objects.filter(name="Samaritans").update(is_active=False)
    assert "Samaritans" not in client.get("/help/").content.decode()


def test_the_help_page_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    member = UserFactory()
    client.force_login(member)
    client.get("/help/")
    # user, plan, crisis lines (the session is read from the cache)
    with django_assert_num_queries(3):
        client.get("/help/")


def test_api_lists_the_members_country_first(client):
    client.force_login(UserFactory(timezone="Australia/Sydney"))
    body = client.get("/api/v1/crisis-lines/").json()
    assert body["country"] == "AU"
    assert body["countries"][0]["name"] == "Australia"
    assert body["countries"][0]["lines"][0]["phone"] == "13 11 14"
    assert body["international"][0]["url"] == "https://findahelpline.com/"


def test_api_for_visitors_takes_a_country_and_refuses_an_unknown_one(api_client):
    assert (
        api_client.get("/api/v1/crisis-lines/", {"country": "nz"}).json()["countries"][0]["country"] == "NZ"
    )
    assert api_client.get("/api/v1/crisis-lines/").json()["country"] == ""
    response = api_client.get("/api/v1/crisis-lines/", {"country": "ZZ"})
    assert response.status_code == 400
    assert "country" in response.json()["errors"]


def test_api_safety_settings(member_api, member):
    assert member_api.get("/api/v1/me/safety-settings/").json() == {
        "quick_exit_url": "https://www.google.com/",
        "quick_exit_explained": False,
        "discreet": False,
        "country": "",
        "effective_country": "FR",
    }
    response = member_api.patch(
        "/api/v1/me/safety-settings/", {"discreet": True, "country": "IE"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["effective_country"] == "IE"
    member.refresh_from_db()
    assert member.discreet and member.country == "IE"

    bad = member_api.patch(
        "/api/v1/me/safety-settings/", {"quick_exit_url": "https://evil.example/"}, format="json"
    )
    assert bad.status_code == 400
    assert "quick_exit_url" in bad.json()["errors"]
    assert Client().get("/api/v1/me/safety-settings/").status_code in (401, 403)


def test_a_country_without_lines_is_told_where_to_find_one(client):
    client.force_login(UserFactory(timezone="Asia/Tokyo"))
    page = client.get("/help/").content.decode()
    assert "We do not list a line for Japan yet" in page
    assert page.index("Japan") < page.index("Find A Helpline")
