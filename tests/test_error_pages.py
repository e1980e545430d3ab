"""Pages that fail answer with the site's own error pages: kind words, a way home, no traceback."""

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.test import Client, RequestFactory

from community.views import server_error

HOME_LINK = '<a class="button" href="/">Go to the home page</a>'


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


@pytest.fixture
def client():
    # Answer like production does instead of re-raising an error into the test.
    return Client(raise_request_exception=False)


def assert_site_error_page(response, status: int, template: str) -> str:
    assert response.status_code == status
    assert template in [used.name for used in response.templates]
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert static("css/site.css") in html
    assert 'href="/help/"' in html
    assert HOME_LINK in html
    assert "Traceback" not in html
    return html


@pytest.mark.django_db
def test_an_unknown_page_is_the_404_page(client):
    html = assert_site_error_page(client.get("/no/such/page/"), 404, "404.html")

    assert "We could not find that page" in html


@pytest.mark.django_db
def test_an_unknown_headless_path_is_a_json_404(client):
    response = client.get("/_allauth/app/v1/no/such/thing")

    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "errors": {}}


@pytest.mark.django_db
def test_a_members_only_moderator_page_is_the_403_page(client, member):
    client.force_login(member)

    html = assert_site_error_page(client.get("/forum/review/"), 403, "403.html")

    assert "not available to you" in html


@pytest.mark.django_db
def test_a_request_we_cannot_trust_is_the_400_page(client):
    response = client.get("/", headers={"host": "not-our-site.example"})

    html = assert_site_error_page(response, 400, "400.html")
    assert "Please go back and try again" in html


@pytest.mark.django_db
def test_a_form_over_the_size_limit_is_the_413_page(client):
    form = {"login": "member@example.com", "password": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}

    html = assert_site_error_page(client.post("/accounts/login/", form), 413, "413.html")

    assert "keep what you wrote" in html


@pytest.mark.django_db
def test_too_many_password_reset_requests_is_the_429_page(client):
    # allauth allows five requests a minute for one address ("reset_password" in the settings).
    for _ in range(5):
        assert client.post("/accounts/password/reset/", {"email": "someone@example.com"}).status_code == 302

    response = client.post("/accounts/password/reset/", {"email": "someone@example.com"})

    html = assert_site_error_page(response, 429, "429.html")
    assert "try again" in html


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_is_the_kind_csrf_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"login": "member@example.com", "password": "secret"})

    html = assert_site_error_page(response, 403, "403_csrf.html")
    assert "Please reload the page and try again" in html


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_a_failing_page_is_the_500_page(client):
    html = assert_site_error_page(client.get("/failing-page/"), 500, "500.html")

    assert "Something went wrong on our side" in html
    assert "a bug in a page" not in html


def test_the_500_page_renders_without_a_database_or_a_request_context():
    # No django_db mark: any query here would fail the test.
    response = server_error(RequestFactory().get("/streak/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert HOME_LINK in html
