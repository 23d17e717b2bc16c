from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "salon.accounts"
    label = "accounts"

    def ready(self) -> None:
        from salon.accounts import search, signals  # noqa: F401
