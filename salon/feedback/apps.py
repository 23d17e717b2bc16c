from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "salon.feedback"
    label = "feedback"

    def ready(self) -> None:
        # The notification kinds (``notifications.py``) are imported by NotificationsConfig.
        from salon.feedback import rules  # noqa: F401
