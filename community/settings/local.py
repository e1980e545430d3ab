"""Local development: the embedded defaults (SQLite, eager Celery, e-mail to console and files)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Served from the app folders by WhiteNoise's finders; collectstatic is for production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
