"""The personal safety plan: written on a page or through the API, private, shown on the help page."""

import pytest
from django.test import Client

from safety.models import PLAN_STEP_NAMES, SafetyPlan

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/safety-plan/"


def plan_form(**steps: str) -> dict[str, str]:
    return {name: steps.get(name, "") for name in PLAN_STEP_NAMES}


def test_the_page_saves_one_item_per_line_and_drops_blank_lines(member_client, member):
    response = member_client.post(
        "/help/my-plan/",
        plan_form(
            warning_signs="Checking their profile\n\n  Not sleeping  \n", people_to_ask="Sam 07700 900123"
        ),
    )

    assert response.status_code == 302
    plan = SafetyPlan.objects.get(user=member)
    assert plan.warning_signs == ["Checking their profile", "Not sleeping"]
    assert plan.people_to_ask == ["Sam 07700 900123"]
    page = member_client.get("/help/my-plan/").content.decode()
    assert "Not sleeping" in page
    assert "Print my plan" in page


def test_too_many_lines_is_a_form_error_and_nothing_is_saved(member_client, member):
    response = member_client.post("/help/my-plan/", plan_form(distractions="\n".join(["walk"] * 11)))

    assert response.status_code == 200
    assert "Please keep it to 10 lines or fewer" in response.content.decode()
    assert not SafetyPlan.objects.filter(user=member).exists()


def test_the_page_needs_signing_in(client):
    response = client.get("/help/my-plan/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_help_page_shows_the_authors_plan_first_and_nobody_elses(member_client, member, other_member):
    SafetyPlan.objects.create(user=member, coping_on_my_own=["A long shower"])
    page = member_client.get("/help/").content.decode()
    assert "A long shower" in page
    assert page.index("Your safety plan") < page.index("If you are struggling right now")

    other = Client()
    other.force_login(other_member)
    assert "A long shower" not in other.get("/help/").content.decode()
    assert "A long shower" not in Client().get("/help/").content.decode()


def test_the_plan_is_one_tap_from_the_urge_page_and_the_footer(member_client):
    for url in ["/streak/urge/", "/forum/"]:
        assert 'href="/help/my-plan/"' in member_client.get(url).content.decode(), url


def test_api_get_before_writing_is_an_empty_plan(member_api):
    response = member_api.get(URL)
    assert response.status_code == 200
    assert response.json() == {name: [] for name in PLAN_STEP_NAMES} | {"updated_at": None}


def test_api_put_replaces_the_plan(member_api, member):
    body = {name: [] for name in PLAN_STEP_NAMES} | {"safe_surroundings": ["Give my car keys to Jo", " "]}

    response = member_api.put(URL, body, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["safe_surroundings"] == ["Give my car keys to Jo"]
    assert SafetyPlan.objects.get(user=member).safe_surroundings == ["Give my car keys to Jo"]


@pytest.mark.parametrize(
    ("steps", "field"),
    [
        ({"warning_signs": ["x"] * 11}, "warning_signs"),
        ({"professionals": ["x" * 301]}, "professionals"),
        ({"people_to_ask": "Sam"}, "people_to_ask"),
        ({"distractions": [{"a": 1}]}, "distractions"),
    ],
)
def test_api_bad_input_is_a_400_with_field_errors_and_nothing_saved(member_api, member, steps, field):
    body = {name: [] for name in PLAN_STEP_NAMES} | steps

    response = member_api.put(URL, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["message"]
    assert not SafetyPlan.objects.filter(user=member).exists()


def test_api_missing_steps_are_field_errors(member_api):
    response = member_api.put(URL, {"warning_signs": []}, format="json")
    assert response.status_code == 400
    assert "people_to_ask" in response.json()["errors"]


def test_api_needs_signing_in(api_client):
    assert api_client.get(URL).status_code in (401, 403)
    assert api_client.put(URL, {}, format="json").status_code in (401, 403)


def test_the_schema_describes_the_safety_endpoints(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ["/api/v1/me/safety-plan/", "/api/v1/me/safety-settings/", "/api/v1/crisis-lines/"]:
        assert path in schema
