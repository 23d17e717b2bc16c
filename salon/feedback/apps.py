from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "salon.feedback"
    label = "feedback"

    def ready(self) -> None:
        # The notification kinds (``notifications.py``) are imported by NotificationsConfig.
        from salon.feedback import peer_notifications, peer_rules, peer_search, rules  # noqa: F401
