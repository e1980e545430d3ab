"""Safety in a real browser: the quick exit (Esc twice and the button) leaves no way Back, and the
crisis hint appears while a post is written; the pages stay accessible at phone and desktop widths."""

import re

import pytest

from safety.models import SafetyPlan
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEUTRAL = "https://www.google.com/"


def signed_in_page(open_page, live_server, *, width: int = 1280, **member):
    """A fresh tab whose history starts on the neutral site, for a member signed in in its browser."""
    user = UserFactory(**member)
    login = open_page(width=width)
    context = login.context
    # The neutral site is stood in for locally: the test never reaches the internet.
    context.route(
        re.compile(r"^https://www\.google\.com/.*"),
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Search</title><p>Search</p>"
        ),
    )
    login.goto(live_server.url + "/accounts/login/")
    login.get_by_label("E-mail address").fill(user.email)
    login.get_by_label("Password").fill(PASSWORD)
    login.get_by_role("button", name=re.compile("log in", re.IGNORECASE)).click()
    login.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))
    login.close()
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(NEUTRAL)
    return page, user


def test_esc_twice_leaves_at_once_and_back_does_not_return(live_server, open_page):
    page, _ = signed_in_page(open_page, live_server)
    page.goto(live_server.url + "/forum/")
    assert axe_violations(page) == []

    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)

    page.go_back()
    assert not page.url.startswith(live_server.url)
    assert "Forum" not in page.content()


def test_one_escape_does_nothing(live_server, open_page):
    page, _ = signed_in_page(open_page, live_server)
    page.goto(live_server.url + "/forum/")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1000)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url.startswith(live_server.url)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_button_is_early_in_the_tab_order_explained_once_and_leaves(live_server, open_page, width):
    page, _ = signed_in_page(open_page, live_server, width=width)
    page.goto(live_server.url + "/help/my-plan/")
    assert page.get_by_text("Need to leave this site fast?").is_visible()
    assert axe_violations(page) == []
    screenshot(page, f"safety-quick-exit-explained-{width}")

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Quick exit")

    page.get_by_role("button", name="Got it").click()
    page.get_by_text("Need to leave this site fast?").wait_for(state="detached")
    assert page.url == live_server.url + "/help/my-plan/"
    assert page.evaluate("document.activeElement.textContent").startswith("Quick exit")
    page.reload()
    assert not page.get_by_text("Need to leave this site fast?").is_visible()

    # Back from the neutral site lands on what came before the page left, never on that page.
    page.goto(NEUTRAL)
    page.goto(live_server.url + "/streak/")
    page.get_by_role("link", name=re.compile("^Quick exit")).click()
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert not page.url.startswith(live_server.url)


def test_visitors_have_the_quick_exit_on_the_help_page(live_server, open_page):
    page = open_page(width=375)
    page.context.route(
        re.compile(r"^https://www\.google\.com/.*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Search</title>"),
    )
    page.goto(NEUTRAL)
    page.goto(live_server.url + "/help/")
    screenshot(page, "safety-help-visitor-375")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)


def test_the_crisis_hint_appears_while_writing_and_does_not_block_the_post(live_server, open_page):
    page, _ = signed_in_page(open_page, live_server, width=375)
    page.goto(live_server.url + "/forum/c/early-days/new/")
    page.get_by_label("Title").fill("Evenings")
    body = page.get_by_label("Your post", exact=True)
    body.press_sequentially("Some evenings are long.", delay=5)
    page.wait_for_timeout(800)
    hint = page.locator("[data-crisis-hint]")
    assert hint.inner_text() == ""

    body.press_sequentially(" Tonight I want to die.", delay=5)
    hint.get_by_role("link", name="help, day and night").wait_for()
    assert hint.get_attribute("aria-live") == "polite"
    assert axe_violations(page) == []
    screenshot(page, "safety-crisis-hint-375")

    page.get_by_role("button", name="Post").click()
    page.wait_for_url(live_server.url + "/help/")


@pytest.mark.parametrize("width", [375, 1280])
def test_safety_pages_look_right(live_server, open_page, width):
    page, user = signed_in_page(open_page, live_server, width=width, timezone="Europe/London")
    SafetyPlan.objects.create(
        user=user,
        warning_signs=["Looking at their photos late at night"],
        coping_on_my_own=["A hot shower", "Music, loud"],
        people_to_ask=["Sam 07700 900123"],
    )
    for path, name in [
        ("/help/", "help"),
        ("/help/my-plan/", "plan"),
        ("/members/settings/safety/", "settings"),
    ]:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways at {width}px"
        screenshot(page, f"safety-{name}-{width}")
    page.goto(live_server.url + "/help/my-plan/")
    page.emulate_media(media="print")
    assert page.get_by_text("A hot shower").first.is_visible()
    assert not page.get_by_role("button", name="Save my plan").is_visible()
    assert not page.locator(".quick-exit").is_visible()
    page.emulate_media(media="screen")
    page.goto(live_server.url + "/help/")
    text = page.inner_text("main")
    assert (
        text.index("Your safety plan")
        < text.index("Near you: United Kingdom")
        < text.index("Anywhere in the world")
    )
