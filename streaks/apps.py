from django.apps import AppConfig


class StreaksConfig(AppConfig):
    name = "streaks"
    verbose_name = "Streaks"

    def ready(self) -> None:
        from accounts import privacy, profile_sections

        from . import cache  # noqa: F401 (connects the receivers that keep the dashboard fresh)
        from .privacy import streaks_erase, streaks_export
        from .profile import streak_profile_section

        profile_sections.register("streak", streak_profile_section)
        privacy.register("streaks", exporter=streaks_export, eraser=streaks_erase)
