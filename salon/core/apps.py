from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "salon.core"
    label = "core"

    def ready(self) -> None:
        from django_tasks.signals import task_enqueued, task_finished, task_started

        from salon.core import (
            observability,
            rules,  # noqa: F401
        )
        from salon.core.dbpool import register

        register()
        task_enqueued.connect(observability.task_enqueued)
        task_started.connect(observability.task_started)
        task_finished.connect(observability.task_finished)
