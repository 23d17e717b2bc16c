from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "salon.core"
    label = "core"
