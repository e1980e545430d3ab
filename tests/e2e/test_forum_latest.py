"""The forum's Latest tab and right-to-left member text in a real browser: readable on a phone and
on a desktop, accessible, and Hebrew or Arabic never mixing up the layout."""

import pytest
from django.test import Client

from forum.models import Draft, ThreadRead
from forum.selectors import category_get_by_slug
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import UserFactory
from tests.forum.factories import PostFactory, published_thread, trusted
from tests.waiting import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARABIC_TITLE = "اليوم الأول بدون تواصل"
HEBREW_POST = "היום יום שלושים בלי קשר. קשה, אבל אני מחזיקה."


def _signed_in(open_page, live_server, member, width: int):
    client = Client()
    client.force_login(member)
    page = open_page(width=width)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    return page


def _forum(member):
    early = category_get_by_slug(slug="early-days")
    arabic = published_thread(category=early, title=ARABIC_TITLE, replies=2)
    PostFactory(thread=arabic, body=HEBREW_POST)
    english = published_thread(category=category_get_by_slug(slug="moving-on"), title="Thirty days today")
    opened = arabic.posts.get(is_opening=True).created_at
    ThreadRead.objects.create(thread=arabic, user=member, last_read_at=opened)
    return arabic, english


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_the_latest_tab_fits_the_screen_is_accessible_and_isolates_rtl_titles(live_server, open_page, width):
    member = UserFactory()
    _forum(member)
    page = _signed_in(open_page, live_server, member, width)

    page.goto(f"{live_server.url}/forum/")

    screenshot(page, f"forum-latest-{width}")
    title = page.get_by_role("link", name=ARABIC_TITLE)
    assert title.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert (
        page.get_by_role("link", name="Thirty days today").evaluate("el => getComputedStyle(el).direction")
        == "ltr"
    )
    # The time stays outside the title's link, in the row's own left-to-right text.
    assert title.locator("time").count() == 0
    assert page.locator(".tag-new").first.inner_text().startswith("3 new")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"/forum/ scrolls sideways at {width}px"
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_a_hebrew_paragraph_aligns_right_in_a_thread(live_server, open_page, width):
    member = UserFactory()
    arabic, _ = _forum(member)
    page = _signed_in(open_page, live_server, member, width)

    page.goto(f"{live_server.url}{arabic.get_absolute_url()}")

    screenshot(page, f"forum-thread-rtl-{width}")
    paragraph = page.locator(".prose p", has_text="היום יום שלושים")
    gap = paragraph.evaluate(
        """p => { const range = document.createRange(); range.selectNodeContents(p);
                 const text = range.getBoundingClientRect(), box = p.getBoundingClientRect();
                 return {left: text.left - box.left, right: box.right - text.right}; }"""
    )
    assert gap["right"] < 2 < gap["left"], gap
    assert page.get_by_role("heading", level=1).evaluate("el => getComputedStyle(el).direction") == "rtl"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert axe_violations(page) == []


def test_the_reply_box_previews_the_post_as_the_member_types(live_server, open_page):
    member = trusted(UserFactory())
    thread = published_thread(category=category_get_by_slug(slug="early-days"))
    page = _signed_in(open_page, live_server, member, 375)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")

    page.get_by_label("Your reply").fill("Day **ten**, and <script>boom()</script> still here")

    preview = page.locator("[data-preview-body]")
    preview.locator("strong", has_text="ten").wait_for()
    assert "<script" not in preview.inner_html()
    assert page.get_by_role("region", name="Preview: this is how your post will look").is_visible()
    screenshot(page, "forum-reply-preview-375")
    assert axe_violations(page) == []


def test_a_reply_typed_and_left_comes_back_after_closing_the_page(live_server, open_page):
    member = UserFactory()
    thread = published_thread(category=category_get_by_slug(slug="early-days"))
    page = _signed_in(open_page, live_server, member, 1280)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")

    page.get_by_label("Your reply").fill("Half a thought I do not want to lose")
    page.goto(f"{live_server.url}/forum/")  # leaving at once: saved on pagehide
    # The save leaves with the page and may land after the next page was asked for: wait for it.
    wait_for(lambda: Draft.objects.filter(user=member, thread=thread).exists(), "the draft saved on pagehide")
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")

    assert page.get_by_label("Your reply").input_value() == "Half a thought I do not want to lose"
    assert page.get_by_text("Your draft from").is_visible()


def test_mention_suggestions_work_from_the_keyboard_and_typing_on_ignores_them(live_server, open_page):
    member = UserFactory()
    UserFactory(handle="maya_first")
    UserFactory(handle="maya_second")
    thread = published_thread(category=category_get_by_slug(slug="early-days"))
    page = _signed_in(open_page, live_server, member, 375)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    box = page.get_by_label("Your reply")

    box.press_sequentially("Thank you @ma")
    page.get_by_role("option", name="@maya_first").wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    screenshot(page, "forum-mention-375")
    assert axe_violations(page) == []
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant").endswith("-1")
    box.press("Enter")

    assert box.input_value() == "Thank you @maya_second "
    assert box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("and @ma")
    page.get_by_role("option", name="@maya_first").wait_for()
    box.press("Escape")
    box.press_sequentially("x")
    assert box.input_value() == "Thank you @maya_second and @max"
    # The words typed are kept as a draft, suggestions and all.
    wait_for(
        lambda: Draft.objects.filter(
            user=member, thread=thread, body="Thank you @maya_second and @max"
        ).exists(),
        "the draft saved while typing",
    )
