from django.apps import AppConfig


class StreaksConfig(AppConfig):
    name = "streaks"
    verbose_name = "Streaks"

    def ready(self) -> None:
        from accounts import profile_sections

        from .profile import streak_profile_section

        profile_sections.register("streak", streak_profile_section)
