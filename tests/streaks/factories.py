"""Factories for streaks and what hangs off them."""

import datetime as dt

import factory
from django.utils import timezone

from streaks.models import CheckIn, MilestoneAward, Slip, Streak, Urge
from tests.factories import UserFactory


class StreakFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Streak

    user = factory.SubFactory(UserFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=5))


class EndedStreakFactory(StreakFactory):
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=100))
    ended_on = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=20))
    end_kind = Streak.EndKind.REACHED_OUT


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    streak = factory.SubFactory(StreakFactory)
    user = factory.SelfAttribute("streak.user")
    day = factory.SelfAttribute("streak.start_date")
    mood = 4


class UrgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Urge

    streak = factory.SubFactory(StreakFactory)
    user = factory.SelfAttribute("streak.user")
    occurred_at = factory.LazyFunction(timezone.now)
    strength = 3
    action = Urge.Action.TEXT
    held_on = True


class SlipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slip

    streak = factory.SubFactory(EndedStreakFactory)
    user = factory.SelfAttribute("streak.user")
    day = factory.SelfAttribute("streak.ended_on")
    kind = Streak.EndKind.REACHED_OUT


class MilestoneAwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilestoneAward

    streak = factory.SubFactory(StreakFactory)
    days = 3
    awarded_at = factory.LazyFunction(timezone.now)
