"""The quick exit: on every page for members, on the help page for everyone, explained once."""

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db

EXIT = 'class="quick-exit" href="https://www.google.com/" rel="noreferrer"'


def test_every_member_page_has_the_quick_exit_first_after_the_skip_link(member_client):
    for url in ["/", "/forum/", "/streak/", "/members/settings/", "/help/"]:
        page = member_client.get(url, follow=True).content.decode()
        assert EXIT in page, url
        assert page.index("skip-link") < page.index("quick-exit") < page.index("site-header"), url


def test_visitors_see_it_on_the_help_page_only(client):
    assert EXIT in client.get("/help/").content.decode()
    assert "quick-exit" not in client.get("/").content.decode()
    # A visitor has nothing to dismiss: no explanation form.
    assert "Need to leave this site fast?" not in client.get("/help/").content.decode()


def test_it_goes_to_the_site_the_member_chose(member_client, member):
    member_client.post(
        "/members/settings/safety/", {"quick_exit_url": "https://www.bbc.com/weather", "country": ""}
    )
    page = member_client.get("/").content.decode()
    assert 'class="quick-exit" href="https://www.bbc.com/weather"' in page


def test_the_explanation_shows_until_the_member_dismisses_it(member_client, member):
    assert "Need to leave this site fast?" in member_client.get("/forum/").content.decode()

    response = member_client.post("/members/settings/safety/quick-exit-explained/", {"next": "/forum/"})

    assert response.status_code == 302
    assert response["Location"] == "/forum/"
    assert User.objects.get(pk=member.pk).quick_exit_explained
    assert "Need to leave this site fast?" not in member_client.get("/forum/").content.decode()
    assert EXIT in member_client.get("/forum/").content.decode()


def test_dismissing_never_sends_the_member_to_another_site(member_client):
    response = member_client.post(
        "/members/settings/safety/quick-exit-explained/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_script_is_loaded_from_the_site_under_the_csp(member_client):
    page = member_client.get("/").content.decode()
    assert '<script src="/static/js/safety.js" defer></script>' in page


def test_the_app_can_say_the_explanation_was_read(member_api, member):
    response = member_api.patch("/api/v1/me/safety-settings/", {"quick_exit_explained": True}, format="json")
    assert response.status_code == 200
    assert response.json()["quick_exit_explained"] is True
    assert User.objects.get(pk=member.pk).quick_exit_explained
