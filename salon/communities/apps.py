from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "salon.communities"
    label = "communities"

    def ready(self) -> None:
        from salon.communities import rules, search  # noqa: F401
