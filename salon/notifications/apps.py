from importlib import import_module

from django.apps import AppConfig, apps


class NotificationsConfig(AppConfig):
    name = "salon.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Each Salon app registers its kinds in ``<app>/notifications.py``, imported here so
        # that every kind is known at start-up; the digest registers its own kind last.
        for config in apps.get_app_configs():
            if config.name.startswith("salon.") and config.name != self.name:
                try:
                    import_module(f"{config.name}.notifications")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.notifications":
                        raise
        from salon.notifications import digest  # noqa: F401
