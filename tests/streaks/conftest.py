import datetime as dt

import pytest

from streaks.days import local_today


@pytest.fixture
def today(member):
    """The member's own calendar date right now."""
    return local_today(member.zone)


@pytest.fixture
def days_ago(today):
    return lambda n: today - dt.timedelta(days=n)
