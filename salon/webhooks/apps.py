from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "salon.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from salon.webhooks import rules, signals, tasks  # noqa: F401
