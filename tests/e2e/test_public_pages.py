"""Public pages in a real browser: readable on a phone and on a desktop, and accessible."""

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("path", ["/", "/help/", "/accounts/signup/", "/accounts/login/"])
def test_public_pages_fit_the_screen_and_have_no_serious_accessibility_problems(
    live_server, open_page, path, width
):
    page = open_page(width=width)
    page.goto(live_server.url + path)
    assert page.locator("header").get_by_role("link", name="No Contact").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways at {width}px"
    assert axe_violations(page) == []
