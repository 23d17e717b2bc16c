from django.apps import AppConfig


class CirclesConfig(AppConfig):
    """What facilitators and circle leads use to look after a circle: its health and
    nudges. (Circles themselves, and who is in them, live in salon.communities.)"""

    name = "salon.circles"
    label = "circles"
    verbose_name = "Circle care"

    def ready(self) -> None:
        # The notification kinds (``notifications.py``) are imported by NotificationsConfig.
        from salon.circles import rules  # noqa: F401
