from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self) -> None:
        from accounts import privacy

        from . import cache  # noqa: F401 (connects the cache's signal receivers)
        from .privacy import forum_erase, forum_export

        privacy.register("forum", exporter=forum_export, eraser=forum_erase)
