from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "salon.innovation"
    label = "innovation"

    def ready(self) -> None:
        from salon.core.attachments import register_attachment_owner
        from salon.innovation import rules, search  # noqa: F401
        from salon.innovation.models import Idea, Submission

        # Sketches, one-pagers and data behind an idea: its authors add them, everyone
        # who sees the idea reads them.
        register_attachment_owner(Idea, view="idea.view", add="idea.edit")
        # A hackathon team's deck and screenshots: its members add them until the deadline.
        register_attachment_owner(
            Submission,
            view="hackathon.submission.view",
            add="hackathon.submission.edit",
            community=lambda submission: submission.team.hackathon.community,
        )
