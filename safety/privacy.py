"""A member's safety plan and safety settings: their data export section, and erasure."""

from typing import Any

from accounts.models import User

from .models import PLAN_STEP_NAMES, SafetyPlan
from .services import discreet_address_remember


def safety_export(user: User) -> dict[str, Any]:
    plan = SafetyPlan.objects.filter(user=user).first()
    return {
        "settings": {
            "quick_exit_url": user.quick_exit_url,
            "discreet": user.discreet,
            "country": user.country,
        },
        "safety_plan": (
            {name: getattr(plan, name) for name in PLAN_STEP_NAMES}
            | {"updated_at": plan.updated_at.isoformat()}
            if plan
            else None
        ),
    }


def safety_erase(user: User, keep_posts: bool) -> None:
    SafetyPlan.objects.filter(user=user).delete()
    if user.discreet and user.email:
        discreet_address_remember(address=user.email)
