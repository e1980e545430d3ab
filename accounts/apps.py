from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members"

    def ready(self) -> None:
        from . import backends  # noqa: F401 (connects the permission cache's signal receivers)
