from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "salon.demo"
    label = "demo"
