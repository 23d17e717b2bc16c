from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "salon.core"
    label = "core"

    def ready(self) -> None:
        from salon.core import rules  # noqa: F401
        from salon.core.dbpool import register

        register()
