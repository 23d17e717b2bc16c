from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "salon.analytics"
    label = "analytics"
    verbose_name = "Measured outcomes"

    def ready(self) -> None:
        from salon.analytics import rules  # noqa: F401
