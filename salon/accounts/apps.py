from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "salon.accounts"
    label = "accounts"

    def ready(self) -> None:
        from salon.accounts import signals  # noqa: F401
