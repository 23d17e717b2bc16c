from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "salon.mentoring"
    label = "mentoring"

    def ready(self) -> None:
        from salon.mentoring import rules  # noqa: F401
