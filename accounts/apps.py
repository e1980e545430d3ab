from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members"

    def ready(self) -> None:
        from . import backends, signals  # noqa: F401 (connect the cached reads' signal receivers)
