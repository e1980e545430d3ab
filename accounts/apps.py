from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members"

    def ready(self) -> None:
        from allauth.core.internal import ratelimit

        from community.cache import ratelimit_cache

        from . import backends, signals  # noqa: F401 (connect the cached reads' signal receivers)

        # allauth counts log-in, sign-up and reset attempts on the default cache, with no setting
        # to name another; on the default cache an outage would refuse them all (README, "Redis").
        ratelimit.cache = ratelimit_cache
