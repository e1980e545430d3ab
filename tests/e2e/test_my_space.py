"""The member's own space in a real browser: the urge screen with and without JavaScript, at
320 px, and the welcome, count, journal, reasons and letters, accessible at phone and desktop widths."""

import datetime as dt
import re

import pytest

from streaks.models import CheckIn, Letter, Reason, Streak, Urge
from tests.e2e.conftest import screenshot
from tests.e2e.test_member_journey import Journey, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZONE = "America/St_Johns"


@pytest.fixture
def member():
    member = UserFactory(handle="willow", timezone=ZONE)
    Reason.objects.create(user=member, text="I want my evenings back", position=0)
    return member


def start_count(member, days: int = 12) -> Streak:
    from streaks.days import local_today

    today = local_today(ZONE)
    streak = Streak.objects.create(user=member, start_date=today - dt.timedelta(days=days))
    CheckIn.objects.create(
        user=member, streak=streak, day=today - dt.timedelta(days=1), mood=2, note="A hard evening"
    )
    return streak


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_urge_screen_with_javascript_at_320_px(live_server, open_page, member):
    start_count(member)
    journey = Journey(open_page(width=320, height=640), live_server.url)
    log_in(journey, member.email)
    journey.page.get_by_role("link", name="I feel the urge").click()
    journey.check()

    page = journey.page
    assert fits(page)
    page.wait_for_function("document.querySelector('[data-breath-word]').textContent !== ''")
    assert re.fullmatch(
        r"1[45]:\d\d left\. Stay with it\.", page.locator("[data-urge-timer-text]").inner_text()
    )
    assert page.locator(".urge-timer").get_attribute("role") == "timer"
    assert page.get_by_text("I want my evenings back").is_visible()
    assert page.get_by_role("link", name="Tell the community how you feel").get_attribute("href") == (
        "/forum/c/early-days/new/"
    )
    screenshot(page, "urge-320")

    page.get_by_role("button", name="I held on").click()
    journey.check()
    urge = Urge.objects.get(user=member)
    assert urge.held_on
    assert page.get_by_text("You held on, and that is real strength.").is_visible()


def test_the_urge_screen_without_javascript_says_when_to_check_back(live_server, chromium, member):
    start_count(member)
    context = chromium.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    try:
        page = context.new_page()
        journey = Journey(page, live_server.url)
        journey.check = lambda: None  # axe-core needs JavaScript; the page with it is checked above
        log_in(journey, member.email)
        page.goto(live_server.url + "/streak/urge/")
        assert re.search(r"Check back at \d\d:\d\d\.", page.locator("[data-urge-timer-text]").inner_text())
        page.get_by_role("button", name="I held on").click()
        assert Urge.objects.filter(user=member, held_on=True).count() == 1
    finally:
        context.close()


def test_the_breathing_circle_keeps_still_for_those_who_ask_for_less_motion(live_server, chromium, member):
    context = chromium.new_context(viewport={"width": 375, "height": 812}, reduced_motion="reduce")
    try:
        journey = Journey(context.new_page(), live_server.url)
        log_in(journey, member.email)
        journey.goto("/streak/urge/")
        animation = journey.page.evaluate(
            "getComputedStyle(document.querySelector('.breath-circle')).animationName"
        )
        assert animation == "none"
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_my_space_is_accessible_and_fits_the_screen(live_server, open_page, member, width):
    journey = Journey(open_page(width=width, height=900), live_server.url)
    # The milestone card fades in: checked once still, as for members who ask for less motion.
    journey.page.emulate_media(reduced_motion="reduce")
    log_in(journey, member.email)
    assert journey.page.get_by_role("heading", name="Welcome. Let's start your count.").is_visible()
    screenshot(journey.page, f"welcome-{width}")
    journey.page.get_by_label("I have already held some days").check()
    journey.page.get_by_label("Days I have already held").fill("12")
    journey.page.get_by_role("button", name="Start my count").click()
    journey.check()
    assert journey.page.locator(".streak-days").inner_text() == "12"
    Letter.objects.create(user=member, body="I wanted to tell you everything.\nBut not today.")
    Urge.objects.create(
        user=member, occurred_at=dt.datetime.now(dt.UTC), strength=4, action="text", note="It passed"
    )
    journey.page.get_by_role("button", name="Check in for today").click()
    journey.check()
    screenshot(journey.page, f"dashboard-{width}")
    streak = Streak.objects.get(user=member)
    today = CheckIn.objects.get(user=member).day
    CheckIn.objects.bulk_create(
        [
            CheckIn(user=member, streak=streak, day=today - dt.timedelta(days=n), mood=1 + n % 5)
            for n in range(1, 12, 2)
        ]
    )
    for path, name in [
        ("/streak/journal/", "journal"),
        ("/streak/reasons/", "reasons"),
        ("/streak/letters/", "letters"),
        (f"/streak/letters/{Letter.objects.get().pk}/", "letter"),
        ("/streak/check-in/", "checkin-again"),
        ("/streak/urge/", "urge"),
    ]:
        journey.goto(path)
        assert fits(journey.page), path
        if name == "journal":
            assert journey.page.get_by_role(
                "img", name=re.compile("My mood on the days I noted it")
            ).is_visible()
        screenshot(journey.page, f"{name}-{width}")


def test_contact_recorded_by_mistake_is_undone_from_the_journal(live_server, open_page, member):
    from streaks import services
    from streaks.days import local_today

    today = local_today(member.zone)
    Streak.objects.create(user=member, start_date=today - dt.timedelta(days=20))
    services.slip_record(user=member, kind="answered", day=today - dt.timedelta(days=2))
    journey = Journey(open_page(width=320, height=800), live_server.url)
    journey.page.emulate_media(reduced_motion="reduce")  # the milestone card, checked still
    log_in(journey, member.email)

    journey.goto("/streak/journal/")
    journey.page.get_by_role("link", name=re.compile("Undo, recorded by mistake")).click()
    journey.check()
    assert fits(journey.page)
    journey.page.get_by_role("button", name="Yes, undo it").click()
    journey.check()

    assert journey.page.locator(".streak-days").inner_text() == "20"
    journey.goto("/streak/journal/")
    assert journey.page.get_by_text("Contact recorded: i answered my ex · undone").is_visible()
