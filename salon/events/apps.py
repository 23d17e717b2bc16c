from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "salon.events"
    label = "events"

    def ready(self) -> None:
        from salon.events import rules  # noqa: F401
