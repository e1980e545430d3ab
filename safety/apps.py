from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        from accounts import privacy

        from .privacy import safety_erase, safety_export

        privacy.register("safety", exporter=safety_export, eraser=safety_erase)
