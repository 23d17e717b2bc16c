from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "salon.events"
    label = "events"

    def ready(self) -> None:
        from salon.core.attachments import register_attachment_owner
        from salon.events import rules, search  # noqa: F401
        from salon.events.models import Event
        from salon.events.office_hours import notifications  # noqa: F401

        # Slides, handouts and reading: hosts add them, everyone who sees the event reads.
        register_attachment_owner(Event, view="event.view", add="event.edit")
