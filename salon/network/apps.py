from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "salon.network"
    label = "network"

    def ready(self) -> None:
        from salon.network import rules, search  # noqa: F401
