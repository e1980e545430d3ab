"""Settings for a Celery worker a fault test starts: the test settings, plus the real SMTP server
given in EMAIL_URL, and the broker's visibility timeout of production unless the test shortens it
(CELERY_VISIBILITY_TIMEOUT) to get the message of a killed worker back sooner."""

from community.settings.base import MAILERS as CONFIGURED_MAILERS
from community.settings.test import *  # noqa: F403
from community.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS, env

if env("EMAIL_URL", default=""):
    MAILERS = CONFIGURED_MAILERS
if env("CELERY_VISIBILITY_TIMEOUT", default=""):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT"),
    }
