"""Settings for a Celery worker a fault test starts: the test settings, plus the real SMTP server
given in EMAIL_URL and a short Redis visibility timeout, so a task lost with its worker comes back
in seconds instead of an hour."""

from community.settings.base import MAILERS as CONFIGURED_MAILERS
from community.settings.test import *  # noqa: F403
from community.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS, env

if env("EMAIL_URL", default=""):
    MAILERS = CONFIGURED_MAILERS
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
    # Look for messages whose worker died every second, not every ~100 seconds.
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
