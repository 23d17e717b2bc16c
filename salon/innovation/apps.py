from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "salon.innovation"
    label = "innovation"

    def ready(self) -> None:
        from salon.core.attachments import register_attachment_owner
        from salon.innovation import rules, search  # noqa: F401
        from salon.innovation.models import Idea

        # Sketches, one-pagers and data behind an idea: its authors add them, everyone
        # who sees the idea reads them.
        register_attachment_owner(Idea, view="idea.view", add="idea.edit")
