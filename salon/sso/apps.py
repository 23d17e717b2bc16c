from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "salon.sso"
    label = "sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        from salon.sso import rules, signals  # noqa: F401
