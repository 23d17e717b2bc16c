from django.apps import AppConfig


class ScimConfig(AppConfig):
    name = "salon.scim"
    label = "scim"
    verbose_name = "Provisioning (SCIM)"

    def ready(self) -> None:
        from salon.scim import rules  # noqa: F401
