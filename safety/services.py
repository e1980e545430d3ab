"""Writes for a member's safety: their plan and their safety settings."""

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import QUICK_EXIT_CHOICES, User

from .cache import erased_address_key
from .countries import country_names
from .models import PLAN_ITEM_MAX_LENGTH, PLAN_MAX_ITEMS, PLAN_STEP_NAMES, SafetyPlan


def _clean_items(items: list[str]) -> list[str]:
    return [item.strip() for item in items if item.strip()]


@transaction.atomic
def safety_plan_save(*, user: User, steps: dict[str, list[str]]) -> SafetyPlan:
    """Replace the steps given (blank lines dropped); steps not given stay as they were."""
    cleaned = {name: _clean_items(items) for name, items in steps.items() if name in PLAN_STEP_NAMES}
    errors: dict[str, list[str]] = {}
    for name, items in cleaned.items():
        if len(items) > PLAN_MAX_ITEMS:
            errors[name] = [f"Please keep it to {PLAN_MAX_ITEMS} lines or fewer (this has {len(items)})."]
        elif any(len(item) > PLAN_ITEM_MAX_LENGTH for item in items):
            errors[name] = [f"Please keep each line under {PLAN_ITEM_MAX_LENGTH} characters."]
    if errors:
        raise ValidationError(errors)
    plan, _ = SafetyPlan.objects.select_for_update().get_or_create(user=user)
    for name, items in cleaned.items():
        setattr(plan, name, items)
    plan.save()
    return plan


SAFETY_SETTINGS_FIELDS = ["quick_exit_url", "quick_exit_explained", "discreet", "country"]


def safety_settings_update(*, user: User, data: dict[str, Any]) -> User:
    """Where the quick exit goes (and whether it was explained), discreet mode, and the country whose
    crisis lines come first."""
    errors: dict[str, list[str]] = {}
    if "quick_exit_url" in data and data["quick_exit_url"] not in dict(QUICK_EXIT_CHOICES):
        errors["quick_exit_url"] = ["Please choose one of the sites in the list."]
    if data.get("country") and data["country"] not in country_names():
        errors["country"] = ["Please choose a country from the list."]
    if errors:
        raise ValidationError(errors)
    fields = [field for field in SAFETY_SETTINGS_FIELDS if field in data]
    for field in fields:
        setattr(user, field, data[field])
    user.save(update_fields=fields)
    return user


def quick_exit_explained(*, user: User) -> None:
    """The member has read what the quick exit does: the explanation is not shown again."""
    User.objects.filter(pk=user.pk).update(quick_exit_explained=True)
    user.quick_exit_explained = True


def discreet_address_remember(*, address: str) -> None:
    """Keep, for a day, that this (hashed) address was a discreet member's: see discreet_addresses."""
    cache.set(erased_address_key(address), True, timeout=24 * 60 * 60)
