"""Accountability partners in a real browser: two members in different zones see each other's count
on their dashboards, and an SOS reaches the partner at once, on a phone and a desktop."""

import datetime as dt

import pytest
from django.core import mail

from accounts import services as account_services
from accounts.models import Notification
from streaks.days import local_today
from streaks.models import Streak
from tests.e2e.conftest import screenshot
from tests.e2e.test_member_journey import Journey, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def partners():
    willow = UserFactory(handle="willow", timezone="America/St_Johns")
    river = UserFactory(handle="river_runs", timezone="Pacific/Kiritimati")
    for member, days in ((willow, 12), (river, 95)):
        Streak.objects.create(user=member, start_date=local_today(member.timezone) - dt.timedelta(days=days))
    invite = account_services.partner_invite(inviter=willow, handle=river.handle)
    account_services.partner_invite_accept(user=river, token=invite.token)
    return willow, river


@pytest.mark.parametrize("width", [375, 1280])
def test_partners_see_each_others_count_and_an_sos_reaches_them(live_server, open_page, partners, width):
    willow, river = partners
    journey = Journey(open_page(width=width, height=900), live_server.url)
    log_in(journey, willow.email)
    journey.check()
    section = journey.page.get_by_role("region", name="Your partners")
    assert "river_runs" in section.inner_text()
    assert "95 days without contact" in section.inner_text()
    assert journey.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(journey.page, f"partners-dashboard-{width}")

    mail.outbox.clear()
    section.get_by_role("link", name="SOS: I need support right now").click()
    journey.check()
    journey.page.get_by_label("A few words for them (optional)").fill("The urge is strong tonight.")
    journey.page.get_by_role("button", name="Yes, alert my partners now").click()
    journey.check()
    alert = Notification.objects.get(recipient=river, kind=Notification.Kind.SOS)
    assert "willow" in alert.title
    assert not Notification.objects.filter(recipient=willow, kind=Notification.Kind.SOS).exists()
