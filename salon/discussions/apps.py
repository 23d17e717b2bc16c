from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "salon.discussions"
    label = "discussions"

    def ready(self) -> None:
        # The notification kinds (``notifications.py``) are imported by NotificationsConfig.
        from salon.discussions import rules, search  # noqa: F401
