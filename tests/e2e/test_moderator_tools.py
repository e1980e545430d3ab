"""Moderators' pages in a real browser, on a phone and a desktop: the queue with its shortcuts, a
member's history and the moderation log, each readable and accessible."""

import pytest
from django.conf import settings
from django.test import Client

from forum import services
from forum.models import Flag, Post, PostStatus
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, published_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_REASON = "Harassment repeatedly after warnings; unacceptable disrespectful communications"


@pytest.fixture
def moderation():
    moderator = ModeratorFactory(handle="kind_moderator")
    member = UserFactory(handle="maya_moves_on")
    category = CategoryFactory(name="Early days here")
    thread = published_thread(category=category, title="Day three and the silence is loud")
    rtl = published_thread(category=category, title="اليوم الثالث بدون تواصل")
    for index in range(3):
        PostFactory(
            thread=thread,
            author=member,
            status=PostStatus.PENDING,
            approved_at=None,
            needs_review=True,
            review_since=thread.created_at,
            body=f"I almost texted tonight, number {index}. Writing here instead.",
        )
    crisis = PostFactory(thread=rtl, author=member, body="I do not want to be here anymore.")
    services.flag_create(user=UserFactory(), post=crisis, reason=Flag.Reason.CRISIS)
    services.flag_create(user=UserFactory(), post=thread.posts.get(is_opening=True), reason=Flag.Reason.SPAM)
    services.moderator_note_add(moderator=moderator, member=member, text="Reached out kindly; doing better.")
    services.member_suspend(moderator=moderator, user=member, days=1, reason=LONG_REASON)
    services.suspension_lift(moderator=moderator, user=member, reason="Apologised and agreed to the rules.")
    return moderator, member


def _signed_in(open_page, live_server, user, width: int):
    client = Client()
    client.force_login(user)
    page = open_page(width=width)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("width", [320, 1280])
def test_moderator_pages_fit_and_are_accessible(live_server, open_page, moderation, width):
    moderator, member = moderation
    page = _signed_in(open_page, live_server, moderator, width)
    for name, path in [
        ("queue", "/forum/review/"),
        ("member", f"/forum/members/{member.handle}/"),
        ("log", "/forum/log/"),
    ]:
        page.goto(live_server.url + path)
        assert _fits(page), f"{path} scrolls sideways at {width}px"
        assert axe_violations(page) == [], f"{path} at {width}px"
        screenshot(page, f"moderation-{name}-{width}")
    assert "crisis" in page.locator("header nav").inner_text()


def test_the_log_is_stacked_on_a_phone_and_never_breaks_a_word_on_a_desktop(
    live_server, open_page, moderation
):
    moderator, _ = moderation
    phone = _signed_in(open_page, live_server, moderator, 320)
    phone.goto(live_server.url + "/forum/log/")
    cells = phone.locator(".log-table tbody td")
    widths = cells.evaluate_all("cells => cells.map(cell => cell.getBoundingClientRect().width)")
    assert min(widths) > 200, "log cells are squeezed into narrow columns on a phone"

    desktop = _signed_in(open_page, live_server, moderator, 1280)
    desktop.goto(live_server.url + "/forum/log/")
    # Every word of every cell is on one line: a word broken across lines has several boxes.
    broken = desktop.evaluate(
        """() => {
          const broken = [];
          for (const cell of document.querySelectorAll('.log-table td')) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (const match of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
                if (tops.size > 1) broken.push(match[0]);
              }
            }
          }
          return broken;
        }"""
    )
    assert broken == []


def test_the_queue_is_cleared_from_the_keyboard(live_server, open_page, moderation):
    moderator, _ = moderation
    page = _signed_in(open_page, live_server, moderator, 1280)
    page.goto(live_server.url + "/forum/review/?show=pending")
    items = page.locator("[data-queue-item]")
    first_id, second_id = items.nth(0).get_attribute("id"), items.nth(1).get_attribute("id")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == first_id
    page.keyboard.press("a")
    page.wait_for_url(f"**/forum/review/?show=pending#{second_id}")
    assert Post.objects.get(pk=int(first_id.removeprefix("post-"))).status == PostStatus.PUBLISHED
    assert page.evaluate("document.activeElement.id") == second_id
    assert "The post is published." in page.locator("[role=status]").inner_text()
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.name") == "preset"


def test_an_arabic_title_in_the_queue_keeps_the_date_out_of_its_link(live_server, open_page, moderation):
    moderator, _ = moderation
    page = _signed_in(open_page, live_server, moderator, 1280)
    page.goto(live_server.url + "/forum/review/?show=crisis")
    header = page.locator("[data-queue-item]").first.locator("header [id$='-title']")
    title = header.locator("a bdi")
    assert title.inner_text() == "اليوم الثالث بدون تواصل"
    assert title.evaluate("el => getComputedStyle(el).direction") == "rtl"
    link, when = header.locator("a").bounding_box(), header.locator("time").bounding_box()
    assert link and when and when["x"] >= link["x"] + link["width"], "the date is drawn inside the title"
    assert header.locator("a").inner_text().startswith("reply in")
