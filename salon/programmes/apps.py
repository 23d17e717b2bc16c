from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "salon.programmes"
    label = "programmes"
    verbose_name = "Cohort programmes"

    def ready(self) -> None:
        from salon.programmes import rules  # noqa: F401
