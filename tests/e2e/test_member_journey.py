"""The whole journey in a real browser: a new member signs up, counts, shares, posts; moderators
approve and hide; every page on the way is accessible, at phone and desktop widths."""

import email
import re

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import PASSWORD, ModeratorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZONE = "America/New_York"


@pytest.fixture
def mail_dir(settings, tmp_path):
    folder = tmp_path / "mail"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(folder)},
        }
    }
    return folder


def read_mail(folder) -> str:
    """The decoded text of every e-mail written to the folder."""
    texts = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                message = email.message_from_string(chunk.strip())
                texts.extend(
                    part.get_payload(decode=True).decode()
                    for part in message.walk()
                    if part.get_content_type() == "text/plain"
                )
    return "\n".join(texts)


class Journey:
    """Visits pages and checks each for accessibility as it goes."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base = base_url
        self.checked: list[str] = []

    def goto(self, path: str):
        self.page.goto(self.base + path)
        self.check()

    def check(self):
        violations = axe_violations(self.page)
        assert violations == [], f"{self.page.url}: {violations}"
        self.checked.append(self.page.url)


def log_in(journey: Journey, email: str):
    journey.goto("/accounts/login/")
    journey.page.get_by_label("E-mail address").fill(email)
    journey.page.get_by_label("Password").fill(PASSWORD)
    journey.page.get_by_role("button", name=re.compile("log in", re.IGNORECASE)).click()


def test_a_new_member_is_welcomed_counted_heard_and_kept_safe(live_server, open_page, mail_dir):
    dialogs = []
    member = Journey(open_page(width=375, height=812), live_server.url)
    member.page.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())

    # Sign up, read the link from the e-mail file, confirm.
    member.goto("/accounts/signup/")
    member.page.get_by_label("E-mail").fill("river@example.com")
    member.page.get_by_label("Handle").fill("river_e2e")
    member.page.get_by_label("Password", exact=True).fill(PASSWORD)
    member.page.get_by_label(re.compile("password \\(again\\)", re.IGNORECASE)).fill(PASSWORD)
    member.page.get_by_role("button", name="Join").click()
    member.check()
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", read_mail(mail_dir)).group(1)
    member.page.goto(live_server.url + path)
    member.check()
    assert member.page.locator("header").get_by_text("river_e2e").is_visible()

    # Set a time zone.
    member.goto("/members/settings/")
    member.page.get_by_label("Time zone").select_option(ZONE)
    member.page.get_by_role("button", name="Save settings").click()
    assert User.objects.get(handle="river_e2e").timezone == ZONE

    # Start a streak back-dated 7 days, check in, see the 7-day milestone.
    member.goto("/streak/")
    member.page.get_by_label("I have already held some days").check()
    member.page.get_by_label("Days I have already held").fill("7")
    member.page.get_by_label("Time zone").select_option(ZONE)
    member.page.get_by_role("button", name="Start my count").click()
    member.check()
    assert member.page.locator(".streak-days").inner_text() == "7"
    member.page.get_by_role("button", name="Check in for today").click()
    member.check()
    assert member.page.get_by_text("Checked in today").is_visible()
    assert member.page.locator(".milestone-list").get_by_text("7 days").is_visible()
    screenshot(member.page, "dashboard-375")
    member.page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(member.page, "dashboard-1280")
    member.page.set_viewport_size({"width": 375, "height": 812})

    # Share the milestone in their own words; it goes through moderation like any post.
    member.goto("/streak/history/")
    member.page.get_by_role("link", name=re.compile("Share in the forum.*7 days")).click()
    member.check()
    member.page.get_by_label("A few words of your own").fill("A week. Thank you for being here.")
    member.page.get_by_role("button", name="Share it with the community").click()
    member.check()

    # Post in Early days; the post waits for a moderator.
    member.goto("/forum/c/early-days/new/")
    member.page.get_by_label("Title").fill("Seven days and counting")
    member.page.get_by_label(re.compile("^(Your post|Message|Body|Post)", re.IGNORECASE)).first.fill(
        "Day 7 today. The evenings are hard, but **I am still here**."
    )
    member.page.get_by_role("button", name="Post").click()
    member.check()
    assert member.page.get_by_text("Waiting for a moderator").first.is_visible()
    thread_url = member.page.url.split("#")[0]

    # A moderator approves it from the queue.
    moderator_user = ModeratorFactory(handle="mod_e2e")
    moderator = Journey(open_page(width=1280), live_server.url)
    log_in(moderator, moderator_user.email)
    moderator.goto("/forum/review/")
    screenshot(moderator.page, "review-queue-1280")
    item = moderator.page.locator("article.queue-item").filter(has_text="Seven days and counting")
    item.get_by_role("button", name="Approve").click()
    moderator.check()

    # The member sees it published, and the notification.
    member.page.goto(thread_url)
    member.check()
    assert member.page.get_by_text("I am still here").is_visible()
    assert member.page.get_by_text("Waiting for a moderator").count() == 0
    screenshot(member.page, "thread-375")
    member.page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(member.page, "thread-1280")
    member.goto("/members/notifications/")
    assert member.page.get_by_text(re.compile("is published")).first.is_visible()

    # A second member flags it; a moderator hides it.
    second_user = UserFactory(handle="second_e2e")
    second = Journey(open_page(width=375), live_server.url)
    log_in(second, second_user.email)
    second.page.goto(thread_url)
    second.check()
    second.page.get_by_role("link", name=re.compile("^(Flag|Report)", re.IGNORECASE)).first.click()
    second.check()
    second.page.get_by_label(re.compile("identifying", re.IGNORECASE)).check()
    second.page.get_by_role("button", name="Send to the moderators").click()
    second.check()

    moderator.goto("/forum/review/")
    item = moderator.page.locator("article.queue-item").filter(has_text="Seven days and counting")
    item.get_by_role("button", name="Hide").click()
    moderator.check()
    second.page.goto(thread_url)
    assert second.page.get_by_text("I am still here").count() == 0

    assert dialogs == []
    assert len(member.checked) + len(moderator.checked) + len(second.checked) >= 15


MALICIOUS = [
    "<script>window.__xss = 1; alert(1)</script>",
    '<img src=x onerror="window.__xss = 1; alert(1)">',
    "[click me](javascript:window.__xss=1;alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<svg onload="window.__xss=1;alert(1)"></svg>',
    '![x](x" onerror="window.__xss=1;alert(1))',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "[a](vbscript:msgbox(1))",
    '<details open ontoggle="window.__xss=1;alert(1)">x</details>',
]


def test_malicious_markdown_opened_in_the_browser_runs_nothing(live_server, open_page):
    from forum.selectors import category_get_by_slug
    from forum.services import thread_create

    author = ModeratorFactory(handle="mod_markdown")
    author.groups.add(Group.objects.get(name="Moderators"))
    thread = thread_create(
        author=author,
        category=category_get_by_slug(slug="ask-the-community"),
        title="Formatting test",
        body="\n\n".join(MALICIOUS),
    )
    reader = UserFactory(handle="reader_markdown")
    page = open_page()
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
    journey = Journey(page, live_server.url)
    log_in(journey, reader.email)
    page.goto(f"{live_server.url}/forum/t/{thread.pk}/")
    for link in page.locator(".post-body a, .prose a").all():
        href = link.get_attribute("href") or ""
        assert not re.match(r"\s*(javascript|data|vbscript):", href, re.IGNORECASE)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert page.locator("iframe, svg[onload], script:not([src])").count() == 0
