"""Local development: the embedded defaults (SQLite, eager Celery, e-mail to console and files)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
