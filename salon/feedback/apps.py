from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "salon.feedback"
    label = "feedback"

    def ready(self) -> None:
        # The notification kinds (``notifications/``) are imported by NotificationsConfig.
        from salon.feedback import search  # noqa: F401
        from salon.feedback.rules import cycles, peer  # noqa: F401
